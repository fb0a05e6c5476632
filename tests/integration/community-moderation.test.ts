import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, createUser, type Haven } from '../helpers/haven';
import { CLEAN_TEXT, type Staff } from './community-helpers';
import { invalidActions, memberWrites, moderationActions, moderationRoutes, startModeration, type User } from './community-moderation-helpers';

/**
 * Moderation: flags and their threshold, the queue and its actions (approve, hide, remove, warn,
 * silence, suspend), the log, reveal (super admins only), watched words and crisis language.
 */
describe('community moderation', () => {
  let haven: Haven;
  let api: ReturnType<typeof apiClient>;
  let author: User;
  let flaggers: User[];
  let moderator: Staff;
  let superAdmin: Staff;
  let editor: Staff;

  beforeAll(async () => {
    ({ haven, api, author, flaggers, moderator, superAdmin, editor } = await startModeration());
  });
  afterAll(async () => haven?.close());

  const { newPost, aliasOf, queueItem, act } = moderationActions(() => ({ api, moderator }));

  it('hides an item after 3 distinct flags, refuses a second flag by the same member, and a moderator approves it back', async () => {
    const post = (await newPost(author, { title: 'Flag me' })).body.data;
    const flag = (user: User, reason: string, note?: string) => api.post('/api/community/flags', { target: 'post', id: post.id, reason, ...(note ? { note } : {}) }, user.jwt);

    const own = await flag(author, 'spam');
    expect(own.status).toBe(400);
    expect(own.body.error.message).toMatch(/cannot flag your own post/);

    expect((await flag(flaggers[0], 'harassment')).status).toBe(201);
    const twice = await flag(flaggers[0], 'spam');
    expect(twice.status).toBe(409);
    expect(twice.body.error.message).toMatch(/already flagged this post\. Thank you/);
    expect((await flag(flaggers[1], 'other', 'Seems to be selling something')).status).toBe(201);
    expect((await api.get(`/api/community/posts/${post.id}`, flaggers[2].jwt)).body.data.status).toBe('visible');

    const third = await flag(flaggers[2], 'harassment');
    expect(third.status).toBe(201);
    // Hidden pending review: gone for others, shown as held to its author
    expect((await api.get(`/api/community/posts/${post.id}`, flaggers[3].jwt)).status).toBe(404);
    expect((await api.get('/api/community/posts?pageSize=50', flaggers[3].jwt)).body.data.map((p: any) => p.id)).not.toContain(post.id);
    expect((await api.get(`/api/community/posts/${post.id}`, author.jwt)).body.data.status).toBe('held');
    const late = await flag(flaggers[3], 'spam');
    expect(late.status).toBe(404);

    const item = await queueItem(post.id);
    expect(item).toMatchObject({
      target: 'post',
      title: 'Flag me',
      alias: await aliasOf(author),
      status: 'held',
      heldReason: 'flags',
      flagCount: 3,
      flagReasons: { harassment: 2, other: 1 },
      crisis: false,
    });
    expect(item.notes).toEqual(['Seems to be selling something']);
    expect(item.bodyHtml).toBe(`<p>${CLEAN_TEXT}</p>`);

    const approved = await act({ action: 'approve', target: 'post', id: post.id, reason: 'Nothing wrong here' });
    expect(approved.status).toBe(200);
    expect(approved.body.data).toMatchObject({ action: 'approve', status: 'visible' });
    expect((await api.get(`/api/community/posts/${post.id}`, flaggers[3].jwt)).body.data.status).toBe('visible');
    expect(await queueItem(post.id)).toBeUndefined();
    // Still one flag per member per item, even after review; the database itself refuses a duplicate
    expect((await flag(flaggers[0], 'spam')).status).toBe(409);
    const flagRow = await haven.strapi.db.query('plugin::community.flag').findOne({ where: { targetId: post.id } });
    await expect(
      haven.strapi.db.query('plugin::community.flag').create({ data: { memberId: flagRow.memberId, targetType: 'post', targetId: post.id, reason: 'spam', resolved: false } }),
    ).rejects.toThrow();
    // New flags count from zero
    expect((await flag(flaggers[3], 'spam')).status).toBe(201);
    expect((await api.get(`/api/community/posts/${post.id}`, flaggers[2].jwt)).body.data.status).toBe('visible');
    expect((await queueItem(post.id)).flagCount).toBe(1);
  });

  it('hides and removes items; removal erases the text', async () => {
    const hideMe = (await newPost(author, { title: 'Hide me' })).body.data;
    const removeMe = (await newPost(author, { title: 'Remove me', body: 'Something **hurtful**' })).body.data;
    const reply = (await api.post(`/api/community/posts/${hideMe.id}/replies`, { body: 'A rude reply' }, flaggers[0].jwt)).body.data;

    expect((await act({ action: 'hide', target: 'post', id: hideMe.id, reason: 'Off topic' })).body.data.status).toBe('hidden');
    expect((await api.get(`/api/community/posts/${hideMe.id}`, flaggers[1].jwt)).status).toBe(404);
    const ownView = await api.get(`/api/community/posts/${hideMe.id}`, author.jwt);
    expect(ownView.body.data.status).toBe('hidden');
    const editHidden = await api.put(`/api/community/posts/${hideMe.id}`, { title: 'Sneaky edit' }, author.jwt);
    expect(editHidden.status).toBe(403);
    expect(editHidden.body.error.message).toMatch(/can no longer be edited/);

    expect((await act({ action: 'remove', target: 'post', id: removeMe.id, reason: 'Hurtful to others' })).body.data.status).toBe('removed');
    const mine = await api.get('/api/community/my/posts?pageSize=50', author.jwt);
    const removed = mine.body.data.find((p: any) => p.id === removeMe.id);
    expect(removed).toMatchObject({ status: 'removed', excerpt: '' });
    const row = await haven.strapi.db.query('plugin::community.post').findOne({ where: { documentId: removeMe.id } });
    expect(row.body).toBe('');
    expect(row.bodyHtml).toBe('');
    const cannot = await act({ action: 'approve', target: 'post', id: removeMe.id, reason: 'Oops' });
    expect(cannot.status).toBe(409);

    // A reply can be removed on its own
    expect((await api.post(`/api/community/posts/${removeMe.id}/replies`, { body: 'x' }, flaggers[0].jwt)).status).toBe(404);
    const replyRemoved = await act({ action: 'remove', target: 'reply', id: reply.id, reason: 'Rude' });
    expect(replyRemoved.body.data).toMatchObject({ target: 'reply', status: 'removed', alias: await aliasOf(flaggers[0]) });

    const log = (await moderator.api.get('/community/log?pageSize=200')).body.data;
    const hideEntry = log.find((e: any) => e.action === 'hide' && e.targetId === hideMe.id);
    expect(hideEntry).toMatchObject({ alias: await aliasOf(author), target: 'post', reason: 'Off topic', moderator: moderator.name, admin: { name: moderator.name } });
    expect(log.find((e: any) => e.action === 'remove' && e.targetId === removeMe.id).excerpt).toBe('Something hurtful');
  });

  it('warns, silences (403 with reason and until) and suspends (no reading either) an alias, then reinstates it', async () => {
    const member = await createUser(haven, 'client');
    const alias = await aliasOf(member);
    const post = (await newPost(member, { title: 'Before' })).body.data;

    const warned = await act({ action: 'warn', alias, reason: 'Please be gentle' });
    expect(warned.status).toBe(200);
    expect(warned.body.data).toMatchObject({ alias, warnings: 1, status: 'active' });

    const silenced = await act({ action: 'silence', alias, reason: 'Heated replies', durationHours: 2 });
    expect(silenced.body.data).toMatchObject({ status: 'silenced', statusReason: 'Heated replies' });
    const until = Date.parse(silenced.body.data.statusUntil);
    expect(until - Date.now()).toBeGreaterThan(119 * 60_000);
    expect(until - Date.now()).toBeLessThanOrEqual(120 * 60_000);

    const blocked = await api.post('/api/community/posts', { category: 'general', title: 'Let me talk', body: CLEAN_TEXT }, member.jwt);
    expect(blocked.status).toBe(403);
    expect(blocked.body.error.message).toMatch(/You are silenced until .*GMT/);
    expect(blocked.body.error.message).toContain('Reason: Heated replies');
    expect(blocked.body.error.details).toMatchObject({ status: 'silenced', reason: 'Heated replies', until: silenced.body.data.statusUntil });
    for (const write of memberWrites(api, member.jwt, post.id)) {
      expect((await write()).status).toBe(403);
    }
    // Silenced members still read, and see their status
    expect((await api.get('/api/community/posts', member.jwt)).status).toBe(200);
    expect((await api.get('/api/community/me', member.jwt)).body.data).toMatchObject({ status: 'silenced', statusReason: 'Heated replies' });

    const suspended = await act({ action: 'suspend', alias, reason: 'Repeated harassment' });
    expect(suspended.body.data).toMatchObject({ status: 'suspended', statusUntil: null });
    const read = await api.get('/api/community/posts', member.jwt);
    expect(read.status).toBe(403);
    expect(read.body.error.message).toMatch(/suspended until a moderator lifts it\. Reason: Repeated harassment/);
    expect((await api.get(`/api/community/posts/${post.id}`, member.jwt)).status).toBe(403);
    expect((await api.get('/api/community/me', member.jwt)).body.data.status).toBe('suspended');
    // They can still delete what they wrote, and still find crisis lines
    expect((await api.get('/api/community/crisis-resources', member.jwt)).status).toBe(200);

    const reinstated = await act({ action: 'reinstate', alias, reason: 'Appeal accepted' });
    expect(reinstated.body.data.status).toBe('active');
    expect((await newPost(member, { title: 'After' })).status).toBe(201);

    // A silence that has run out lifts by itself
    await act({ action: 'silence', alias, reason: 'Short break', durationHours: 1 });
    const memberRow = await haven.strapi.db.query('plugin::community.member').findOne({ where: { userId: member.id } });
    await haven.strapi.db.query('plugin::community.member').update({ where: { id: memberRow.id }, data: { stateUntil: new Date(Date.now() - 1000) } });
    expect((await newPost(member, { title: 'Free again' })).status).toBe(201);

    const page = await moderator.api.get(`/community/aliases/${encodeURIComponent(alias)}`);
    expect(page.status).toBe(200);
    expect(page.body.data).toMatchObject({ alias, status: 'active', warnings: 1 });
    expect(page.body.data.history.map((h: any) => h.title)).toEqual(expect.arrayContaining(['Before', 'After', 'Free again']));
    // The lookup itself comes first: every look at a member's history is logged.
    expect(page.body.data.actions.map((a: any) => a.action)).toEqual(['history-view', 'silence', 'reinstate', 'suspend', 'silence', 'warn']);
    expect(page.body.data.actions.find((a: any) => a.action === 'suspend')).toMatchObject({ reason: 'Repeated harassment', until: null, moderator: moderator.name });
    expect((await moderator.api.get('/community/aliases/Nobody%20Here%2099')).status).toBe(404);
  });

  it('validates moderation actions', async () => {
    const post = (await newPost(author, { title: 'Validate' })).body.data;
    const alias = await aliasOf(author);
    const cases = invalidActions(post.id, alias);
    for (const [body, status, message] of cases) {
      const res = await act(body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(res.body.error.message, JSON.stringify(body)).toMatch(message);
    }
    expect((await api.get(`/api/community/posts/${post.id}`, flaggers[0].jwt)).body.data.status).toBe('visible');
  });

  it('lets only super admins reveal the account behind an alias, and logs every reveal', async () => {
    const alias = await aliasOf(author);
    const byModerator = await moderator.api.post('/community/reveal', { alias, reason: 'Curious' });
    expect(byModerator.status).toBe(403);
    expect(JSON.stringify(byModerator.body)).not.toContain(author.email);
    expect((await editor.api.post('/community/reveal', { alias, reason: 'Curious' })).status).toBe(403);
    expect((await apiClient(haven.url).post('/community/reveal', { alias, reason: 'Curious' })).status).toBe(401);

    expect((await superAdmin.api.post('/community/reveal', { alias })).status).toBe(400);
    const revealed = await superAdmin.api.post('/community/reveal', { alias, reason: 'Credible threat to life reported' });
    expect(revealed.status).toBe(200);
    expect(revealed.body.data).toEqual({ username: author.username, email: author.email });
    expect((await superAdmin.api.post('/community/reveal', { alias: 'Nobody Here 99', reason: 'Test' })).status).toBe(404);

    const log = await moderator.api.get(`/community/log?action=reveal`);
    const entry = log.body.data.find((e: any) => e.alias === alias);
    expect(entry).toMatchObject({ action: 'reveal', reason: 'Credible threat to life reported', moderator: superAdmin.name });
    expect(JSON.stringify(log.body)).not.toContain(author.email);
    expect(JSON.stringify(log.body)).not.toContain(author.username);
  });

  it('keeps the queue and its actions from staff without the moderation permissions', async () => {
    const post = (await newPost(author, { title: 'Editor test' })).body.data;
    for (const [method, path, body] of moderationRoutes(post.id, await aliasOf(author))) {
      const res = method === 'get' ? await editor.api.get(path) : await editor.api.post(path, body);
      expect(res.status, `${method} ${path}`).toBe(403);
      const anonymous = method === 'get' ? await apiClient(haven.url).get(path) : await apiClient(haven.url).post(path, body);
      expect(anonymous.status, `anonymous ${method} ${path}`).toBe(401);
    }
    // A site user's JWT is not an admin session either
    expect((await apiClient(haven.url, { authorization: `Bearer ${author.jwt}` }).get('/community/queue')).status).toBe(401);
    expect((await api.get(`/api/community/posts/${post.id}`, flaggers[0].jwt)).body.data.status).toBe('visible');
    // Super admins hold every permission, so they can use the queue
    expect((await superAdmin.api.get('/community/queue')).status).toBe(200);
  });

  it('applies watched words: block refuses, hold keeps for review, flag publishes into the queue', async () => {
    const add = (phrase: string, action: string) => moderator.api.post('/community/watched-words', { phrase, action });
    const block = await add('Bananaphone', 'block');
    expect(block.status).toBe(201);
    expect((await add('bananaphone', 'hold')).status).toBe(409);
    expect((await add('x', 'hold')).status).toBe(400);
    expect((await add('pineapple express', 'hold')).status).toBe(201);
    expect((await add('grapefruit', 'flag')).status).toBe(201);
    const list = (await moderator.api.get('/community/watched-words')).body.data;
    expect(list.map((w: any) => [w.phrase, w.action])).toEqual([
      ['Bananaphone', 'block'],
      ['grapefruit', 'flag'],
      ['pineapple express', 'hold'],
    ]);

    const before = await haven.strapi.db.query('plugin::community.post').count();
    const blocked = await api.post('/api/community/posts', { category: 'general', title: 'Ring ring', body: 'It is the BANANAPHONE!' }, author.jwt);
    expect(blocked.status).toBe(400);
    expect(blocked.body.error.message).toMatch(/cannot be posted as written/);
    expect(JSON.stringify(blocked.body).toLowerCase()).not.toContain('bananaphone');
    expect((await api.post('/api/community/posts', { category: 'general', title: 'Bananaphone in the title', body: 'x' }, author.jwt)).status).toBe(400);
    expect(await haven.strapi.db.query('plugin::community.post').count()).toBe(before);
    // Whole words only: "bananaphones" is another word
    expect((await api.post('/api/community/posts', { category: 'general', title: 'Plural', body: 'bananaphones are fine' }, author.jwt)).status).toBe(201);
    const host = (await newPost(flaggers[0], { title: 'Reply host' })).body.data;
    expect((await api.post(`/api/community/posts/${host.id}/replies`, { body: 'bananaphone' }, author.jwt)).status).toBe(400);

    const held = await api.post('/api/community/posts', { category: 'general', title: 'Weekend', body: 'Watching Pineapple   Express tonight.' }, author.jwt);
    expect(held.status).toBe(201);
    expect(held.body.meta).toMatchObject({ held: true, heldReason: 'watched-word' });
    expect(held.body.meta.crisis).toBeUndefined();
    expect(held.body.data.status).toBe('held');
    expect((await api.get(`/api/community/posts/${held.body.data.id}`, flaggers[0].jwt)).status).toBe(404);
    const heldItem = await queueItem(held.body.data.id);
    expect(heldItem).toMatchObject({ status: 'held', heldReason: 'watched-word', flagCount: 0 });
    expect(heldItem.systemNotes.join(' ')).toMatch(/pineapple express/);

    const heldReply = await api.post(`/api/community/posts/${host.id}/replies`, { body: 'pineapple express!' }, author.jwt);
    expect(heldReply.body.meta.held).toBe(true);
    const hostView = await api.get(`/api/community/posts/${host.id}`, flaggers[0].jwt);
    expect(hostView.body.data.replies).toHaveLength(0);
    expect(hostView.body.data.replyCount).toBe(0);
    expect((await api.get(`/api/community/posts/${host.id}`, author.jwt)).body.data.replies.map((r: any) => r.status)).toEqual(['held']);

    const flagged = await api.post('/api/community/posts', { category: 'general', title: 'Breakfast', body: 'Grapefruit again.' }, author.jwt);
    expect(flagged.status).toBe(201);
    expect(flagged.body.meta.held).toBe(false);
    expect((await api.get(`/api/community/posts/${flagged.body.data.id}`, flaggers[0].jwt)).body.data.status).toBe('visible');
    expect(await queueItem(flagged.body.data.id)).toMatchObject({ status: 'visible', heldReason: null });

    // Editing into a hold word holds a visible post
    const innocent = (await newPost(author, { title: 'Innocent' })).body.data;
    const edit = await api.put(`/api/community/posts/${innocent.id}`, { body: 'Actually: pineapple express' }, author.jwt);
    expect(edit.body.meta.held).toBe(true);
    expect((await api.get(`/api/community/posts/${innocent.id}`, flaggers[0].jwt)).status).toBe(404);

    // Removing a word lifts it
    expect((await moderator.api.del(`/community/watched-words/${block.body.data.id}`)).status).toBe(200);
    expect((await moderator.api.del(`/community/watched-words/${block.body.data.id}`)).status).toBe(404);
    expect((await api.post('/api/community/posts', { category: 'general', title: 'Ring ring', body: 'bananaphone' }, author.jwt)).status).toBe(201);
    const log = (await moderator.api.get('/community/log?action=watched-word-add')).body.data;
    expect(log.length).toBe(3);
  });

  it('marks crisis language, answers crisis lines at once, keeps the post visible and puts it first in the queue', async () => {
    // Something with many flags is already waiting
    const noisy = (await newPost(author, { title: 'Noisy' })).body.data;
    for (const f of flaggers.slice(0, 2)) await api.post('/api/community/flags', { target: 'post', id: noisy.id, reason: 'spam' }, f.jwt);

    const writer = await createUser(haven, 'client');
    const crisis = await newPost(writer, { category: 'depression', title: 'Tired', body: "Honestly I don't want to be here anymore." }, '?locale=en-GB');
    expect(crisis.body.meta.held).toBe(false);
    expect(crisis.body.meta.crisis.lines[0]).toMatchObject({ name: 'Samaritans', phone: '116 123' });
    expect((await api.get(`/api/community/posts/${crisis.body.data.id}`, flaggers[0].jwt)).body.data.status).toBe('visible');

    // Curly apostrophes, capitals and the Accept-Language header
    const reply = await apiClient(haven.url, { 'accept-language': 'en-AU,en;q=0.8' }).post(`/api/community/posts/${noisy.id}/replies`, { body: 'I CAN’T GO ON like this' }, writer.jwt);
    expect(reply.status).toBe(201);
    expect(reply.body.meta.crisis.lines[0].phone).toBe('13 11 14');

    for (const text of ['thinking about self-harm again', 'some days I want to hurt myself', 'everyone would be better off dead without me', 'Suicidal thoughts today']) {
      expect((await newPost(writer, { title: 'Check', body: text })).body.meta.crisis?.lines.length, text).toBeGreaterThan(0);
    }
    const calm = await newPost(writer, { title: 'Calm', body: 'Killing time at the dentist; the drill is cutting-edge.' });
    expect(calm.body.meta).toEqual({ held: false });

    const queue = (await moderator.api.get('/community/queue')).body.data;
    expect(queue[0].crisis).toBe(true);
    const crisisIndex = queue.findIndex((i: any) => i.id === crisis.body.data.id);
    const noisyIndex = queue.findIndex((i: any) => i.id === noisy.id);
    expect(crisisIndex).toBeGreaterThanOrEqual(0);
    expect(noisyIndex).toBeGreaterThan(crisisIndex);
    expect(queue[noisyIndex].flagCount).toBe(2);
    expect(queue.filter((i: any) => i.crisis).length).toBeGreaterThanOrEqual(6);
    // Among non-crisis items: more flags first, then oldest first
    const rest = queue.filter((i: any) => !i.crisis);
    for (let i = 1; i < rest.length; i++) {
      expect(rest[i - 1].flagCount > rest[i].flagCount || (rest[i - 1].flagCount === rest[i].flagCount && rest[i - 1].createdAt <= rest[i].createdAt)).toBe(true);
    }
    const crisisItem = queue[crisisIndex];
    expect(crisisItem).toMatchObject({ status: 'visible', crisis: true, heldReason: null, title: 'Tired' });
    expect(crisisItem.systemNotes.join(' ')).toMatch(/Crisis language/);

    // A moderator reviews it: out of the queue, still visible
    await act({ action: 'approve', target: 'post', id: crisis.body.data.id, reason: 'Reached out with resources' });
    expect(await queueItem(crisis.body.data.id)).toBeUndefined();
    expect((await api.get(`/api/community/posts/${crisis.body.data.id}`, flaggers[0].jwt)).body.data.status).toBe('visible');
  });

  it('holds crisis posts for review instead when the installation asks for it (COMMUNITY_HOLD_CRISIS)', async () => {
    const writer = await createUser(haven, 'client');
    haven.strapi.config.set('plugin::community.holdCrisis', true);
    try {
      const held = await newPost(writer, { title: 'Late night', body: 'I want to end my life.' }, '?locale=en-US');
      expect(held.body.meta).toMatchObject({ held: true, heldReason: 'crisis', crisis: { matched: 'en-US' } });
      expect(held.body.meta.crisis.lines[0].phone).toBe('988');
      expect((await api.get(`/api/community/posts/${held.body.data.id}`, flaggers[0].jwt)).status).toBe(404);
      expect(await queueItem(held.body.data.id)).toMatchObject({ status: 'held', heldReason: 'crisis', crisis: true });
    } finally {
      haven.strapi.config.set('plugin::community.holdCrisis', false);
    }
    const visible = await newPost(writer, { title: 'Next day', body: 'Still want to die some days.' });
    expect(visible.body.meta).toMatchObject({ held: false, crisis: { lines: expect.any(Array) } });
  });
});
