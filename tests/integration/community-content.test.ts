import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, createUser, startHaven, type Haven } from '../helpers/haven';
import { CLEAN_TEXT } from './community-helpers';
import { expectSafeHtml, XSS } from './community-content-helpers';

/**
 * Community content: Markdown rendered to sanitised HTML, posts/replies/reactions, edit and delete of
 * one's own only, validation, categories and crisis lines. Limits are raised here (the anonymity
 * suite tests the real ones) so that one member can post many payloads.
 */
describe('community content', () => {
  let haven: Haven;
  let api: ReturnType<typeof apiClient>;
  type User = Awaited<ReturnType<typeof createUser>>;
  let alice: User;
  let bob: User;

  const countRows = (uid: string) => haven.strapi.db.query(uid).count();

  beforeAll(async () => {
    haven = await startHaven({
      env: {
        COMMUNITY_NEW_MEMBER_POSTS_PER_HOUR: '500',
        COMMUNITY_NEW_MEMBER_REPLIES_PER_HOUR: '500',
        COMMUNITY_LINKS_MIN_CONTRIBUTIONS: '0',
        COMMUNITY_LINKS_MIN_DAYS: '0',
      },
    });
    api = apiClient(haven.url);
    [alice, bob] = await Promise.all([createUser(haven, 'client'), createUser(haven, 'client')]);
  });
  afterAll(async () => haven?.close());

  const newPost = async (user: User, over: Record<string, unknown> = {}) => {
    const res = await api.post('/api/community/posts', { category: 'general', title: 'A title here', body: CLEAN_TEXT, ...over }, user.jwt);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.data;
  };

  it('renders Markdown to sanitised HTML and keeps the source', async () => {
    const post = await newPost(alice, {
      body: '**Bold** and *soft*\n\n- one\n- two\n\n> quoted\n\n`code` and [a link](https://example.com/page)\n\n# not a heading',
    });
    expect(post.bodyHtml).toContain('<strong>Bold</strong>');
    expect(post.bodyHtml).toContain('<em>soft</em>');
    expect(post.bodyHtml).toContain('<ul>');
    expect(post.bodyHtml).toContain('<blockquote>');
    expect(post.bodyHtml).toContain('<code>code</code>');
    expect(post.bodyHtml).toContain('<a href="https://example.com/page" rel="nofollow ugc noopener">a link</a>');
    expect(post.bodyHtml).not.toContain('<h1');
    const row = await haven.strapi.db.query('plugin::community.post').findOne({ where: { documentId: post.id } });
    expect(row.body).toContain('**Bold**');
    expect(row.bodyHtml).toBe(post.bodyHtml);
    expect(post.excerpt).toMatch(/^Bold and soft one two quoted code and a link/);
  });

  it('gives the Markdown source of a post or reply to its author only, for editing', async () => {
    const source = 'Escaped \\*stars\\* and **bold**';
    const post = await newPost(alice, { body: source });
    const reply = await api.post(`/api/community/posts/${post.id}/replies`, { body: `${source} in a reply` }, bob.jwt);
    expect(reply.status).toBe(201);
    const asAlice = (await api.get(`/api/community/posts/${post.id}`, alice.jwt)).body.data;
    const asBob = (await api.get(`/api/community/posts/${post.id}`, bob.jwt)).body.data;
    expect(asAlice.body).toBe(source);
    expect(asAlice.replies[0].body).toBeUndefined();
    expect(asBob.body).toBeUndefined();
    expect(asBob.replies[0].body).toBe(`${source} in a reply`);
  });

  it('neutralises XSS payloads in bodies and replies', async () => {
    const post = await newPost(alice, { body: XSS.join('\n\n') });
    expectSafeHtml(post.bodyHtml, 'combined body');
    const host = await newPost(alice);
    for (const payload of XSS) {
      const single = await api.post('/api/community/posts', { category: 'general', title: 'Payload test', body: payload }, alice.jwt);
      expect(single.status, payload).toBe(201);
      expectSafeHtml(single.body.data.bodyHtml, `post ${payload}`);
      const reply = await api.post(`/api/community/posts/${host.id}/replies`, { body: payload }, bob.jwt);
      expect(reply.status, payload).toBe(201);
      expectSafeHtml(reply.body.data.bodyHtml, `reply ${payload}`);
    }
    // As read back by someone else, too
    const read = await api.get(`/api/community/posts/${host.id}`, bob.jwt);
    expect(read.body.data.replies).toHaveLength(XSS.length);
    for (const reply of read.body.data.replies) expectSafeHtml(reply.bodyHtml, 'read back');
    // Text survives as text: the script tag is shown, escaped, not dropped silently from a code span
    const code = await api.post('/api/community/posts', { category: 'general', title: 'Code', body: '`<script>alert(1)</script>`' }, alice.jwt);
    expect(code.body.data.bodyHtml).toBe('<p><code>&lt;script&gt;alert(1)&lt;/script&gt;</code></p>');
  });

  it('keeps titles as plain text: never rendered, returned exactly as typed', async () => {
    for (const title of ['<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '[x](javascript:alert(1))', 'I <3 my dog & cat']) {
      const post = await newPost(alice, { title, body: 'Body' });
      expect(post.title).toBe(title);
      expect(post.bodyHtml).toBe('<p>Body</p>');
      expect(Object.keys(post)).not.toContain('titleHtml');
      const listed = await api.get('/api/community/posts?pageSize=50', bob.jwt);
      expect(listed.body.data.find((p: any) => p.id === post.id).title).toBe(title);
    }
  });

  it('lets authors edit and delete their own posts and replies; anyone else gets the same 404 as a missing id', async () => {
    const post = await newPost(alice, { title: 'Original title' });
    const edited = await api.put(`/api/community/posts/${post.id}`, { title: 'Better title', body: 'Now with **more**' }, alice.jwt);
    expect(edited.status).toBe(200);
    expect(edited.body.data).toMatchObject({ title: 'Better title', bodyHtml: '<p>Now with <strong>more</strong></p>' });
    expect(edited.body.data.editedAt).toBeTruthy();

    const notYours = await api.put(`/api/community/posts/${post.id}`, { title: 'Hijacked' }, bob.jwt);
    const missing = await api.put('/api/community/posts/abcdefghijklmnopqrstuvwx', { title: 'Hijacked' }, bob.jwt);
    expect(notYours.status).toBe(404);
    expect(notYours.body).toEqual(missing.body);
    expect(notYours.body.error.message).toBe('No such post');
    const delNotYours = await api.del(`/api/community/posts/${post.id}`, bob.jwt);
    expect(delNotYours.status).toBe(404);
    expect(delNotYours.body).toEqual((await api.del('/api/community/posts/abcdefghijklmnopqrstuvwx', bob.jwt)).body);
    expect((await api.get(`/api/community/posts/${post.id}`, bob.jwt)).body.data.title).toBe('Better title');

    const reply = (await api.post(`/api/community/posts/${post.id}/replies`, { body: 'Hang in there' }, bob.jwt)).body.data;
    expect((await api.put(`/api/community/replies/${reply.id}`, { body: 'Changed by Alice' }, alice.jwt)).status).toBe(404);
    expect((await api.del(`/api/community/replies/${reply.id}`, alice.jwt)).body.error.message).toBe('No such reply');
    const replyEdit = await api.put(`/api/community/replies/${reply.id}`, { body: 'Hang in there, *really*' }, bob.jwt);
    expect(replyEdit.status).toBe(200);
    expect(replyEdit.body.data.bodyHtml).toBe('<p>Hang in there, <em>really</em></p>');
    expect((await api.get(`/api/community/posts/${post.id}`, alice.jwt)).body.data.replyCount).toBe(1);
    expect((await api.del(`/api/community/replies/${reply.id}`, bob.jwt)).status).toBe(200);
    const afterReplyDelete = await api.get(`/api/community/posts/${post.id}`, alice.jwt);
    expect(afterReplyDelete.body.data.replies).toHaveLength(0);
    expect(afterReplyDelete.body.data.replyCount).toBe(0);

    const deleted = await api.del(`/api/community/posts/${post.id}`, alice.jwt);
    expect(deleted.status).toBe(200);
    expect((await api.get(`/api/community/posts/${post.id}`, alice.jwt)).status).toBe(404);
    expect((await api.get(`/api/community/posts/${post.id}`, bob.jwt)).status).toBe(404);
    expect((await api.get('/api/community/my/posts?pageSize=50', alice.jwt)).body.data.map((p: any) => p.id)).not.toContain(post.id);
    const row = await haven.strapi.db.query('plugin::community.post').findOne({ where: { documentId: post.id } });
    expect(row.body).toBe('');
    expect(row.bodyHtml).toBe('');
  });

  it('toggles reactions, one of each kind per member, and reports them per caller', async () => {
    const post = await newPost(alice, { title: 'React to me' });
    const react = (user: User, kind: string) => api.post('/api/community/reactions', { target: 'post', id: post.id, kind }, user.jwt);
    expect((await react(bob, 'hug')).body.data).toEqual({ reactions: { heart: 0, hug: 1, strength: 0, relate: 0 }, myReactions: ['hug'] });
    expect((await react(bob, 'heart')).body.data).toEqual({ reactions: { heart: 1, hug: 1, strength: 0, relate: 0 }, myReactions: ['heart', 'hug'] });
    expect((await react(alice, 'hug')).body.data).toEqual({ reactions: { heart: 1, hug: 2, strength: 0, relate: 0 }, myReactions: ['hug'] });
    expect((await react(bob, 'hug')).body.data).toEqual({ reactions: { heart: 1, hug: 1, strength: 0, relate: 0 }, myReactions: ['heart'] });
    const parallel = await Promise.all([react(alice, 'relate'), react(alice, 'strength')]);
    expect(parallel.every((r) => r.status === 200)).toBe(true);

    const asBob = await api.get(`/api/community/posts/${post.id}`, bob.jwt);
    expect(asBob.body.data.reactions).toEqual({ heart: 1, hug: 1, strength: 1, relate: 1 });
    expect(asBob.body.data.myReactions).toEqual(['heart']);
    const asAlice = await api.get(`/api/community/posts/${post.id}`, alice.jwt);
    expect(asAlice.body.data.myReactions).toEqual(['hug', 'strength', 'relate']);

    const reply = (await api.post(`/api/community/posts/${post.id}/replies`, { body: 'Sending strength' }, bob.jwt)).body.data;
    const onReply = await api.post('/api/community/reactions', { target: 'reply', id: reply.id, kind: 'relate' }, alice.jwt);
    expect(onReply.body.data).toEqual({ reactions: { heart: 0, hug: 0, strength: 0, relate: 1 }, myReactions: ['relate'] });
    expect((await api.post('/api/community/reactions', { target: 'reply', id: post.id, kind: 'relate' }, alice.jwt)).status).toBe(404);
    expect((await api.post('/api/community/reactions', { target: 'post', id: 'nope0000000000000000', kind: 'hug' }, alice.jwt)).status).toBe(404);
  });

  it('lists visible posts with pagination, sorting and categories; held posts only to their author', async () => {
    const lister = await createUser(haven, 'therapist');
    const a = await newPost(lister, { category: 'grief-and-loss', title: 'Grief one' });
    const b = await newPost(lister, { category: 'grief-and-loss', title: 'Grief two' });
    const c = await newPost(lister, { category: 'grief-and-loss', title: 'Grief three' });
    await api.post('/api/community/reactions', { target: 'post', id: b.id, kind: 'heart' }, alice.jwt);
    await api.post('/api/community/reactions', { target: 'post', id: b.id, kind: 'hug' }, bob.jwt);
    await api.post('/api/community/reactions', { target: 'post', id: c.id, kind: 'hug' }, bob.jwt);
    await api.post(`/api/community/posts/${a.id}/replies`, { body: 'Thinking of you' }, bob.jwt);

    const byNew = await api.get('/api/community/posts?category=grief-and-loss&sort=new', bob.jwt);
    expect(byNew.body.data.map((p: any) => p.id)).toEqual([c.id, b.id, a.id]);
    expect(byNew.body.meta.pagination).toEqual({ page: 1, pageSize: 20, total: 3, pageCount: 1 });
    expect(byNew.body.data[0]).toMatchObject({
      title: 'Grief three',
      category: { slug: 'grief-and-loss', name: 'Grief and loss' },
      author: { isYou: false },
      replyCount: 0,
      status: 'visible',
      myReactions: ['hug'],
    });
    expect(Object.keys(byNew.body.data[0].author).sort()).toEqual(['alias', 'isYou']);
    expect((await api.get('/api/community/posts?category=grief-and-loss&sort=top', bob.jwt)).body.data.map((p: any) => p.id)).toEqual([b.id, c.id, a.id]);
    expect((await api.get('/api/community/posts?category=grief-and-loss&sort=active', bob.jwt)).body.data[0].id).toBe(a.id);
    const page2 = await api.get('/api/community/posts?category=grief-and-loss&pageSize=2&page=2', bob.jwt);
    expect(page2.body.data.map((p: any) => p.id)).toEqual([a.id]);
    expect(page2.body.meta.pagination).toEqual({ page: 2, pageSize: 2, total: 3, pageCount: 2 });

    // Categories are public and count visible posts only
    const categories = await api.get('/api/community/categories');
    expect(categories.status).toBe(200);
    expect(categories.body.data.map((c: any) => c.slug)).toEqual(['anxiety-support', 'depression', 'addiction-recovery', 'grief-and-loss', 'relationships', 'wins-and-gratitude', 'general']);
    expect(categories.body.data.find((c: any) => c.slug === 'grief-and-loss').postCount).toBe(3);

    // Seeded at every start, idempotently: a second run adds nothing and puts back what was changed
    const { seedCategories } = require('../../plugins/community/dist/server/seed.js');
    const categoryQuery = haven.strapi.db.query('plugin::community.category');
    await categoryQuery.update({ where: { slug: 'general' }, data: { name: 'Renamed' } });
    await seedCategories(haven.strapi);
    await seedCategories(haven.strapi);
    expect(await categoryQuery.count()).toBe(7);
    expect((await categoryQuery.findOne({ where: { slug: 'general' } })).name).toBe('General');

    // Posts written before items kept their alias get their author's alias at the next start.
    const { backfillAuthorAliases } = require('../../plugins/community/dist/server/db/backfill.js');
    const postQuery = haven.strapi.db.query('plugin::community.post');
    await postQuery.update({ where: { documentId: c.id }, data: { authorAlias: null } });
    await backfillAuthorAliases(haven.strapi);
    const member = await haven.strapi.db.query('plugin::community.member').findOne({ where: { id: (await postQuery.findOne({ where: { documentId: c.id } })).authorId } });
    expect((await postQuery.findOne({ where: { documentId: c.id } })).authorAlias).toBe(member.alias);
    expect(await postQuery.count({ where: { authorAlias: null } })).toBe(0);

    // A post held for review: its author sees it (status held), nobody else does
    await haven.strapi.db.query('plugin::community.post').update({ where: { documentId: c.id }, data: { state: 'held', heldReason: 'flags' } });
    const forAuthor = await api.get('/api/community/posts?category=grief-and-loss', lister.jwt);
    expect(forAuthor.body.data.find((p: any) => p.id === c.id)).toMatchObject({ status: 'held', author: { isYou: true } });
    const forOthers = await api.get('/api/community/posts?category=grief-and-loss', bob.jwt);
    expect(forOthers.body.data.map((p: any) => p.id)).not.toContain(c.id);
    expect((await api.get(`/api/community/posts/${c.id}`, bob.jwt)).status).toBe(404);
    expect((await api.get(`/api/community/posts/${c.id}`, lister.jwt)).body.data.status).toBe('held');
    expect((await api.get('/api/community/categories')).body.data.find((c: any) => c.slug === 'grief-and-loss').postCount).toBe(2);
    const mine = await api.get('/api/community/my/posts', lister.jwt);
    expect(mine.body.data.map((p: any) => [p.id, p.status])).toEqual([
      [c.id, 'held'],
      [b.id, 'visible'],
      [a.id, 'visible'],
    ]);
  });

  it('a listing read again within COMMUNITY_CACHE_MS sends no statement, yet every write in this process shows on the next request', async () => {
    const writer = await createUser(haven, 'client');
    const reader = await createUser(haven, 'client');
    const category = 'relationships';
    const list = async (user: User) => {
      const res = await api.get(`/api/community/posts?category=${category}&sort=new`, user.jwt);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body.data as Array<{ id: string; title: string; myReactions: string[]; reactions: Record<string, number>; status: string }>;
    };
    const first = await newPost(writer, { category, title: 'Kept one' });
    await list(reader);
    await list(reader);

    // Kept: the reader's member row, whether they have held posts, the page, its count, aliases, reactions (and the account, auth-cost).
    const seen: string[] = [];
    const record = (query: { sql: string }) => seen.push(query.sql);
    haven.strapi.db.connection.on('query', record);
    try {
      expect((await list(reader)).map((p) => p.id)).toContain(first.id);
    } finally {
      haven.strapi.db.connection.off('query', record);
    }
    expect(seen).toEqual([]);

    // A new post, a reaction, a hidden post: each shows on the very next request.
    const second = await newPost(writer, { category, title: 'Kept two' });
    expect((await list(reader)).map((p) => p.id).slice(0, 2)).toEqual([second.id, first.id]);
    expect((await api.post('/api/community/reactions', { target: 'post', id: first.id, kind: 'hug' }, reader.jwt)).status).toBeLessThan(300);
    const reacted = (await list(reader)).find((p) => p.id === first.id)!;
    expect(reacted.myReactions).toEqual(['hug']);
    expect((await list(writer)).find((p) => p.id === first.id)!.myReactions).toEqual([]);
    await haven.strapi.db.query('plugin::community.post').update({ where: { documentId: second.id }, data: { state: 'hidden' } });
    expect((await list(reader)).map((p) => p.id)).not.toContain(second.id);

    // A held post is its author's alone, whoever loaded the shared page first and in whatever order.
    const held = await newPost(writer, { category, title: 'Kept held' });
    await haven.strapi.db.query('plugin::community.post').update({ where: { documentId: held.id }, data: { state: 'held', heldReason: 'flags' } });
    for (let round = 0; round < 2; round++) {
      expect((await list(reader)).map((p) => p.id)).not.toContain(held.id);
      expect((await list(writer)).find((p) => p.id === held.id)).toMatchObject({ status: 'held' });
    }
  });

  it('refuses bad input with a 400 naming the field, and writes nothing', async () => {
    const post = await newPost(alice);
    const before = await Promise.all(['plugin::community.post', 'plugin::community.reply', 'plugin::community.reaction', 'plugin::community.flag'].map(countRows));
    const cases: [string, () => Promise<any>, RegExp][] = [
      ['missing title', () => api.post('/api/community/posts', { category: 'general', body: 'x' }, alice.jwt), /title/],
      ['short title', () => api.post('/api/community/posts', { category: 'general', title: 'ab', body: 'x' }, alice.jwt), /title must be at least 3 characters/],
      ['blank title', () => api.post('/api/community/posts', { category: 'general', title: '      ', body: 'x' }, alice.jwt), /title must be at least 3/],
      ['long title', () => api.post('/api/community/posts', { category: 'general', title: 'x'.repeat(151), body: 'x' }, alice.jwt), /title must be at most 150/],
      ['number title', () => api.post('/api/community/posts', { category: 'general', title: 12345, body: 'x' }, alice.jwt), /title must be text/],
      ['empty body', () => api.post('/api/community/posts', { category: 'general', title: 'Fine title', body: '  \n ' }, alice.jwt), /body must not be empty/],
      ['oversize body', () => api.post('/api/community/posts', { category: 'general', title: 'Fine title', body: 'x'.repeat(10_001) }, alice.jwt), /body is too long: at most 10,000 characters/],
      ['unknown category', () => api.post('/api/community/posts', { category: 'cats', title: 'Fine title', body: 'x' }, alice.jwt), /category must be one of/],
      ['bad category', () => api.post('/api/community/posts', { category: 'Not A Slug!', title: 'Fine title', body: 'x' }, alice.jwt), /category must be a category slug/],
      ['unknown field', () => api.post('/api/community/posts', { category: 'general', title: 'Fine title', body: 'x', authorId: 1 }, alice.jwt), /unknown field\(s\): authorId/],
      ['empty edit', () => api.put(`/api/community/posts/${post.id}`, {}, alice.jwt), /send a new title or body/],
      ['reply oversize', () => api.post(`/api/community/posts/${post.id}/replies`, { body: 'y'.repeat(10_001) }, alice.jwt), /body is too long/],
      ['reply missing body', () => api.post(`/api/community/posts/${post.id}/replies`, {}, alice.jwt), /body/],
      ['sort', () => api.get('/api/community/posts?sort=hot', alice.jwt), /sort must be one of new, active, top/],
      ['page', () => api.get('/api/community/posts?page=0', alice.jwt), /page must be 1 or more/],
      ['pageSize', () => api.get('/api/community/posts?pageSize=500', alice.jwt), /pageSize must be at most 50/],
      ['unknown query', () => api.get('/api/community/posts?author=5', alice.jwt), /unknown field\(s\): author/],
      ['reaction kind', () => api.post('/api/community/reactions', { target: 'post', id: post.id, kind: 'angry' }, bob.jwt), /kind must be one of heart, hug, strength, relate/],
      ['reaction target', () => api.post('/api/community/reactions', { target: 'user', id: post.id, kind: 'hug' }, bob.jwt), /target must be "post" or "reply"/],
      ['flag reason', () => api.post('/api/community/flags', { target: 'post', id: post.id, reason: 'boring' }, bob.jwt), /reason must be one of/],
      ['flag other without note', () => api.post('/api/community/flags', { target: 'post', id: post.id, reason: 'other' }, bob.jwt), /note is required when the reason is "other"/],
      ['crisis locale', () => api.get('/api/community/crisis-resources?locale=<script>'), /locale must be a language tag/],
    ];
    for (const [label, call, message] of cases) {
      const res = await call();
      expect(res.status, label).toBe(400);
      expect(res.body.error.message, label).toMatch(message);
      expect(res.body.error.name, label).toBe('ValidationError');
    }
    const after = await Promise.all(['plugin::community.post', 'plugin::community.reply', 'plugin::community.reaction', 'plugin::community.flag'].map(countRows));
    expect(after).toEqual(before);

    // The limits are inclusive: 150 characters of title and 10,000 of body are fine
    const max = await api.post('/api/community/posts', { category: 'general', title: 't'.repeat(150), body: 'b'.repeat(10_000) }, alice.jwt);
    expect(max.status).toBe(201);
  });

  it('keeps the community for signed-in members: the public sees only categories and crisis lines', async () => {
    const post = await newPost(alice);
    expect((await api.get('/api/community/categories')).status).toBe(200);
    expect((await api.get('/api/community/crisis-resources')).status).toBe(200);
    for (const [method, path] of [
      ['get', '/api/community/posts'],
      ['get', `/api/community/posts/${post.id}`],
      ['get', '/api/community/me'],
      ['get', '/api/community/my/posts'],
      ['post', '/api/community/posts'],
      ['post', '/api/community/reactions'],
      ['post', '/api/community/flags'],
      ['post', '/api/community/me/alias'],
    ] as const) {
      const res = method === 'get' ? await api.get(path) : await api.post(path, {});
      expect([401, 403], `${method} ${path}`).toContain(res.status);
    }
  });

  it('answers crisis lines for a locale, falling back by region, then language, then a default', async () => {
    const lines = async (query: string, headers: Record<string, string> = {}) => {
      const res = await apiClient(haven.url, headers).get(`/api/community/crisis-resources${query}`);
      expect(res.status).toBe(200);
      return res.body.data;
    };
    const phones = (data: any) => data.lines.map((l: any) => l.phone).filter(Boolean);
    expect(phones(await lines('?locale=en-US'))).toContain('988');
    const gb = await lines('?locale=en-GB');
    expect(gb.lines[0]).toMatchObject({ name: 'Samaritans', phone: '116 123' });
    expect(gb.emergency).toBe('999');
    expect(phones(await lines('?locale=en-IE'))).toContain('116 123');
    expect((await lines('?locale=ga-IE')).matched).toBe('IE');
    expect(phones(await lines('?locale=en-AU'))).toContain('13 11 14');
    expect(phones(await lines('?locale=en-CA'))).toContain('9-8-8');
    expect(phones(await lines('?locale=de-DE'))).toContain('0800 111 0 111');
    expect(phones(await lines('?locale=de'))).toContain('0800 111 0 111');
    expect(phones(await lines('?locale=fr-FR'))).toContain('3114');
    expect((await lines('?locale=fr-BE')).matched).toBe('fr');
    expect(phones(await lines('?locale=es-ES'))).toContain('024');
    expect((await lines('?locale=es-MX')).matched).toBe('es');
    const fallback = await lines('?locale=ja-JP');
    expect(fallback.matched).toBe('default');
    expect(fallback.message).toMatch(/local emergency number/);
    expect(fallback.lines[0].url).toBe('https://findahelpline.com');
    expect((await lines('')).matched).toBe('default');
    expect((await lines('', { 'accept-language': 'fr-CH;q=0.4, en-GB;q=0.9, en;q=0.8' })).lines[0].phone).toBe('116 123');
  });
});
