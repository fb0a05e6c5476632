/**
 * Scale-out: two CMS processes on one PostgreSQL database, joined through a real Redis
 * (`@socket.io/redis-adapter`). The test's own Strapi is process A; process B is a child process
 * (tests/helpers/second-cms.ts) serving HTTP and socket.io on its own port. Always PostgreSQL and
 * Redis (TEST_REDIS_URL, default redis://127.0.0.1:6379; `.ci/run` starts redis-server when missing).
 */
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, createDatabase, createUser, startHaven, type Haven } from '../helpers/haven';
import { smtpEnv, startMailbox, type Mailbox } from '../helpers/mailbox';
import { startSecondCms, type SecondCms } from '../helpers/second-cms';
import { ask, bookedPair, connect, next, pause, type ChatSocket, type Pair } from './chat-helpers';

const REDIS_URL = process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379';

let haven: Haven;
let processB: SecondCms | undefined;
let urlB: string;
let mailbox: Mailbox;
const sockets: ChatSocket[] = [];

beforeAll(async () => {
  mailbox = await startMailbox();
  const shared = {
    ...smtpEnv(mailbox),
    REDIS_URL,
    // Every run gets its own channels and rate-limit keys on the shared Redis.
    CHAT_REDIS_PREFIX: `haven-test-${crypto.randomBytes(4).toString('hex')}`,
    CHAT_RATE_LIMIT_MESSAGES: '10',
    CHAT_RATE_LIMIT_WINDOW_SECONDS: '5',
  };
  haven = await startHaven({ database: await createDatabase('postgres'), env: shared });
  // Process B inherits the test's environment (the same secrets, database and Redis) from process.env.
  processB = await startSecondCms({ listen: true, env: { BOOKING_WORKERS: 'false' } });
  urlB = processB.url!;
}, 240_000);

afterAll(async () => {
  for (const socket of sockets) socket.close();
  await processB?.stop();
  await haven?.close();
  await mailbox?.close();
});

async function open(url: string, token: string) {
  const socket = await connect(url, token);
  sockets.push(socket);
  return socket;
}

