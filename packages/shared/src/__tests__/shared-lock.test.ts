/** The cross-process lock against a real redis-server (TEST_REDIS_URL); two connections stand for two processes. */
import crypto from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedLock } from '../server/shared-lock';

const REDIS_URL = process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379';
const RUN = `haven-test-${crypto.randomBytes(4).toString('hex')}:limits:lock:`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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

describe('sharedLock', () => {
  it('runs one task of a key at a time over two processes; other keys run side by side', async () => {
    const one = sharedLock(a, RUN);
    const two = sharedLock(b, RUN);
    let inside = 0;
    let most = 0;
    const task = async () => {
      inside += 1;
      most = Math.max(most, inside);
      await sleep(15);
      inside -= 1;
    };
    const finished: string[] = [];
    await Promise.all([
      ...Array.from({ length: 8 }, (_, i) => (i % 2 ? one : two).run('member:1', task).then(() => finished.push('member:1'))),
      // Another key does not wait for member:1's queue.
      two.run('member:2', async () => undefined).then(() => finished.push('member:2')),
    ]);
    expect(finished.indexOf('member:2')).toBeLessThan(finished.lastIndexOf('member:1'));
    expect(most).toBe(1);
    expect(await a.exists(`${RUN}member:1`)).toBe(0);
  });

  it('keeps a lock alive past its ttl while the task runs', async () => {
    const one = sharedLock(a, RUN, { ttlMs: 600 });
    const two = sharedLock(b, RUN, { ttlMs: 600, waitMs: 4000 });
    const events: string[] = [];
    const first = one.run('long', async () => {
      events.push('first in');
      await sleep(1500);
      events.push('first out');
    });
    await sleep(20);
    await two.run('long', async () => events.push('second in'));
    await first;
    expect(events).toEqual(['first in', 'first out', 'second in']);
  });

  it('gives up after waitMs with a 503, and a holder never releases a lock that is no longer its own', async () => {
    const one = sharedLock(a, RUN, { waitMs: 100 });
    await a.set(`${RUN}busy`, 'someone-else', 'PX', 5000);
    const started = Date.now();
    await expect(one.run('busy', async () => 'never')).rejects.toMatchObject({ status: 503 });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await a.get(`${RUN}busy`)).toBe('someone-else');

    // A holder whose key was taken over (it expired, another process holds it now) leaves it alone.
    await a.del(`${RUN}busy`);
    await one.run('taken', async () => {
      await a.set(`${RUN}taken`, 'the-next-holder');
    });
    expect(await a.get(`${RUN}taken`)).toBe('the-next-holder');
  });

  it('runs the task without the shared lock while Redis does not answer, and says so once', async () => {
    const down = new Redis('redis://127.0.0.1:1', { enableOfflineQueue: false, maxRetriesPerRequest: 0, lazyConnect: true, retryStrategy: () => null });
    down.on('error', () => undefined);
    const warnings: string[] = [];
    const lock = sharedLock(down, RUN, { warn: (m) => warnings.push(m) });
    expect(await lock.run('k', async () => 'ran')).toBe('ran');
    expect(await lock.run('k', async () => 'again')).toBe('again');
    expect(warnings).toHaveLength(1);
    down.disconnect();
  });
});
