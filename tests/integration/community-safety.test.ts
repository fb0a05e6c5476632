import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommunityNoticeView, CommunityNoticesMeta, CrisisResources, FullPostView, QueueHighlight, WriteOutcome } from '@haven/shared/community';
import { CARE_NOTICE_NO_REACTIONS } from '@haven/shared/community';
import { apiClient, createUser, startHaven, type ApiResponse, type Haven } from '../helpers/haven';
import { CLEAN_TEXT, expectNoLeak, memberOf, staffUser, type Secret, type Staff } from './community-helpers';

/** A queued item as the moderation page reads it (the fields this suite checks). */
interface QueueEntry {
  target: 'post' | 'reply';
  id: string;
  alias: string;
  crisis: boolean;
  flagCount: number;
  createdAt: string;
  text: string;
  highlights: QueueHighlight[];
}

type User = Awaited<ReturnType<typeof createUser>>;

const NOTICE_UID = 'plugin::community.notice';
const POST_UID = 'plugin::community.post';
const HOUR = 60 * 60 * 1000;

/**
 * Issue 19, the community's part of the one safety path, on one booted CMS: crisis language however it
 * is spelled answers `meta.crisis` (the locale's lines) on posts and replies; readers see the item behind
 * a care notice and cannot react to it (409); it goes first in the moderation queue with the whole match
 * marked on the text as shown; a moderator sends the member behind the alias a private message that the
 * member reads with the crisis lines, and nothing the moderator sees names the account.
 */
