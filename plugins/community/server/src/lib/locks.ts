import { sharedLock, type SharedLock } from '@haven/shared/server/shared-lock';
import { sharedRedis, type SharedRedis } from '@haven/shared/server/shared-redis';

/**
 * Per-key serialisation of a member's writes, so that a burst of parallel requests cannot slip past
 * the hourly limits between "count" and "create" (the count is in the database). First inside this
 * process (a promise chain per key); then, when REDIS_URL joins several CMS processes, across all of
 * them (a Redis lock, @haven/shared/server/shared-lock: why Redis, and what happens while it is down).
 * Holding the local lock first means one process asks Redis for a key once at a time.
 */
const tails = new Map<string, Promise<void>>();

let shared: { on: SharedRedis; lock: SharedLock } | null = null;
/** The cross-process lock, or null with one process (no REDIS_URL); one per connection (a restarted CMS opens a new one). */
function crossProcess(): SharedLock | null {
  const redis = sharedRedis();
  if (!redis) return null;
  if (shared?.on !== redis) shared = { on: redis, lock: sharedLock(redis.redis, redis.key('lock:community:')) };
  return shared.lock;
}

async function withLocalLock<T>(key: string, task: () => Promise<T>): Promise<T> {
  const previous = tails.get(key) ?? Promise.resolve();
  let release!: () => void;
  const mine = new Promise<void>((resolve) => (release = resolve));
  const tail = previous.then(() => mine);
  tails.set(key, tail);
  await previous;
  try {
    return await task();
  } finally {
    release();
    if (tails.get(key) === tail) tails.delete(key);
  }
}

export function withLock<T>(key: string, task: () => Promise<T>): Promise<T> {
  return withLocalLock(key, () => {
    const across = crossProcess();
    return across ? across.run(key, task) : task();
  });
}

/** True for a unique-constraint violation, on SQLite or PostgreSQL. */
export function isUniqueViolation(err: unknown): boolean {
  const e = (typeof err === 'object' && err !== null ? err : {}) as { code?: unknown; message?: unknown };
  const code = String(e.code ?? '');
  return code === '23505' || code.startsWith('SQLITE_CONSTRAINT') || /unique constraint|UNIQUE constraint failed|duplicate key/i.test(String(e.message ?? ''));
}
