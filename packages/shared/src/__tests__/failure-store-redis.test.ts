/**
 * The shared failure store against a real redis-server (TEST_REDIS_URL, default redis://127.0.0.1:6379),
 * every run under a key prefix of its own. Two connections stand for two CMS processes.
 */
import crypto from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryFailureStore, PENDING_TTL_MS, RedisFailureStore, type FailureStore, type LockoutPolicy } from '../server/failure-store';

const REDIS_URL = process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379';
const RUN = `haven-test-${crypto.randomBytes(4).toString('hex')}:limits:ledger:`;
const MINUTE = 60_000;

let a: Redis;
let b: Redis;
beforeAll(async () => {
  a = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  b = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  await Promise.all([a.ping(), b.ping()]);
});
afterAll(async () => {
  const keys = await a.keys(`${RUN}*`);
  if (keys.length) await a.del(...keys);
  await Promise.all([a.quit(), b.quit()]);
});

const policy = (over: Partial<LockoutPolicy> = {}): LockoutPolicy => ({ freeFailures: 3, baseDelayMs: 1000, maxDelayMs: 16_000, forgetAfterMs: 10 * MINUTE, ...over });
let ledgers = 0;
/** Two "processes" on one ledger (same key prefix), sharing a test clock. */
function pair(p: LockoutPolicy = policy()) {
  const clock = { now: 1_700_000_000_000 };
  const keyPrefix = `${RUN}${(ledgers += 1)}:`;
  const make = (redis: Redis) => new RedisFailureStore({ redis, keyPrefix, policy: p, now: () => clock.now });
  return { one: make(a), two: make(b), clock, advance: (ms: number) => (clock.now += ms), keyPrefix };
}
const wrong = async (store: FailureStore, key: string) => {
  expect(await store.begin(key)).toBe(0);
  await store.fail(key);
};

