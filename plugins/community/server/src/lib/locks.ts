/**
 * Per-key serialisation inside this process: a member's writes run one after another, so that a
 * burst of parallel requests cannot slip past the hourly limits between "count" and "create".
 */
const tails = new Map<string, Promise<void>>();

export async function withLock<T>(key: string, task: () => Promise<T>): Promise<T> {
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

/** True for a unique-constraint violation, on SQLite or PostgreSQL. */
export function isUniqueViolation(err: unknown): boolean {
  const e = (typeof err === 'object' && err !== null ? err : {}) as { code?: unknown; message?: unknown };
  const code = String(e.code ?? '');
  return code === '23505' || code.startsWith('SQLITE_CONSTRAINT') || /unique constraint|UNIQUE constraint failed|duplicate key/i.test(String(e.message ?? ''));
}
