/**
 * A ban reaches every process (issue 17, item 3): two CMS processes on one database, the chat joined
 * through a real Redis (@socket.io/redis-adapter). Staff ban through process A's admin API; the person's
 * socket on process B closes within 2 s, and B refuses a reconnect, the old access and refresh tokens and a
 * log-in;
 * unbanning through A lets them log in on B again. And what B keeps of an account for AUTH_CACHE_MS
 * (issue 21) gives way within 2 s to a ban, a revoked session and a changed role made through A, and
 * a community listing B keeps (COMMUNITY_CACHE_MS) to a post written or hidden through A.
 * Always PostgreSQL (two processes on one SQLite file are not how Haven scales out), in a database of
 * its own, whatever the run's DATABASE_CLIENT; Redis at TEST_REDIS_URL (default redis://127.0.0.1:6379).
 */
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, createDatabase, createUser, randomClientAddress, startHaven, type Haven } from '../helpers/haven';
import { within } from '../helpers/within';
import { startSecondCms, type SecondCms } from '../helpers/second-cms';
import { createStaff, type Staff } from '../helpers/staff';
import { connect, type ChatSocket } from './chat-helpers';

const REDIS_URL = process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379';

describe('a ban on every process', () => {
  let haven: Haven;
  let processB: SecondCms | undefined;
  let urlB: string;
  let admin: Staff;
  const sockets: ChatSocket[] = [];

  beforeAll(async () => {
    haven = await startHaven({
      database: await createDatabase('postgres'),
      // Every run gets its own channels on the shared Redis.
      env: { REDIS_URL, CHAT_REDIS_PREFIX: `haven-test-${crypto.randomBytes(4).toString('hex')}` },
    });
    processB = await startSecondCms({ listen: true, env: { BOOKING_WORKERS: 'false' } });
    urlB = processB.url!;
    admin = await createStaff(haven, 'super-admin');
  }, 180_000);

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await processB?.stop();
    await haven?.close();
  });

  const onA = (path: string, body: unknown) =>
    fetch(haven.url + path, { method: 'POST', headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  // Each call from an address of its own, as the site's visitors: per-address log-in limits stay out of the way.
  const onB = () => apiClient(urlB, { 'x-forwarded-for': randomClientAddress() });

  it('ban through A: the socket on B closes within 2 s; B refuses a reconnect, the old tokens and a log-in; unban through A: log-in on B works', async () => {
    expect((await onB().get('/api/chat/health')).body.realtime).toBe('redis');
    const client = await createUser(haven, 'client');
    const socket = await connect(urlB, client.jwt);
    sockets.push(socket);
    const closed = new Promise<{ at: number; reason: string }>((resolve) => socket.once('disconnect', (reason) => resolve({ at: Date.now(), reason })));

    const started = Date.now();
    const ban = await onA(`/accounts/accounts/${client.id}/ban`, { reason: 'Threatening another member' });
    expect(ban.status).toBe(200);
    const { at, reason } = await closed;
    const disconnectMs = at - started;
    console.info(`[accounts-cluster] ban through A → socket on B closed after ${disconnectMs} ms`);
    expect(reason).toBe('io server disconnect');
    expect(disconnectMs).toBeLessThan(2000);

    await expect(connect(urlB, client.jwt)).rejects.toThrow();
    expect((await onB().get('/api/profiles/me', client.jwt)).status).toBe(401);
    expect((await onB().post('/api/auth/refresh', { refreshToken: client.refreshToken })).status).toBeGreaterThanOrEqual(400);
    const refused = await onB().post('/api/auth/local', { identifier: client.email, password: client.password });
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(JSON.stringify(refused.body)).toMatch(/blocked/i);

    expect((await onA(`/accounts/accounts/${client.id}/unban`, { reason: 'Appeal upheld' })).status).toBe(200);
    const login = await onB().post('/api/auth/local', { identifier: client.email, password: client.password });
    expect(login.status).toBe(200);
    const again = await connect(urlB, login.body.jwt);
    sockets.push(again);
    expect(again.connected).toBe(true);
  });

  const meOnB = async (jwt: string) => (await onB().get('/api/users/me', jwt)).status;
  /** Requests on B until B keeps the account, its session and token (AUTH_CACHE_MS, cms lib/security/auth-cost.ts). */
  const warmB = async (jwt: string) => {
    for (let i = 0; i < 3; i++) expect(await meOnB(jwt)).toBe(200);
  };

  it('what B keeps of an account yields within 2 s to a ban, a revoked session and a changed role made through A', async () => {
    const UP = 'plugin::users-permissions';
    // A ban through A's admin API.
    const banned = await createUser(haven, 'client');
    await warmB(banned.jwt);
    expect((await onA(`/accounts/accounts/${banned.id}/ban`, { reason: 'Spam' })).status).toBe(200);
    const banMs = await within(2000, async () => (await meOnB(banned.jwt)) === 401);

    // One of two sessions revoked through A by its owner (the site's "sign out that device").
    const person = await createUser(haven, 'client');
    const second = await apiClient(haven.url, { 'x-forwarded-for': randomClientAddress() }).post('/api/auth/local', { identifier: person.email, password: person.password });
    expect(second.status).toBe(200);
    await warmB(person.jwt);
    await warmB(second.body.jwt);
    const sessionId = (JSON.parse(Buffer.from(person.jwt.split('.')[1], 'base64url').toString('utf8')) as { sessionId: string }).sessionId;
    const revoke = await fetch(`${haven.url}/api/auth/sessions/${sessionId}`, { method: 'DELETE', headers: { authorization: `Bearer ${second.body.jwt}` } });
    expect(revoke.status).toBeLessThan(300);
    const revokeMs = await within(2000, async () => (await meOnB(person.jwt)) === 401);
    expect(await meOnB(second.body.jwt)).toBe(200);

    // A role without the right to read oneself, given through A's database layer.
    const bare = await haven.strapi.db.query(`${UP}.role`).create({ data: { name: `No rights ${crypto.randomBytes(3).toString('hex')}`, description: 'test', type: `bare-${crypto.randomBytes(3).toString('hex')}` } });
    await warmB(second.body.jwt);
    await haven.strapi.db.query(`${UP}.user`).update({ where: { id: person.id }, data: { role: bare.id } });
    const roleMs = await within(2000, async () => (await meOnB(second.body.jwt)) === 403);
    console.info(`[accounts-cluster] with B's caches warm: ban through A refused on B after ${banMs} ms, revoked session after ${revokeMs} ms, changed role after ${roleMs} ms`);
  });

  it('a community listing B keeps yields within 2 s to a post written, and one hidden, through A', async () => {
    const writer = await createUser(haven, 'client');
    const reader = await createUser(haven, 'client');
    const path = '/api/community/posts?category=wins-and-gratitude&sort=new';
    const idsOnB = async () => ((await onB().get(path, reader.jwt)).body.data as Array<{ id: string }>).map((p) => p.id);
    await idsOnB();
    await idsOnB(); // kept on B now (COMMUNITY_CACHE_MS)
    const posted = await apiClient(haven.url).post('/api/community/posts', { category: 'wins-and-gratitude', title: 'A small win', body: 'I went for a walk today and it helped a little.' }, writer.jwt);
    expect(posted.status, JSON.stringify(posted.body)).toBe(201);
    const id = posted.body.data.id as string;
    const shownMs = await within(2000, async () => (await idsOnB()).includes(id));
    await haven.strapi.db.query('plugin::community.post').update({ where: { documentId: id }, data: { state: 'hidden' } });
    const hiddenMs = await within(2000, async () => !(await idsOnB()).includes(id));
    console.info(`[accounts-cluster] community listing kept on B: a post written through A shown after ${shownMs} ms, hidden through A gone after ${hiddenMs} ms`);
  });
});