describe('RedisFailureStore', () => {
  it('adds failures from two processes into one lock-out: the other process refuses', async () => {
    const { one, two } = pair();
    await wrong(one, 'site:user:1');
    await wrong(two, 'site:user:1');
    expect(await one.failures('site:user:1')).toBe(2);
    await wrong(one, 'site:user:1');
    expect(await two.begin('site:user:1')).toBe(1000);
    expect(await one.begin('site:user:1')).toBe(1000);
    // Another key is its own count.
    expect(await two.begin('site:user:2')).toBe(0);
  });

  it('doubles the lock-out with each failure past the free ones, up to the longest, exactly as the memory ledger', async () => {
    const { one, two, advance } = pair();
    const memoryClock = { now: 1_700_000_000_000 };
    const memory = new MemoryFailureStore(policy(), () => memoryClock.now);
    const seen: number[] = [];
    /** How long the key must wait now; an attempt that may start is given back at once. */
    const probe = async (store: FailureStore) => {
      const wait = await store.begin('k');
      if (wait === 0) await store.release('k');
      return wait;
    };
    for (let i = 0; i < 9; i += 1) {
      const store = i % 2 ? one : two;
      await wrong(store, 'k');
      await wrong(memory, 'k');
      const shared = await probe(store);
      expect(shared).toBe(await probe(memory));
      seen.push(shared);
      // Wait out the lock-out on both clocks.
      advance(shared);
      memoryClock.now += shared;
    }
    expect(seen).toEqual([0, 0, 1000, 2000, 4000, 8000, 16_000, 16_000, 16_000]);
  });

  it('counts attempts under way: of 20 parallel attempts on two processes exactly the free ones pass', async () => {
    const { one, two } = pair(policy({ freeFailures: 5 }));
    const waits = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? one : two).begin('burst')));
    expect(waits.filter((w) => w === 0)).toHaveLength(5);
    expect(waits.filter((w) => w > 0)).toHaveLength(15);
  });

  it('parallel failures on two processes are all counted (no lost update)', async () => {
    const { one, two } = pair(policy({ freeFailures: 100 }));
    await Promise.all(Array.from({ length: 40 }, (_, i) => wrong(i % 2 ? one : two, 'many')));
    expect(await one.failures('many')).toBe(40);
  });

  it('release gives an attempt back; success clears the key on every process', async () => {
    const { one, two } = pair();
    await wrong(one, 'x');
    await wrong(one, 'x');
    expect(await two.begin('x')).toBe(0);
    // 2 failures + 1 under way = the 3 free ones: the next waits while it is under way.
    expect(await one.begin('x')).toBeGreaterThan(0);
    await two.release('x');
    expect(await one.begin('x')).toBe(0);
    await one.succeed('x');
    expect(await two.failures('x')).toBe(0);
    expect(await two.begin('x')).toBe(0);
  });

  it('forgets a quiet key after forgetAfterMs, and an attempt of a process that died after PENDING_TTL_MS', async () => {
    const { one, two, advance } = pair(policy({ forgetAfterMs: 5 * MINUTE }));
    await wrong(one, 'quiet');
    await wrong(one, 'quiet');
    advance(5 * MINUTE + 1);
    expect(await two.failures('quiet')).toBe(0);

    await wrong(one, 'dead');
    await wrong(one, 'dead');
    expect(await one.begin('dead')).toBe(0); // this "process" dies now, never ending the attempt
    expect(await two.begin('dead')).toBeGreaterThan(0);
    advance(PENDING_TTL_MS + 1);
    expect(await two.begin('dead')).toBe(0);
  });

  it('sets an expiry on every key it writes, as long as the key still matters and no longer', async () => {
    const { one, advance } = pair(policy({ freeFailures: 1, baseDelayMs: 20 * MINUTE, maxDelayMs: 20 * MINUTE, forgetAfterMs: 5 * MINUTE }));
    expect(await one.begin('ttl')).toBe(0);
    const key = one.keyOf('ttl');
    // Under way: kept at least as long as the quiet window.
    const pending = await a.pttl(key);
    expect(pending).toBeGreaterThan(5 * MINUTE - 1000);
    expect(pending).toBeLessThanOrEqual(5 * MINUTE);
    await one.fail('ttl');
    // Locked out for 20 minutes: the key lives that long, not the 5-minute quiet window.
    const locked = await a.pttl(key);
    expect(locked).toBeGreaterThan(20 * MINUTE - 1000);
    expect(locked).toBeLessThanOrEqual(20 * MINUTE);
    advance(1);
    await one.release('ttl');
    expect(await a.pttl(key)).toBeLessThanOrEqual(20 * MINUTE);
  });

  it('really expires: Redis drops a key once its time is over', async () => {
    // The real clock here, and a policy of milliseconds.
    const keyPrefix = `${RUN}real:`;
    const store = new RedisFailureStore({ redis: a, keyPrefix, policy: policy({ freeFailures: 1, baseDelayMs: 100, maxDelayMs: 100, forgetAfterMs: 150 }) });
    await wrong(store, 'gone');
    expect(await store.begin('gone')).toBeGreaterThan(0);
    expect(await a.exists(store.keyOf('gone'))).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(await a.exists(store.keyOf('gone'))).toBe(0);
    expect(await store.begin('gone')).toBe(0);
  });

  it('never stores the key in clear: an email becomes a hash under the prefix', async () => {
    const { one, keyPrefix } = pair();
    await wrong(one, 'admin:someone@example.org');
    const keys = await a.keys(`${keyPrefix}*`);
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatch(new RegExp(`^${keyPrefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[0-9a-f]{40}$`));
    expect(JSON.stringify(await a.hgetall(keys[0]))).not.toContain('example.org');
  });

  it('falls back to this process memory while Redis does not answer, and says so once', async () => {
    const down = new Redis('redis://127.0.0.1:1', { enableOfflineQueue: false, maxRetriesPerRequest: 0, lazyConnect: true, retryStrategy: () => null });
    down.on('error', () => undefined);
    const warnings: string[] = [];
    const store = new RedisFailureStore({ redis: down, keyPrefix: `${RUN}down:`, policy: policy(), warn: (m) => warnings.push(m) });
    for (let i = 0; i < 3; i += 1) await wrong(store, 'k');
    // Still limited, per process (the memory store runs on the real clock: a few milliseconds may have passed).
    const wait = await store.begin('k');
    expect(wait).toBeGreaterThan(500);
    expect(wait).toBeLessThanOrEqual(1000);
    expect(await store.failures('k')).toBe(3);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/own memory/);
    down.disconnect();
  });
});