describe('community safety path', () => {
  let haven: Haven;
  let api: ReturnType<typeof apiClient>;
  let writer: User;
  let reader: User;
  let moderator: Staff;
  let editor: Staff;
  let host: FullPostView;

  /** Crisis language as people write it: plain, disguised, and the words used to get past filters. */
  const CASES: [label: string, body: string, shown: string][] = [
    ['plain', 'I want to kill myself', 'kill myself'],
    ['Markdown inside a word', 'I want to d**ie** tonight', 'want to die'],
    ['a Cyrillic letter', 'I want to kіll myself', 'kіll myself'],
    ['a zero-width space', 'I want to ki\u200Bll myself', 'kill myself'],
    ['digits and symbols for letters', 'honestly I want to k!ll mys3lf', 'k!ll mys3lf'],
    ['algospeak', 'I want to unalive myself', 'unalive myself'],
  ];
  const written = new Map<string, { post: FullPostView; replyId: string }>();

  beforeAll(async () => {
    haven = await startHaven({ env: { COMMUNITY_NEW_MEMBER_POSTS_PER_HOUR: '200', COMMUNITY_NEW_MEMBER_REPLIES_PER_HOUR: '200' } });
    api = apiClient(haven.url);
    [writer, reader, moderator, editor] = await Promise.all([createUser(haven, 'client'), createUser(haven, 'client'), staffUser(haven, 'haven-moderator'), staffUser(haven, 'strapi-editor')]);
    const created = await api.post<{ data: FullPostView }>('/api/community/posts', { category: 'general', title: 'Evenings', body: CLEAN_TEXT }, reader.jwt);
    expect(created.status).toBe(201);
    host = created.body.data;
  });
  afterAll(async () => haven?.close());

  const newPost = (user: User, body: string, title = 'A hard night', query = '?locale=en-GB') =>
    api.post<{ data: FullPostView; meta: WriteOutcome }>(`/api/community/posts${query}`, { category: 'general', title, body }, user.jwt);
  const queue = async () => (await moderator.api.get<{ data: QueueEntry[] }>('/community/queue')).body.data;

  it.each(CASES)('answers a post and a reply with crisis language (%s) with the crisis lines as meta.crisis', async (label, body) => {
    const post = await newPost(writer, body);
    expect(post.status, JSON.stringify(post.body)).toBe(201);
    const lines: CrisisResources | undefined = post.body.meta.crisis;
    expect(lines, label).toMatchObject({ matched: 'en-GB', emergency: '999' });
    expect(lines?.lines[0]).toMatchObject({ name: 'Samaritans', phone: '116 123' });
    expect(post.body.meta.held).toBe(false);

    const reply = await api.post<{ data: { id: string }; meta: WriteOutcome }>(`/api/community/posts/${host.id}/replies`, { body }, writer.jwt);
    expect(reply.status).toBe(201);
    // Accept-Language decides when there is no ?locale=.
    expect(reply.body.meta.crisis?.lines.length, label).toBeGreaterThan(0);
    written.set(label, { post: post.body.data, replyId: reply.body.data.id });
  });

  it('answers no meta.crisis for calm text, and the same crisis lines on an edit that adds crisis language', async () => {
    const calm = await newPost(writer, 'Killing time at the dentist; the drill is cutting-edge.', 'Dentist');
    expect(calm.body.meta).toEqual({ held: false });
    const edited = await api.put<{ meta: WriteOutcome }>(`/api/community/posts/${calm.body.data.id}?locale=en-US`, { body: 'Actually I want to end my life.' }, writer.jwt);
    expect(edited.status).toBe(200);
    expect(edited.body.meta.crisis).toMatchObject({ matched: 'en-US', emergency: '911' });
  });

  it('shows other members a crisis item behind a care notice and refuses reactions to it (409, nothing written)', async () => {
    const { post, replyId } = written.get('plain')!;
    const page = await api.get<{ data: FullPostView }>(`/api/community/posts/${post.id}`, reader.jwt);
    expect(page.body.data).toMatchObject({ status: 'visible', careNotice: true });
    const listed = (await api.get<{ data: FullPostView[] }>('/api/community/posts?pageSize=50', reader.jwt)).body.data.find((p) => p.id === post.id);
    expect(listed?.careNotice).toBe(true);
    const thread = await api.get<{ data: FullPostView }>(`/api/community/posts/${host.id}`, reader.jwt);
    expect(thread.body.data.careNotice).toBe(false);
    expect(thread.body.data.replies.find((r) => r.id === replyId)?.careNotice).toBe(true);

    const reactions = () => haven.strapi.db.query('plugin::community.reaction').count();
    const before = await reactions();
    for (const [target, id] of [
      ['post', post.id],
      ['reply', replyId],
    ] as const) {
      const res = await api.post('/api/community/reactions', { target, id, kind: 'heart' }, reader.jwt);
      expect(res.status).toBe(409);
      expect(res.body.error.message).toBe(CARE_NOTICE_NO_REACTIONS);
    }
    expect(await reactions()).toBe(before);
    // Still published (COMMUNITY_HOLD_CRISIS is off), and a calm item takes reactions as before.
    expect((await api.get(`/api/community/posts/${post.id}`, reader.jwt)).body.data.status).toBe('visible');
    expect((await api.post('/api/community/reactions', { target: 'post', id: host.id, kind: 'hug' }, writer.jwt)).status).toBe(200);
  });

  it('puts crisis items first in the queue (before more flags and older items) and marks the whole match on the text as shown', async () => {
    // An older item with two flags is waiting too.
    const flagged = (await newPost(reader, CLEAN_TEXT, 'Flagged and old', '')).body.data;
    for (const user of [writer, await createUser(haven, 'client')]) expect((await api.post('/api/community/flags', { target: 'post', id: flagged.id, reason: 'spam' }, user.jwt)).status).toBe(201);
    await haven.strapi.db.query(POST_UID).update({ where: { documentId: flagged.id }, data: { createdAt: new Date(Date.now() - 48 * HOUR) } });
    // A watched word is marked the same way (one matcher).
    expect((await moderator.api.post('/community/watched-words', { phrase: 'zebracorn', action: 'flag' })).status).toBe(201);
    const watched = (await newPost(reader, 'The zebr**a**corn thing again', 'Zoo', '')).body.data;

    const items = await queue();
    const firstCalm = items.findIndex((i) => !i.crisis);
    expect(firstCalm).toBeGreaterThan(0);
    expect(items.slice(firstCalm).some((i) => i.crisis)).toBe(false);
    expect(items.findIndex((i) => i.id === flagged.id)).toBeGreaterThanOrEqual(firstCalm);
    expect(items.find((i) => i.id === flagged.id)?.flagCount).toBe(2);

    // Every spelling the matcher caught (a spelling it missed has already failed its own test above).
    expect(written.size).toBeGreaterThanOrEqual(4);
    for (const [label, , shown] of CASES.filter(([label]) => written.has(label))) {
      const { post, replyId } = written.get(label)!;
      for (const [id, prefix] of [
        [post.id, 'A hard night\n'],
        [replyId, ''],
      ]) {
        const item = items.find((i) => i.id === id);
        expect(item, `${label} ${id}`).toBeDefined();
        expect(item!.crisis).toBe(true);
        expect(item!.text.startsWith(prefix), item!.text).toBe(true);
        // The mark covers the whole of what matched (a longer phrase of the list may cover more).
        const marked = item!.highlights.map((h) => item!.text.slice(h.start, h.end));
        expect(marked.some((part) => part.includes(shown)), `${label}: ${JSON.stringify(marked)}`).toBe(true);
        expect(item!.highlights.every((h) => h.reason === 'crisis')).toBe(true);
      }
    }
    const zoo = items.find((i) => i.id === watched.id)!;
    expect(zoo.text).toBe('Zoo\nThe zebracorn thing again');
    expect(zoo.highlights).toEqual([{ start: 8, end: 17, reason: 'watched-word', phrase: 'zebracorn' }]);
  });

  it('lets a moderator send the member behind the alias a private message, which only that member reads, with crisis lines', async () => {
    const { post } = written.get('Markdown inside a word')!;
    const alias = post.author.alias;
    const path = `/community/queue/post/${post.id}/notice`;
    const notices = () => haven.strapi.db.query(NOTICE_UID).count();
    const before = await notices();

    // Bad input and the wrong people: a clear 4xx, nothing written.
    for (const [who, body, status, message] of [
      [moderator, { text: 'Too short' }, 400, /text must be at least 10 characters/],
      [moderator, { text: 'x'.repeat(2001) }, 400, /at most 2000 characters/],
      [moderator, { text: 'A kind word for you', alias: 'Someone' }, 400, /alias/],
      [moderator, {}, 400, /text/],
      [editor, { text: 'We wanted to check in with you.' }, 403, /./],
    ] as const) {
      const res = await who.api.post(path, body);
      expect(res.status, JSON.stringify(res.body)).toBe(status);
      expect(res.body.error.message).toMatch(message);
    }
    expect((await moderator.api.post('/community/queue/post/abcdefghijklmnopqrstuvwx/notice', { text: 'We wanted to check in.' })).status).toBe(404);
    expect((await moderator.api.post(`/community/queue/comment/${post.id}/notice`, { text: 'We wanted to check in.' })).status).toBe(400);
    expect((await api.post(path, { text: 'We wanted to check in.' }, writer.jwt)).status).toBe(401);
    expect(await notices()).toBe(before);

    const text = 'We noticed your post and wanted to check in.\nYou are not alone: the lines below are there day and night.';
    const sent = await moderator.api.post(path, { text });
    expect(sent.status).toBe(201);
    expect(sent.body).toEqual({ data: { sent: true, alias } });
    expect(await notices()).toBe(before + 1);

    // The member reads it on the site, with the lines of the locale they read in.
    const mine = await api.get<{ data: CommunityNoticeView[]; meta: CommunityNoticesMeta }>('/api/community/notices?locale=en-AU', writer.jwt);
    expect(mine.status).toBe(200);
    expect(mine.body.meta).toEqual({ unread: 1 });
    expect(mine.body.data).toHaveLength(1);
    const notice = mine.body.data[0];
    expect(notice).toMatchObject({ text, alias, about: { postId: post.id, title: 'A hard night' }, readAt: null, resources: { matched: 'en-AU', emergency: '000' } });
    expect(notice.resources.lines.length).toBeGreaterThan(0);
    expect(Date.parse(notice.createdAt)).toBeGreaterThan(Date.now() - HOUR);

    // Nobody else sees or marks it; the anonymous are asked to log in.
    const others = await api.get<{ data: CommunityNoticeView[]; meta: CommunityNoticesMeta }>('/api/community/notices', reader.jwt);
    expect(others.body).toMatchObject({ data: [], meta: { unread: 0 } });
    expect((await api.post(`/api/community/notices/${notice.id}/read`, {}, reader.jwt)).status).toBe(404);
    expect((await api.post('/api/community/notices/abcdefghijklmnopqrstuvwx/read', {}, writer.jwt)).status).toBe(404);
    expect([401, 403]).toContain((await api.get('/api/community/notices')).status);

    const read = await api.post(`/api/community/notices/${notice.id}/read`, {}, writer.jwt);
    expect(read.status).toBe(204);
    const after = await api.get<{ data: CommunityNoticeView[]; meta: CommunityNoticesMeta }>('/api/community/notices', writer.jwt);
    expect(after.body.meta.unread).toBe(0);
    expect(after.body.data[0].readAt).not.toBeNull();
    // Reading again changes nothing.
    expect((await api.post(`/api/community/notices/${notice.id}/read`, {}, writer.jwt)).status).toBe(204);
    expect((await api.get<{ data: CommunityNoticeView[] }>('/api/community/notices', writer.jwt)).body.data[0].readAt).toBe(after.body.data[0].readAt);

    // Logged like every action (moderation log and audit), with the alias, never the account or the message.
    const log = (await moderator.api.get<{ data: { action: string; alias: string | null; reason: string | null; targetId: string | null }[] }>('/community/log?action=notice')).body.data;
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ action: 'notice', alias, targetId: post.id });
    expect(log[0].reason).not.toContain('check in');
    const audit = await haven.strapi.db.query('plugin::audit.entry').findMany({ where: { action: 'community.post.notice' } });
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain('check in');

    // Nothing the moderator saw names the account: their answer, the queue and the log.
    const member = await memberOf(haven, writer.id);
    const secrets: Secret[] = [{ username: writer.username, email: writer.email, userId: writer.id, memberId: member.id }];
    const seen: [string, ApiResponse][] = [
      ['notice answer', sent],
      ['queue', await moderator.api.get('/community/queue')],
      ['log', await moderator.api.get('/community/log')],
      ['member notices', mine],
    ];
    for (const [label, res] of seen) expectNoLeak(label, res, secrets);
    expect(JSON.stringify(audit).toLowerCase()).not.toContain(writer.email.toLowerCase());
    expect(JSON.stringify(audit).toLowerCase()).not.toContain(writer.username.toLowerCase());
  });
});