describe('two CMS processes joined by Redis', () => {
  let pair: Pair;
  let clientOnA: ChatSocket;
  let therapistOnB: ChatSocket;

  beforeAll(async () => {
    expect((await apiClient(haven.url).get('/api/chat/health')).body.realtime).toBe('redis');
    pair = await bookedPair(haven);
    clientOnA = await open(haven.url, pair.client.jwt);
    therapistOnB = await open(urlB, pair.therapist.jwt);
  });

  it('a message sent through process A reaches the other person connected to process B, and back', async () => {
    const onB = next(therapistOnB, 'message:new');
    const ack = await ask(clientOnA, 'message:send', { conversationId: pair.conversationId, body: 'sent through A' });
    expect(ack.ok).toBe(true);
    expect(await onB).toEqual(ack.data);

    const onA = next(clientOnA, 'message:new');
    const reply = await ask(therapistOnB, 'message:send', { conversationId: pair.conversationId, body: 'answered through B' });
    expect(reply.ok).toBe(true);
    expect(await onA).toMatchObject({ id: 2, body: 'answered through B', sender: 'therapist' });
    // Both processes number messages in one sequence: the database's, not a process's own.
    const history = await apiClient(urlB).get(`/api/chat/conversations/${pair.conversationId}/messages`, pair.client.jwt);
    expect(history.body.data.map((m: any) => [m.id, m.body])).toEqual([
      [1, 'sent through A'],
      [2, 'answered through B'],
    ]);
  });

  it('typing, read receipts and presence cross processes too', async () => {
    const typing = next(clientOnA, 'typing');
    therapistOnB.emit('typing', { conversationId: pair.conversationId, typing: true });
    expect(await typing).toEqual({ conversationId: pair.conversationId, sender: 'therapist', typing: true });
    const receipt = next(therapistOnB, 'message:read');
    await ask(clientOnA, 'message:read', { conversationId: pair.conversationId, upTo: 2 });
    expect(await receipt).toEqual({ conversationId: pair.conversationId, reader: 'client', upTo: 2 });
    expect(await ask(clientOnA, 'presence:query', { conversationIds: [pair.conversationId] })).toEqual({ ok: true, data: { [pair.conversationId]: true } });
  });

  it('concurrent sends through both processes get distinct, gap-free numbers', async () => {
    const other = await bookedPair(haven, 4);
    const [a, b] = await Promise.all([open(haven.url, other.client.jwt), open(urlB, other.therapist.jwt)]);
    const acks = await Promise.all(Array.from({ length: 16 }, (_, i) => ask(i % 2 ? b : a, 'message:send', { conversationId: other.conversationId, body: `race ${i}` })));
    expect(acks.every((x) => x.ok)).toBe(true);
    expect(acks.map((x) => x.data.id).sort((x, y) => x - y)).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
  });

  it('shares each person\'s rate limit between processes', async () => {
    const other = await bookedPair(haven, 6);
    const [onA, onB] = await Promise.all([open(haven.url, other.client.jwt), open(urlB, other.client.jwt)]);
    const results = await Promise.all(Array.from({ length: 16 }, (_, i) => ask(i % 2 ? onB : onA, 'message:send', { conversationId: other.conversationId, body: `burst ${i}` })));
    expect(results.filter((r) => r.ok)).toHaveLength(10);
    expect(results.filter((r) => !r.ok).every((r) => r.error.code === 'rate-limited')).toBe(true);
  });

  it('shares every event budget between processes: sync (5 a window) and presence (10) over both', async () => {
    const person = await createUser(haven, 'client');
    const [onA, onB] = await Promise.all([open(haven.url, person.jwt), open(urlB, person.jwt)]);
    // Short of the flood limit on either connection (30 refusals a window close one), however the passes fall.
    const since = { since: { [crypto.randomBytes(12).toString('hex')]: 0 } };
    const syncs = await Promise.all(Array.from({ length: 20 }, (_, i) => ask(i % 2 ? onB : onA, 'sync', since)));
    expect(syncs.filter((r) => r.ok)).toHaveLength(5);
    expect(syncs.filter((r) => !r.ok).every((r) => r.error.code === 'rate-limited' && r.error.event === 'sync')).toBe(true);
    const query = { conversationIds: [crypto.randomBytes(12).toString('hex')] };
    const presence = await Promise.all(Array.from({ length: 30 }, (_, i) => ask(i % 2 ? onB : onA, 'presence:query', query)));
    expect(presence.filter((r) => r.ok)).toHaveLength(10);
    expect(presence.filter((r) => !r.ok).every((r) => r.error.code === 'rate-limited')).toBe(true);
    expect(onA.connected && onB.connected).toBe(true);
  });

  it('an urgent message sent through A mails no therapist connected only to B; once they have left, it does', async () => {
    const other = await bookedPair(haven);
    const client = await open(haven.url, other.client.jwt);
    const therapist = await open(urlB, other.therapist.jwt);
    const urgentMails = () => mailbox.messages.filter((m) => /marked urgent/.test(m.subject ?? '') && JSON.stringify(m.to).includes(other.therapist.email));
    const seen = next(therapist, 'message:new');
    expect(await ask(client, 'message:send', { conversationId: other.conversationId, body: 'I want to kill myself' })).toMatchObject({ ok: true, data: { urgent: true } });
    expect(await seen).toMatchObject({ urgent: true });
    // Presence is asked of every process through Redis: process A finds the therapist's socket on B.
    await pause(1500);
    expect(urgentMails()).toHaveLength(0);

    const left = new Promise((resolve) => therapist.once('disconnect', resolve));
    therapist.close();
    await left;
    await pause(200);
    expect(await ask(client, 'message:send', { conversationId: other.conversationId, body: 'I want to kill myself' })).toMatchObject({ ok: true, data: { urgent: true } });
    await mailbox.waitFor((m) => /marked urgent/.test(m.subject ?? '') && JSON.stringify(m.to).includes(other.therapist.email));
    expect(urgentMails()).toHaveLength(1);
  });

  it('blocking an account through process A disconnects its socket on process B', async () => {
    const person = await createUser(haven, 'client');
    const socket = await open(urlB, person.jwt);
    const gone = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    await haven.strapi.plugin('users-permissions').service('user').edit(person.id, { blocked: true });
    expect(await gone).toBe('io server disconnect');
  });
});
