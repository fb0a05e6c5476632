/**
 * Chat over the real socket.io server of a real Strapi, with the real socket.io-client: delivery,
 * acknowledgement after the durable store, history pages, unread counts, read receipts, typing,
 * presence, reconnect catch-up, rate and size limits, and who may see what (identical 404s).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../helpers/haven';
import { ask, bookedPair, next, pause, record, useChatSuite, type ChatSocket, type ConversationList, type MessagePage, type Pair } from './chat-helpers';
import { badSends, chatRows, conversationLookups, dropMessagesAfter, foreignMessage, indexColumns, indexNames, tamperWith } from './chat-messages-helpers';

const chat = useChatSuite({ CHAT_RATE_LIMIT_MESSAGES: '40', CHAT_RATE_LIMIT_WINDOW_SECONDS: '2' });
const { open } = chat;

const { messageRows, conversationRow } = chatRows(() => chat.haven);

describe('conversations', () => {
  let pair: Pair;
  beforeAll(async () => {
    pair = await bookedPair(chat.haven);
  });

  it('opens one conversation when a booking is made, listed for both with the other person and no unread messages', async () => {
    const forClient = await chat.api.get('/api/chat/conversations', pair.client.jwt);
    const forTherapist = await chat.api.get('/api/chat/conversations', pair.therapist.jwt);
    expect(forClient.status).toBe(200);
    expect(forClient.body.data).toHaveLength(1);
    expect(forClient.body.data[0]).toMatchObject({ id: pair.conversationId, yourRole: 'client', unread: 0, lastMessageId: 0, with: { role: 'therapist' } });
    expect(forTherapist.body.data).toEqual([expect.objectContaining({ id: pair.conversationId, yourRole: 'therapist', with: expect.objectContaining({ role: 'client' }) })]);
    // No user ids or emails in the answer.
    expect(JSON.stringify(forClient.body)).not.toMatch(/userId|email|@/);
  });

  it('a second booking of the same pair, and asking for it by booking, keep the one conversation', async () => {
    const res = await chat.api.post('/api/chat/conversations', { bookingId: pair.bookingId }, pair.therapist.jwt);
    expect(res.status).toBe(200);
    expect(res.body.data.id).toBe(pair.conversationId);
    expect(await chat.haven.strapi.db.query('plugin::chat.conversation').count({ where: { clientUserId: pair.client.id, therapistUserId: pair.therapist.id } })).toBe(1);
  });

  it('someone else, an unknown id and a malformed id all get the same 404, over REST and socket alike', async () => {
    const stranger = await createUser(chat.haven, 'client');
    const answers = await Promise.all(conversationLookups(chat.api, pair.conversationId, stranger.jwt));
    for (const res of answers) {
      expect(res.status).toBe(404);
      expect(res.body.error).toMatchObject({ status: 404, message: 'No such conversation.' });
    }
    // Asking for someone else's booking's conversation: the booking's own "not found".
    const byBooking = await chat.api.post('/api/chat/conversations', { bookingId: pair.bookingId }, stranger.jwt);
    expect(byBooking.status).toBe(404);
    expect((await chat.api.get('/api/chat/conversations', stranger.jwt)).body.data).toEqual([]);
    // Without a token the permission layer refuses the public role (403) before any conversation is looked at.
    expect((await chat.api.get('/api/chat/conversations')).status).toBe(403);

    const socket = await open(stranger.jwt);
    const sent = await ask(socket, 'message:send', { conversationId: pair.conversationId, body: 'let me in' });
    const unknown = await ask(socket, 'message:send', { conversationId: 'doesnotexist000000000000', body: 'let me in' });
    expect(sent).toEqual(unknown);
    expect(sent).toEqual({ ok: false, error: { code: 'not-found', message: 'No such conversation.', event: 'message:send' } });
    const synced = await ask(socket, 'sync', { since: { [pair.conversationId]: 0 } });
    expect(synced).toEqual({ ok: true, data: { conversations: [] } });
    expect(await ask(socket, 'presence:query', { conversationIds: [pair.conversationId] })).toEqual({ ok: true, data: {} });
    expect(await messageRows((await conversationRow(pair.conversationId)).id)).toHaveLength(0);
  });
});

describe('messages', () => {
  let pair: Pair;
  let client: ChatSocket;
  let therapist: ChatSocket;
  beforeAll(async () => {
    pair = await bookedPair(chat.haven);
    [client, therapist] = await Promise.all([open(pair.client.jwt), open(pair.therapist.jwt)]);
  });

  it('delivers a message to the other person and acknowledges only once it is stored', async () => {
    const arriving = next(therapist, 'message:new');
    const ack = await ask(client, 'message:send', { conversationId: pair.conversationId, body: 'Hello, I feel anxious today.', clientId: 'c-1' });
    expect(ack.ok).toBe(true);
    expect(ack.data).toMatchObject({ id: 1, conversationId: pair.conversationId, sender: 'client', body: 'Hello, I feel anxious today.', clientId: 'c-1' });
    // At the moment of the acknowledgement the row is in the database (read here through another connection pool path).
    const row = await messageRows().where('seq', 1).where('conversation_id', (await conversationRow(pair.conversationId)).id).first();
    expect(row).toBeTruthy();
    expect(await arriving).toEqual(ack.data);
  });

  it('a retried send with the same clientId is stored once and answered with the first message', async () => {
    const again = await ask(client, 'message:send', { conversationId: pair.conversationId, body: 'Hello, I feel anxious today.', clientId: 'c-1' });
    expect(again.ok).toBe(true);
    expect(again.data.id).toBe(1);
    expect(await messageRows((await conversationRow(pair.conversationId)).id)).toHaveLength(1);
  });

  it('answers retries sent together with first copies in one batch, each with its own stored message', async () => {
    const conversation = (await conversationRow(pair.conversationId)).id;
    const before = (await messageRows(conversation)).length;
    const firsts = await Promise.all(['r-a', 'r-b', 'r-c'].map((clientId) => ask(client, 'message:send', { conversationId: pair.conversationId, body: `first ${clientId}`, clientId })));
    // Retries of all three, and a brand-new one, arriving together.
    const again = await Promise.all(
      ['r-a', 'r-b', 'r-c', 'r-d', 'r-a'].map((clientId) => ask(client, 'message:send', { conversationId: pair.conversationId, body: `again ${clientId}`, clientId })),
    );
    expect(again.slice(0, 3).map((a) => a.data)).toEqual(firsts.map((a) => a.data));
    expect(again[4].data).toEqual(firsts[0].data);
    expect(again[3].data).toMatchObject({ body: 'again r-d', clientId: 'r-d' });
    expect(await messageRows(conversation)).toHaveLength(before + 4);
    // The tests below number from 2: take these four back out, counter and read pointer included.
    await dropMessagesAfter(chat.haven, conversation, before);
  });

  it('keeps the retry ids unique through an index that leads with them, replacing the index of earlier versions', async () => {
    const indexes = () => indexNames(chat.haven, 'chat_messages');
    const columns = (name: string) => indexColumns(chat.haven, name);
    // A database from before: the old index, led by the conversation.
    await chat.haven.strapi.db.connection.raw('CREATE UNIQUE INDEX IF NOT EXISTS chat_messages_retry_uq ON chat_messages (conversation_id, sender_user_id, client_id)');
    const { ensureIndexes } = await import('../../plugins/chat/dist/server/db/indexes.js');
    await ensureIndexes(chat.haven.strapi);
    const names = await indexes();
    expect(names).toContain('chat_messages_retry_by_client_uq');
    expect(names).not.toContain('chat_messages_retry_uq');
    expect(await columns('chat_messages_retry_by_client_uq')).toEqual(['client_id', 'conversation_id', 'sender_user_id']);
  });

  it('numbers concurrent messages 1, 2, 3 … without gaps or repeats and delivers every one', async () => {
    const received: any[] = [];
    therapist.on('message:new', (m) => received.push(m));
    const acks = await Promise.all(Array.from({ length: 15 }, (_, i) => ask(client, 'message:send', { conversationId: pair.conversationId, body: `message ${i}` })));
    expect(acks.every((a) => a.ok)).toBe(true);
    const ids = acks.map((a) => a.data.id).sort((a, b) => a - b);
    expect(ids).toEqual(Array.from({ length: 15 }, (_, i) => i + 2));
    await pause(200);
    therapist.off('message:new');
    expect(received.map((m) => m.id).sort((a, b) => a - b)).toEqual(ids);
  });

  it('SQLite: the chat relaxes its own commits only, and every other write of the CMS stays fully synchronous', async () => {
    // The messages above were stored by the chat's batches.
    expect(Number((await messageRows((await conversationRow(pair.conversationId)).id).count({ n: '*' }))[0].n)).toBe(16);
    if (chat.haven.strapi.db.dialect.client !== 'sqlite') {
      // PostgreSQL: every commit waits for the disk (synchronous_commit stays on).
      expect((await chat.haven.strapi.db.connection.raw('SHOW synchronous_commit')).rows[0].synchronous_commit).toBe('on');
      return;
    }
    const pragma = async (name: string) => Object.values((await chat.haven.strapi.db.connection.raw(`PRAGMA ${name}`))[0])[0];
    // Write-ahead log, whose file the chat flushes before it answers, and FULL (2) for everyone else.
    expect(String(await pragma('journal_mode')).toLowerCase()).toBe('wal');
    expect(await pragma('synchronous')).toBe(2);
  });

  it('counts unread messages for the reader only, and read receipts move the count and reach the sender', async () => {
    const listFor = async (jwt: string) => (await chat.api.get<ConversationList>('/api/chat/conversations', jwt)).body.data.find((c) => c.id === pair.conversationId);
    expect(await listFor(pair.therapist.jwt)).toMatchObject({ unread: 16, lastMessageId: 16, yourReadId: 0 });
    // Sending counts as having read: the client has nothing unread.
    expect(await listFor(pair.client.jwt)).toMatchObject({ unread: 0, yourReadId: 16, theirReadId: 0 });

    const receipt = next(client, 'message:read');
    const ack = await ask(therapist, 'message:read', { conversationId: pair.conversationId, upTo: 10 });
    expect(ack).toEqual({ ok: true, data: { upTo: 10 } });
    expect(await receipt).toEqual({ conversationId: pair.conversationId, reader: 'therapist', upTo: 10 });
    expect(await listFor(pair.therapist.jwt)).toMatchObject({ unread: 6, yourReadId: 10 });
    expect(await listFor(pair.client.jwt)).toMatchObject({ theirReadId: 10 });

    // Never backwards, never past the last message.
    expect(await ask(therapist, 'message:read', { conversationId: pair.conversationId, upTo: 3 })).toEqual({ ok: true, data: { upTo: 10 } });
    const rest = await chat.api.post(`/api/chat/conversations/${pair.conversationId}/read`, { upTo: 999 }, pair.therapist.jwt);
    expect(rest.status).toBe(200);
    expect(rest.body.data).toEqual({ upTo: 16 });
    expect(await listFor(pair.therapist.jwt)).toMatchObject({ unread: 0, yourReadId: 16 });
  });

  it('pages history backwards with a cursor, oldest first within a page', async () => {
    const first = await chat.api.get<MessagePage>(`/api/chat/conversations/${pair.conversationId}/messages?limit=5`, pair.therapist.jwt);
    expect(first.status).toBe(200);
    expect(first.body.data.map((m) => m.id)).toEqual([12, 13, 14, 15, 16]);
    expect(first.body.meta.nextBefore).toBe(12);
    const seen: number[] = [...first.body.data.map((m) => m.id)];
    let before = first.body.meta.nextBefore;
    while (before) {
      const page = await chat.api.get<MessagePage>(`/api/chat/conversations/${pair.conversationId}/messages?limit=5&before=${before}`, pair.client.jwt);
      seen.unshift(...page.body.data.map((m) => m.id));
      before = page.body.meta.nextBefore;
    }
    expect(seen).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
    const oldest = await chat.api.get(`/api/chat/conversations/${pair.conversationId}/messages?before=2`, pair.client.jwt);
    expect(oldest.body.data).toEqual([expect.objectContaining({ id: 1, body: 'Hello, I feel anxious today.', sender: 'client' })]);
    expect(oldest.body.meta.nextBefore).toBeNull();
    for (const query of ['limit=0', 'limit=101', 'before=abc', 'before=-1', 'sort=id', 'limit=1e2']) {
      const bad = await chat.api.get(`/api/chat/conversations/${pair.conversationId}/messages?${query}`, pair.client.jwt);
      expect(bad.status, query).toBe(400);
    }
  });

  it('relays typing to the other person only', async () => {
    const ownOther = await open(pair.client.jwt);
    const echoes = record(ownOther, 'typing');
    const typing = next(therapist, 'typing');
    client.emit('typing', { conversationId: pair.conversationId, typing: true });
    expect(await typing).toEqual({ conversationId: pair.conversationId, sender: 'client', typing: true });
    await pause(100);
    expect(echoes).toEqual([]);
    ownOther.close();
  });

  it('tells presence: online when the other person connects, offline when their last connection goes', async () => {
    expect(await ask(client, 'presence:query', { conversationIds: [pair.conversationId] })).toEqual({ ok: true, data: { [pair.conversationId]: true } });
    const offline = next(client, 'presence', (p) => p.online === false);
    therapist.close();
    expect(await offline).toEqual({ conversationId: pair.conversationId, online: false });
    expect(await ask(client, 'presence:query', { conversationIds: [pair.conversationId] })).toEqual({ ok: true, data: { [pair.conversationId]: false } });
    const online = next(client, 'presence', (p) => p.online === true);
    therapist = await open(pair.therapist.jwt);
    expect(await online).toEqual({ conversationId: pair.conversationId, online: true });
  });

  it('a reconnecting client receives exactly what it missed since its last message id', async () => {
    const lastSeen = 16;
    therapist.close();
    const sentWhileAway: number[] = [];
    for (let i = 0; i < 4; i++) sentWhileAway.push((await ask(client, 'message:send', { conversationId: pair.conversationId, body: `while away ${i}` })).data.id);
    therapist = await open(pair.therapist.jwt);
    const caught = await ask(therapist, 'sync', { since: { [pair.conversationId]: lastSeen } });
    expect(caught.ok).toBe(true);
    expect(caught.data.conversations).toEqual([
      { id: pair.conversationId, hasMore: false, messages: sentWhileAway.map((id, i) => expect.objectContaining({ id, body: `while away ${i}`, sender: 'client' })) },
    ]);
    expect(await ask(therapist, 'sync', { since: { [pair.conversationId]: 20 } })).toEqual({ ok: true, data: { conversations: [{ id: pair.conversationId, hasMore: false, messages: [] }] } });
  });

  it('keeps no plaintext in the database: bodies are sealed, the key is stored wrapped', async () => {
    const conv = await conversationRow(pair.conversationId);
    const rows = await messageRows(conv.id);
    expect(rows.length).toBe(20);
    for (const row of rows) expect(row.body).toMatch(/^hv1\.[A-Za-z0-9_-]+$/);
    const everything = JSON.stringify(await chat.haven.strapi.db.connection('chat_messages').select('*')) + JSON.stringify(await chat.haven.strapi.db.connection('chat_conversations').select('*'));
    for (const phrase of ['anxious', 'while away', 'message 3']) expect(everything).not.toContain(phrase);
    expect(conv.key_version).toBe(1);
    expect(conv.wrapped_key.length).toBeGreaterThan(40);
  });

  it('detects tampering: a changed byte, or a row copied from another conversation, is shown as unreadable, never as text', async () => {
    const { socket: otherSocket, foreign } = await foreignMessage(chat, 'secret of another conversation');
    const conv = await conversationRow(pair.conversationId);
    // Message 2 gets the other conversation's ciphertext; message 3 gets one changed character.
    await tamperWith(() => messageRows(conv.id), foreign.body);

    const page = await chat.api.get(`/api/chat/conversations/${pair.conversationId}/messages?before=5`, pair.client.jwt);
    expect(page.status).toBe(200);
    expect(page.body.data).toEqual([
      expect.objectContaining({ id: 1, body: 'Hello, I feel anxious today.' }),
      expect.objectContaining({ id: 2, body: null, unreadable: true }),
      expect.objectContaining({ id: 3, body: null, unreadable: true }),
      expect.objectContaining({ id: 4, body: 'message 2' }),
    ]);
    expect(JSON.stringify(page.body)).not.toContain('secret of another');
    const synced = await ask(therapist, 'sync', { since: { [pair.conversationId]: 1 } });
    expect(synced.data.conversations[0].messages.slice(0, 2)).toEqual([expect.objectContaining({ id: 2, body: null, unreadable: true }), expect.objectContaining({ id: 3, body: null, unreadable: true })]);
    otherSocket.close();
  });
});

describe('several conversations writing at once', () => {
  it('numbers each conversation\'s messages in the order they were sent, whichever writer stores them', async () => {
    const pairs = await Promise.all([0, 1, 2].map(() => bookedPair(chat.haven)));
    const sockets = await Promise.all(pairs.map((p) => open(p.client.jwt)));
    // Every client fires its twelve messages without waiting; the three conversations interleave.
    const acks = await Promise.all(
      pairs.map((p, n) => Promise.all(Array.from({ length: 12 }, (_, i) => ask(sockets[n], 'message:send', { conversationId: p.conversationId, body: `pair ${n} message ${i}` })))),
    );
    for (const [n, list] of acks.entries()) {
      expect(list.every((a) => a.ok)).toBe(true);
      expect(list.map((a) => a.data.id)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
      expect(list.map((a) => a.data.body)).toEqual(Array.from({ length: 12 }, (_, i) => `pair ${n} message ${i}`));
      const history = await chat.api.get<MessagePage>(`/api/chat/conversations/${pairs[n].conversationId}/messages?limit=50`, pairs[n].therapist.jwt);
      expect(history.body.data.map((m) => m.body)).toEqual(Array.from({ length: 12 }, (_, i) => `pair ${n} message ${i}`));
      // The stored time reads back as the instant the sender was told, whichever way the batch was written.
      expect(history.body.data.map((m) => m.createdAt)).toEqual(list.map((a) => a.data.createdAt));
    }
    for (const socket of sockets) socket.close();
  });
});

describe('sending over REST (the page\'s form without JavaScript)', () => {
  it('stores and delivers like the socket event, with the same refusals as HTTP statuses', async () => {
    const pair = await bookedPair(chat.haven);
    const therapist = await open(pair.therapist.jwt);
    const arriving = next(therapist, 'message:new');
    const sent = await chat.api.post(`/api/chat/conversations/${pair.conversationId}/messages`, { body: 'Sent from a form.' }, pair.client.jwt);
    expect(sent.status).toBe(201);
    expect(sent.body.data).toMatchObject({ id: 1, sender: 'client', body: 'Sent from a form.' });
    expect(await arriving).toEqual(sent.body.data);
    const stranger = await createUser(chat.haven, 'client');
    expect((await chat.api.post(`/api/chat/conversations/${pair.conversationId}/messages`, { body: 'hi' }, stranger.jwt)).status).toBe(404);
    const tooLong = await chat.api.post(`/api/chat/conversations/${pair.conversationId}/messages`, { body: 'x'.repeat(4001) }, pair.client.jwt);
    expect(tooLong.status).toBe(413);
    expect(tooLong.body.error.message).toMatch(/at most 4000 characters/);
    expect((await chat.api.post(`/api/chat/conversations/${pair.conversationId}/messages`, { body: ['x'] }, pair.client.jwt)).status).toBe(400);
    expect((await chat.api.post(`/api/chat/conversations/${pair.conversationId}/messages`, { body: 'x', extra: 1 }, pair.client.jwt)).status).toBe(400);
    expect(await messageRows((await conversationRow(pair.conversationId)).id)).toHaveLength(1);
  });
});

describe('bad input and limits', () => {
  let pair: Pair;
  let client: ChatSocket;
  beforeAll(async () => {
    pair = await bookedPair(chat.haven);
    client = await open(pair.client.jwt);
  });

  it('refuses oversize, empty, non-string bodies and unknown fields with a clear error event, storing nothing', async () => {
    const errors = record(client, 'chat:error');
    const cases = badSends(pair.conversationId);
    for (const [payload, code] of cases) {
      const ack = await ask(client, 'message:send', payload);
      expect(ack.ok, JSON.stringify(payload).slice(0, 60)).toBe(false);
      expect(ack.error.code).toBe(code);
    }
    const tooLong = await ask(client, 'message:send', { conversationId: pair.conversationId, body: 'x'.repeat(4001) });
    expect(tooLong.error.message).toMatch(/at most 4000 characters/);
    await pause(50);
    expect(errors.map((e) => e.code)).toEqual([...cases.map(([, code]) => code), 'too-large']);
    expect(errors.every((e) => e.event === 'message:send')).toBe(true);
    expect(await messageRows((await conversationRow(pair.conversationId)).id)).toHaveLength(0);
  });

  it('closes a connection that sends a frame over the size limit before parsing it', async () => {
    const victim = await open(pair.client.jwt);
    const closed = new Promise<string>((resolve) => victim.once('disconnect', (reason) => resolve(reason)));
    victim.emit('message:send', { conversationId: pair.conversationId, body: 'y'.repeat(70_000) });
    expect(await closed).toBe('transport close');
    expect(await messageRows((await conversationRow(pair.conversationId)).id)).toHaveLength(0);
  });

  it('rate-limits each person over all their connections, with a clear error and a retry time', async () => {
    const second = await open(pair.client.jwt);
    await pause(2100);
    const results = await Promise.all(Array.from({ length: 60 }, (_, i) => ask(i % 2 ? second : client, 'message:send', { conversationId: pair.conversationId, body: `flood ${i}` })));
    const accepted = results.filter((r) => r.ok);
    const refused = results.filter((r) => !r.ok);
    // 40 per 2 s, counted over both connections.
    expect(accepted.length).toBe(40);
    expect(refused.length).toBe(20);
    for (const r of refused) {
      expect(r.error.code).toBe('rate-limited');
      expect(r.error.retryAfterMs).toBeGreaterThan(0);
      expect(r.error.message).toMatch(/wait \d+ second/);
    }
    expect(await messageRows((await conversationRow(pair.conversationId)).id)).toHaveLength(accepted.length);
    await pause(2100);
    expect((await ask(client, 'message:send', { conversationId: pair.conversationId, body: 'after the window' })).ok).toBe(true);
  });
});
