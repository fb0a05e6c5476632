/**
 * A lock held across CMS processes through Redis: SET key token NX PX ttl, released only by its holder
 * (a Lua compare-and-delete, so a lock that expired and was taken by another is never released by
 * the late first holder), kept alive while the task runs (the expiry is pushed forward every third of
 * the ttl), waited for at most `waitMs`.
 *
 * Why Redis and not a PostgreSQL advisory lock: an advisory transaction lock would have to wrap the
 * whole task in one transaction, and the tasks it guards (community's writes) catch unique-constraint
 * violations and carry on, which aborts a PostgreSQL transaction; a session lock would pin one pooled
 * connection per waiting writer. Redis is already there whenever there is more than one process (the
 * chat's adapter needs it), and with one process the in-process lock is enough.
 *
 * If Redis does not answer, the task runs under the caller's in-process lock only (as without Redis)
 * and a warning is logged at most once a minute: writes go on, and only a burst spread over several
 * processes during the outage could pass a limit.
 */
import crypto from 'node:crypto';
import type { Redis } from 'ioredis';
import { unavailable } from '../errors';
import { throttledWarn } from './shared-redis';

const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;
const EXTEND = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0`;

export interface SharedLockOptions {
  /** How long a lock lives if its holder dies without releasing it (default 10 s). */
  ttlMs?: number;
  /** How long a caller waits for a busy lock before a 503 (default 5 s). */
  waitMs?: number;
  warn?: (message: string) => void;
}

export interface SharedLock {
  run<T>(key: string, task: () => Promise<T>): Promise<T>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function sharedLock(redis: Redis, keyPrefix: string, options: SharedLockOptions = {}): SharedLock {
  const ttlMs = options.ttlMs ?? 10_000;
  const waitMs = options.waitMs ?? 5_000;
  const warn = throttledWarn(options.warn ?? console.warn);

  /** The token when taken, null when the wait ran out; throws when Redis does not answer. */
  async function acquire(key: string, token: string): Promise<string | null> {
    const deadline = Date.now() + waitMs;
    let pause = 5;
    for (;;) {
      if ((await redis.set(key, token, 'PX', ttlMs, 'NX')) === 'OK') return token;
      if (Date.now() >= deadline) return null;
      // A short, growing, jittered pause: holders are quick (one write), and waiters should not march in step.
      await sleep(Math.min(pause, Math.max(1, deadline - Date.now())) + crypto.randomInt(0, 5));
      pause = Math.min(pause * 2, 50);
    }
  }

  return {
    async run<T>(name: string, task: () => Promise<T>): Promise<T> {
      const key = keyPrefix + name;
      const token = crypto.randomBytes(16).toString('hex');
      let held: string | null;
      try {
        held = await acquire(key, token);
      } catch (err) {
        warn(`[limits] Redis did not answer (${err instanceof Error ? err.message : String(err)}): writes are serialised per process only until it does`);
        return task();
      }
      if (!held) throw unavailable('Another of your changes is still being saved. Please try again in a moment.');
      const keepAlive = setInterval(() => {
        redis.eval(EXTEND, 1, key, token, ttlMs).catch(() => undefined);
      }, Math.max(100, Math.floor(ttlMs / 3)));
      keepAlive.unref();
      try {
        return await task();
      } finally {
        clearInterval(keepAlive);
        // The key expires anyway if this fails (Redis gone): the next holder waits at most the ttl.
        await redis.eval(RELEASE, 1, key, token).catch(() => undefined);
      }
    },
  };
}
