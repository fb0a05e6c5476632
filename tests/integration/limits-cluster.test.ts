/**
 * Limits shared between CMS processes through Redis (issue 21, item 3): two CMS processes on one
 * PostgreSQL database and one Redis. Wrong passwords sent to A and B add up to one log-in lock-out (B
 * refuses after A's failures) and to one erasure-form limit; parallel community posts through A and B
 * never exceed the hourly limit (the per-member write lock is held across processes).
 * Always PostgreSQL (two processes on one SQLite file are not how Haven scales out), in a database of
 * its own; Redis at TEST_REDIS_URL (default redis://127.0.0.1:6379), under a key prefix of this run's.
 */
import crypto from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, createDatabase, createUser, randomClientAddress, startHaven, type Haven } from '../helpers/haven';
import { startSecondCms, type SecondCms } from '../helpers/second-cms';
import { CLEAN_TEXT } from './community-helpers';

const REDIS_URL = process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379';
const PREFIX = `haven-test-${crypto.randomBytes(4).toString('hex')}`;
const NEW_MEMBER_POSTS_PER_HOUR = 3;
const AUTH_RATE_LIMIT_MAX = 4;

describe('limits shared by two CMS processes through Redis', () => {
  let haven: Haven;
  let processB: SecondCms | undefined;
  let redis: Redis;

  beforeAll(async () => {
    redis = new Redis(REDIS_URL);
    haven = await startHaven({
      database: await createDatabase('postgres'),
      env: {
        REDIS_URL,
        REDIS_PREFIX: PREFIX,
        CHAT_REDIS_PREFIX: PREFIX,
        // Three free failures, then a minute: long enough that the test never outlives a lock-out.
        LOGIN_LOCKOUT_ACCOUNT_FAILURES: '3',
        LOGIN_LOCKOUT_BASE_MS: '60000',
        // users-permissions' own limit per email, route and address (every other call here comes from an address of its own).
        AUTH_RATE_LIMIT_MAX: String(AUTH_RATE_LIMIT_MAX),
        COMMUNITY_NEW_MEMBER_POSTS_PER_HOUR: String(NEW_MEMBER_POSTS_PER_HOUR),
      },
    });
    processB = await startSecondCms({ listen: true, env: { BOOKING_WORKERS: 'false' } });
  }, 180_000);

  afterAll(async () => {
    await processB?.stop();
    await haven?.close();
    const keys = await redis.keys(`${PREFIX}:*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  // Each call from an address of its own: only the per-account counts are under test.
  const onA = () => apiClient(haven.url, { 'x-forwarded-for': randomClientAddress() });
  const onB = () => apiClient(processB!.url!, { 'x-forwarded-for': randomClientAddress() });

  it('wrong passwords through A and B add up to one lock-out: B refuses after A’s failures, even the right password; Redis holds no email', async () => {
    const user = await createUser(haven, 'client');
    const wrong = (api: ReturnType<typeof onA>) => api.post('/api/auth/local', { identifier: user.email, password: 'Wrong-Passw0rd!' });
    expect((await wrong(onA())).status).toBe(400);
    expect((await wrong(onB())).status).toBe(400);
    expect((await wrong(onA())).status).toBe(400);
    // B has seen one failure itself; the three together lock the account out, on both processes.
    const refused = await onB().post('/api/auth/local', { identifier: user.email, password: user.password });
    expect(refused.status).toBe(429);
    expect(refused.body.error.message).toMatch(/^Too many failed log-ins\. Try again in \d+ seconds\.$/);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(50);
    expect((await onA().post('/api/auth/local', { identifier: user.email, password: user.password })).status).toBe(429);

    // Another account is not affected, on either process.
    const other = await createUser(haven, 'client');
    expect((await onB().post('/api/auth/local', { identifier: other.email, password: other.password })).status).toBe(200);

    const keys = await redis.keys(`${PREFIX}:limits:ledger:*`);
    expect(keys.some((key) => key.startsWith(`${PREFIX}:limits:ledger:login-account:`))).toBe(true);
    for (const key of keys) {
      expect(key).toMatch(/:[0-9a-f]{40}$/);
      expect(await redis.pttl(key)).toBeGreaterThan(0);
    }
    expect(JSON.stringify(keys)).not.toContain(user.email);
  });

  it('wrong passwords on the erasure form through A and B add up to one limit of 5', async () => {
    const user = await createUser(haven, 'client');
    const ask = (api: ReturnType<typeof onA>, password: string) => api.post('/api/privacy/erasure', { password, community: 'erase' }, user.jwt);
    for (let i = 0; i < 5; i += 1) expect((await ask(i % 2 ? onB() : onA(), `not-my-password-${i}`)).status).toBe(400);
    expect((await ask(onB(), user.password)).status).toBe(429);
    expect((await ask(onA(), user.password)).status).toBe(429);
  });

  it(`parallel posts through A and B never exceed the hourly limit (${NEW_MEMBER_POSTS_PER_HOUR} for a new member)`, async () => {
    const author = await createUser(haven, 'client');
    // Each process runs one member's writes one after another anyway; what is under test is A and B
    // counting at the same moment (both see 2 posts, both write a third) without the shared lock.
    const burst = await Promise.all(
      Array.from({ length: 12 }, (_, i) => (i % 2 ? onB() : onA()).post('/api/community/posts', { category: 'general', title: `Burst ${i}`, body: CLEAN_TEXT }, author.jwt)),
    );
    const statuses = burst.map((res) => res.status).sort();
    expect(statuses.filter((status) => status === 201), JSON.stringify(statuses)).toHaveLength(NEW_MEMBER_POSTS_PER_HOUR);
    expect(statuses.filter((status) => status === 429)).toHaveLength(12 - NEW_MEMBER_POSTS_PER_HOUR);
    const member = await haven.strapi.db.query('plugin::community.member').findOne({ where: { userId: author.id } });
    expect(await haven.strapi.db.query('plugin::community.post').count({ where: { authorId: member.id } })).toBe(NEW_MEMBER_POSTS_PER_HOUR);
  });

  it("a member's write on B waits while the member's lock is held elsewhere (here by the test, in Redis)", async () => {
    const author = await createUser(haven, 'client');
    const first = await onA().post('/api/community/posts', { category: 'general', title: 'First', body: CLEAN_TEXT }, author.jwt);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const member = await haven.strapi.db.query('plugin::community.member').findOne({ where: { userId: author.id } });
    const lockKey = `${PREFIX}:limits:lock:community:member:${member.id}`;
    expect(await redis.set(lockKey, 'held-by-the-test', 'PX', 1500, 'NX')).toBe('OK');
    const started = Date.now();
    const second = await onB().post('/api/community/posts', { category: 'general', title: 'Second', body: CLEAN_TEXT }, author.jwt);
    expect(second.status, JSON.stringify(second.body)).toBe(201);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1400);
    // B released its own lock, not the test's (which had expired): nothing is left behind.
    expect(await redis.exists(lockKey)).toBe(0);
  });

  it(`users-permissions' own /api/auth limit counts over both processes (${AUTH_RATE_LIMIT_MAX} a minute per email and address)`, async () => {
    const user = await createUser(haven, 'client');
    const address = randomClientAddress();
    const forgot = (url: string) => apiClient(url, { 'x-forwarded-for': address }).post('/api/auth/forgot-password', { email: user.email });
    const statuses: number[] = [];
    for (let i = 0; i < AUTH_RATE_LIMIT_MAX; i += 1) statuses.push((await forgot(i % 2 ? processB!.url! : haven.url)).status);
    expect(statuses).toEqual(Array(AUTH_RATE_LIMIT_MAX).fill(200));
    // Each process has seen only half of them; together they are the limit.
    expect((await forgot(haven.url)).status).toBe(429);
    expect((await forgot(processB!.url!)).status).toBe(429);
    const keys = await redis.keys(`${PREFIX}:limits:auth-rate:*`);
    expect(keys.length).toBeGreaterThan(0);
    expect(JSON.stringify(keys)).not.toContain(user.email);
  });
});
