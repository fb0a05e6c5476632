/**
 * A ban reaches every process (issue 17, item 3): two CMS processes on one database, the chat joined
 * through a real Redis (@socket.io/redis-adapter). Staff ban through process A's admin API; the person's
 * socket on process B closes within 2 s, and B refuses a reconnect, the old access and refresh tokens and a
 * log-in;
 * unbanning through A lets them log in on B again.
 * Always PostgreSQL (two processes on one SQLite file are not how Haven scales out), in a database of
 * its own, whatever the run's DATABASE_CLIENT; Redis at TEST_REDIS_URL (default redis://127.0.0.1:6379).
 */
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, createDatabase, createUser, randomClientAddress, startHaven, type Haven } from '../helpers/haven';
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
});
