import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, createUser, startHaven, type ApiResponse, type Haven } from '../helpers/haven';
import { CLEAN_TEXT, backdateMember, expectNoLeak, memberOf, staffUser, type Secret } from './community-helpers';

/**
 * Anonymity of the community: every endpoint, called by every kind of caller, answers without the
 * author's user id, member id, username or email; aliases are random; ids are not sequential.
 * Also the limits that protect the community from new accounts: hourly posts and links.
 * Runs with the default configuration.
 */
describe('community anonymity', () => {
  let haven: Haven;
  let api: ReturnType<typeof apiClient>;
  type User = Awaited<ReturnType<typeof createUser>>;
  let author: User;
  let other: User;
  let therapist: User;
  const responses: { label: string; res: ApiResponse }[] = [];
  const secrets: Secret[] = [];

  /** Records a response for the leak scan and returns it. */
  const seen = (label: string, res: ApiResponse) => {
    responses.push({ label, res });
    return res;
  };

  beforeAll(async () => {
    haven = await startHaven();
    api = apiClient(haven.url);
    [author, other, therapist] = await Promise.all([createUser(haven, 'client'), createUser(haven, 'client'), createUser(haven, 'therapist')]);
  });
  afterAll(async () => haven?.close());

  it('calls every endpoint as author, other client, therapist, public and moderator without leaking who the author is', async () => {
    const moderator = await staffUser(haven, 'haven-moderator');
    const superAdmin = await staffUser(haven, 'strapi-super-admin');

    // Public
    seen('public categories', await api.get('/api/community/categories'));
    seen('public crisis', await api.get('/api/community/crisis-resources?locale=en-US'));
    seen('public health', await api.get('/api/community/health'));
    const publicPosts = seen('public posts', await api.get('/api/community/posts'));
    expect([401, 403]).toContain(publicPosts.status);

    // Members appear on first use
    const meA = seen('author me', await api.get('/api/community/me', author.jwt));
    expect(meA.status).toBe(200);
    seen('other me', await api.get('/api/community/me', other.jwt));
    seen('therapist me', await api.get('/api/community/me', therapist.jwt));
    const renamed = seen('author alias change', await api.post('/api/community/me/alias', {}, author.jwt));
    expect(renamed.status).toBe(200);
    const alias = renamed.body.data.alias as string;

    // A moderator watches a word, so that one of the author's posts is held
    const word = seen('mod add watched word', await moderator.api.post('/community/watched-words', { phrase: 'zebracorn', action: 'hold' }));
    expect(word.status).toBe(201);

    // Content by the author
    const post = seen('author create post', await api.post('/api/community/posts', { category: 'anxiety-support', title: 'Panic on the train', body: CLEAN_TEXT }, author.jwt));
    expect(post.status).toBe(201);
    const postId = post.body.data.id as string;
    const held = seen('author create held post', await api.post('/api/community/posts', { category: 'general', title: 'About zebracorn', body: 'The zebracorn thing again.' }, author.jwt));
    expect(held.status).toBe(201);
    expect(held.body.meta.held).toBe(true);
    const doomed = seen('author create post to delete', await api.post('/api/community/posts', { category: 'general', title: 'Never mind', body: 'Delete me.' }, author.jwt));
    expect(doomed.status).toBe(201);
    seen('author edit post', await api.put(`/api/community/posts/${postId}`, { body: `${CLEAN_TEXT} Edited.` }, author.jwt));
    const ownReply = seen('author reply (crisis)', await api.post(`/api/community/posts/${postId}/replies?locale=en-GB`, { body: 'Some nights I want to die, honestly.' }, author.jwt));
    expect(ownReply.status).toBe(201);
    expect(ownReply.body.meta.crisis.matched).toBe('en-GB');
    seen('author edit reply', await api.put(`/api/community/replies/${ownReply.body.data.id}`, { body: 'Some nights I want to die. Tonight is better.' }, author.jwt));
    const ownTemp = seen('author reply to delete', await api.post(`/api/community/posts/${postId}/replies`, { body: 'Oops' }, author.jwt));
    seen('author delete reply', await api.del(`/api/community/replies/${ownTemp.body.data.id}`, author.jwt));
    seen('author delete post', await api.del(`/api/community/posts/${doomed.body.data.id}`, author.jwt));
    seen('author react', await api.post('/api/community/reactions', { target: 'post', id: postId, kind: 'strength' }, author.jwt));

    // Others interact with it
    const reply = seen('other reply', await api.post(`/api/community/posts/${postId}/replies`, { body: 'You are not alone in this.' }, other.jwt));
    expect(reply.status).toBe(201);
    seen('therapist reply', await api.post(`/api/community/posts/${postId}/replies`, { body: 'Breathing slowly can help.' }, therapist.jwt));
    seen('other react', await api.post('/api/community/reactions', { target: 'post', id: postId, kind: 'hug' }, other.jwt));
    seen('therapist react reply', await api.post('/api/community/reactions', { target: 'reply', id: ownReply.body.data.id, kind: 'heart' }, therapist.jwt));
    seen('other flag', await api.post('/api/community/flags', { target: 'post', id: postId, reason: 'other', note: 'Checking this is ok' }, other.jwt));
    seen('therapist flag reply', await api.post('/api/community/flags', { target: 'reply', id: ownReply.body.data.id, reason: 'self-harm' }, therapist.jwt));
    seen('other flag again', await api.post('/api/community/flags', { target: 'post', id: postId, reason: 'spam' }, other.jwt));
    seen('other edit author post', await api.put(`/api/community/posts/${postId}`, { title: 'Mine now' }, other.jwt));
    seen('other delete author post', await api.del(`/api/community/posts/${postId}`, other.jwt));
    seen('other edit author reply', await api.put(`/api/community/replies/${ownReply.body.data.id}`, { body: 'x' }, other.jwt));
    seen('other delete author reply', await api.del(`/api/community/replies/${ownReply.body.data.id}`, other.jwt));
    seen('other read held post', await api.get(`/api/community/posts/${held.body.data.id}`, other.jwt));

    // Reads by everyone
    for (const [who, jwt] of [
      ['author', author.jwt],
      ['other', other.jwt],
      ['therapist', therapist.jwt],
    ] as const) {
      for (const sort of ['new', 'active', 'top']) seen(`${who} list ${sort}`, await api.get(`/api/community/posts?sort=${sort}`, jwt));
      seen(`${who} list category`, await api.get('/api/community/posts?category=anxiety-support', jwt));
      seen(`${who} post`, await api.get(`/api/community/posts/${postId}`, jwt));
      seen(`${who} my posts`, await api.get('/api/community/my/posts', jwt));
      seen(`${who} categories`, await api.get('/api/community/categories', jwt));
      seen(`${who} crisis`, await api.get('/api/community/crisis-resources', jwt));
      seen(`${who} missing post`, await api.get('/api/community/posts/doesnotexist000000000000', jwt));
    }

    // A super admin reveals once (their answer is the one allowed to name the account, so it is not scanned)
    const revealed = await superAdmin.api.post('/community/reveal', { alias, reason: 'Safeguarding check for the anonymity suite' });
    expect(revealed.status).toBe(200);
    expect(revealed.body.data).toEqual({ username: author.username, email: author.email });

    // The moderator's whole admin API
    const queue = seen('mod queue', await moderator.api.get('/community/queue'));
    expect(queue.status).toBe(200);
    expect(queue.body.data.map((i: any) => i.alias)).toContain(alias);
    const aliasPage = seen('mod alias', await moderator.api.get(`/community/aliases/${encodeURIComponent(alias)}`));
    expect(aliasPage.status).toBe(200);
    expect(aliasPage.body.data.history.length).toBeGreaterThanOrEqual(2);
    seen('mod warn', await moderator.api.post('/community/actions', { action: 'warn', alias, reason: 'Please keep it kind' }));
    seen('mod approve held', await moderator.api.post('/community/actions', { action: 'approve', target: 'post', id: held.body.data.id, reason: 'Fine on review' }));
    seen('mod silence via item', await moderator.api.post('/community/actions', { action: 'silence', target: 'reply', id: ownReply.body.data.id, reason: 'Cooling off', durationHours: 1 }));
    seen('author silenced write', await api.post('/api/community/posts', { category: 'general', title: 'Hello again', body: CLEAN_TEXT }, author.jwt));
    seen('mod reinstate', await moderator.api.post('/community/actions', { action: 'reinstate', alias, reason: 'Done cooling off' }));
    const log = seen('mod log', await moderator.api.get('/community/log'));
    expect(log.body.data.some((e: any) => e.action === 'reveal' && e.alias === alias)).toBe(true);
    seen('mod log by alias', await moderator.api.get(`/community/log?alias=${encodeURIComponent(alias)}`));
    seen('mod watched words', await moderator.api.get('/community/watched-words'));
    seen('mod delete watched word', await moderator.api.del(`/community/watched-words/${word.body.data.id}`));
    const modReveal = seen('mod reveal', await moderator.api.post('/community/reveal', { alias, reason: 'I would like to know' }));
    expect(modReveal.status).toBe(403);

    // The scan: nothing may link the alias to the account, for any caller
    const memberIds = await Promise.all([author, other, therapist].map((u) => memberOf(haven, u.id)));
    for (const [i, u] of [author, other, therapist].entries()) secrets.push({ username: u.username, email: u.email, userId: u.id, memberId: memberIds[i].id });
    expect(responses.length).toBeGreaterThan(60);
    for (const { label, res } of responses) expectNoLeak(label, res, secrets);
  });

  it('uses random, non-sequential public ids', async () => {
    const poster = await createUser(haven, 'client');
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await api.post('/api/community/posts', { category: 'general', title: `Sequence check ${i}`, body: CLEAN_TEXT }, poster.jwt);
      expect(res.status).toBe(201);
      ids.push(res.body.data.id);
    }
    for (const id of ids) {
      expect(typeof id).toBe('string');
      expect(id).toMatch(/^[a-z0-9]{20,}$/);
      expect(/^\d+$/.test(id)).toBe(false);
    }
    expect(new Set(ids).size).toBe(3);
    // Nothing shared between consecutive ids beyond chance: no common prefix of more than a few characters.
    const prefix = (a: string, b: string) => [...a].findIndex((c, i) => c !== b[i]);
    expect(prefix(ids[0], ids[1])).toBeLessThan(6);
    expect(prefix(ids[1], ids[2])).toBeLessThan(6);
  });

  it('gives every member a random alias (adjective animal number), unrelated to the account', async () => {
    const users = await Promise.all([createUser(haven, 'client'), createUser(haven, 'client'), createUser(haven, 'therapist')]);
    const aliases: string[] = [];
    for (const user of users) {
      const me = await api.get('/api/community/me', user.jwt);
      expect(me.status).toBe(200);
      expect(me.body.data.alias).toMatch(/^[A-Z][a-z]+ [A-Z][a-z]+ \d{2,3}$/);
      expect(me.body.data.alias.toLowerCase()).not.toContain(user.username.toLowerCase());
      expect(me.body.data).toMatchObject({ status: 'active', statusUntil: null, canPostLinks: false, limits: { postsPerHour: 3, repliesPerHour: 10 }, aliasChangeableAt: null });
      // Stable: asking again gives the same alias
      expect((await api.get('/api/community/me', user.jwt)).body.data.alias).toBe(me.body.data.alias);
      aliases.push(me.body.data.alias);
    }
    expect(new Set(aliases).size).toBe(aliases.length);
  });

  it('lets a member change their alias once every 30 days; what they wrote before keeps the alias it was written under', async () => {
    const user = await createUser(haven, 'client');
    const reader = await createUser(haven, 'client');
    const first = (await api.get('/api/community/me', user.jwt)).body.data.alias;
    const post = await api.post('/api/community/posts', { category: 'general', title: 'Alias check', body: CLEAN_TEXT }, user.jwt);
    expect(post.body.data.author).toEqual({ alias: first, isYou: true });
    const reply = await api.post(`/api/community/posts/${post.body.data.id}/replies`, { body: 'Replying under my first alias.' }, user.jwt);
    expect(reply.body.data.author).toEqual({ alias: first, isYou: true });

    const changed = await api.post('/api/community/me/alias', {}, user.jwt);
    expect(changed.status).toBe(200);
    const second = changed.body.data.alias as string;
    expect(second).not.toBe(first);
    const next = Date.parse(changed.body.data.aliasChangeableAt);
    expect(next - Date.now()).toBeGreaterThan(29 * 24 * 3600_000);

    const again = await api.post('/api/community/me/alias', {}, user.jwt);
    expect(again.status).toBe(429);
    expect(again.body.error.message).toMatch(/once every 30 days/);
    expect(again.body.error.message).toMatch(/again on/);
    expect(Number(again.headers.get('retry-after'))).toBeGreaterThan(29 * 24 * 3600);
    expect((await api.get('/api/community/me', user.jwt)).body.data.alias).toBe(second);

    // Old items keep the old alias, for readers (page, listing) and for their author; edits do not relabel them.
    const read = await api.get(`/api/community/posts/${post.body.data.id}`, reader.jwt);
    expect(read.body.data.author).toEqual({ alias: first, isYou: false });
    expect(read.body.data.replies[0].author).toEqual({ alias: first, isYou: false });
    expect((await api.get(`/api/community/posts/${post.body.data.id}`, user.jwt)).body.data.author).toEqual({ alias: first, isYou: true });
    const listed = (await api.get('/api/community/posts?category=general&pageSize=50', reader.jwt)).body.data.find((p: any) => p.id === post.body.data.id);
    expect(listed.author.alias).toBe(first);
    const edited = await api.put(`/api/community/posts/${post.body.data.id}`, { body: `${CLEAN_TEXT} (edited)` }, user.jwt);
    expect(edited.body.data.author.alias).toBe(first);
    // Nothing a reader can see links the two aliases.
    const everything = JSON.stringify((await api.get('/api/community/posts?pageSize=50', reader.jwt)).body) + JSON.stringify(read.body);
    expect(everything.includes(first) && everything.includes(second)).toBe(false);

    // New items carry the new alias.
    const later = await api.post('/api/community/posts', { category: 'general', title: 'Under the new alias', body: CLEAN_TEXT }, user.jwt);
    expect((await api.get(`/api/community/posts/${later.body.data.id}`, reader.jwt)).body.data.author).toEqual({ alias: second, isYou: false });

    // Moderators find the member's whole history by either alias, and each lookup is logged.
    const moderator = await staffUser(haven, 'haven-moderator');
    const logged = async () => (await moderator.api.get('/community/log?action=history-view&pageSize=200')).body.data.filter((e: any) => e.alias === second);
    expect(await logged()).toHaveLength(0);
    for (const alias of [first, second]) {
      const page = await moderator.api.get(`/community/aliases/${encodeURIComponent(alias)}`);
      expect(page.status).toBe(200);
      expect(page.body.data.alias).toBe(second);
      expect(page.body.data.aliases).toEqual([first, second]);
      const byId = new Map(page.body.data.history.map((h: any) => [h.id, h.alias]));
      expect(byId.get(post.body.data.id)).toBe(first);
      expect(byId.get(reply.body.data.id)).toBe(first);
      expect(byId.get(later.body.data.id)).toBe(second);
    }
    const entries = await logged();
    expect(entries).toHaveLength(2);
    expect(entries.map((e: any) => e.reason).sort()).toEqual([`Looked up by the alias "${first}"`, `Looked up by the alias "${second}"`].sort());
    expect(entries.every((e: any) => e.moderator === moderator.name)).toBe(true);
  });

  it('limits new members to 3 posts an hour (429 saying when), established members to 10', async () => {
    const user = await createUser(haven, 'client');
    for (let i = 0; i < 3; i++) {
      const ok = await api.post('/api/community/posts', { category: 'general', title: `Post number ${i}`, body: CLEAN_TEXT }, user.jwt);
      expect(ok.status).toBe(201);
    }
    const fourth = await api.post('/api/community/posts', { category: 'general', title: 'One too many', body: CLEAN_TEXT }, user.jwt);
    expect(fourth.status).toBe(429);
    expect(fourth.body.error.message).toMatch(/New members can share up to 3 posts an hour/);
    expect(fourth.body.error.message).toMatch(/post again at .*GMT/);
    const retryAt = Date.parse(fourth.body.error.details.retryAt);
    expect(retryAt).toBeGreaterThan(Date.now() + 55 * 60_000);
    expect(retryAt).toBeLessThanOrEqual(Date.now() + 60 * 60_000);
    const retryAfter = Number(fourth.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(55 * 60);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    const mine = await api.get('/api/community/my/posts', user.jwt);
    expect(mine.body.meta.pagination.total).toBe(3);

    // Replies have their own allowance
    const post = mine.body.data[0].id;
    expect((await api.post(`/api/community/posts/${post}/replies`, { body: 'A reply still works' }, user.jwt)).status).toBe(201);

    // Eight days later the same member is established: up to 10 an hour
    await backdateMember(haven, user.id, 8);
    expect((await api.get('/api/community/me', user.jwt)).body.data.limits).toEqual({ postsPerHour: 10, repliesPerHour: 60 });
    const later = await api.post('/api/community/posts', { category: 'general', title: 'Now I can', body: CLEAN_TEXT }, user.jwt);
    expect(later.status).toBe(201);
  });

  it('limits new members to 10 replies an hour', async () => {
    const poster = await createUser(haven, 'client');
    const replier = await createUser(haven, 'client');
    const post = await api.post('/api/community/posts', { category: 'general', title: 'Reply limit', body: CLEAN_TEXT }, poster.jwt);
    for (let i = 0; i < 10; i++) expect((await api.post(`/api/community/posts/${post.body.data.id}/replies`, { body: `Reply ${i}` }, replier.jwt)).status).toBe(201);
    const eleventh = await api.post(`/api/community/posts/${post.body.data.id}/replies`, { body: 'Reply 11' }, replier.jwt);
    expect(eleventh.status).toBe(429);
    expect(eleventh.body.error.message).toMatch(/10 replies an hour/);
  });

  it('refuses links from new members with a clear 400, and accepts them once they have some history', async () => {
    const user = await createUser(haven, 'client');
    const linky = [
      'Look at https://example.com/help please',
      'Try [this site](https://example.com)',
      'See <https://example.com>',
      'Go to www.example.com for more',
      'Write to <mailto:help@example.com>',
    ];
    for (const body of linky) {
      const res = await api.post('/api/community/posts', { category: 'general', title: 'Useful link', body }, user.jwt);
      expect(res.status, body).toBe(400);
      expect(res.body.error.message).toMatch(/Links are not available yet/);
      expect(res.body.error.message).toMatch(/3 days/);
    }
    const titled = await api.post('/api/community/posts', { category: 'general', title: 'see https://example.com', body: CLEAN_TEXT }, user.jwt);
    expect(titled.status).toBe(400);
    expect((await api.get('/api/community/my/posts', user.jwt)).body.meta.pagination.total).toBe(0);

    // History: a member for 4 days with 3 visible contributions
    await backdateMember(haven, user.id, 4);
    expect((await api.get('/api/community/me', user.jwt)).body.data.canPostLinks).toBe(false);
    const first = await api.post('/api/community/posts', { category: 'general', title: 'First words', body: CLEAN_TEXT }, user.jwt);
    await api.post(`/api/community/posts/${first.body.data.id}/replies`, { body: 'A follow-up' }, user.jwt);
    const replyLink = await api.post(`/api/community/posts/${first.body.data.id}/replies`, { body: 'and https://example.com' }, user.jwt);
    expect(replyLink.status).toBe(400);
    await api.post(`/api/community/posts/${first.body.data.id}/replies`, { body: 'Another follow-up' }, user.jwt);
    expect((await api.get('/api/community/me', user.jwt)).body.data.canPostLinks).toBe(true);
    const ok = await api.post('/api/community/posts', { category: 'general', title: 'Useful link', body: 'Try [this site](https://example.com)' }, user.jwt);
    expect(ok.status).toBe(201);
    expect(ok.body.data.bodyHtml).toContain('<a href="https://example.com" rel="nofollow ugc noopener">this site</a>');
  });
});
