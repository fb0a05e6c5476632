/**
 * Group commit for SQLite in write-ahead-log mode.
 *
 * With `synchronous = FULL`, every COMMIT waits for an fsync of the log before it returns, and
 * better-sqlite3 runs on the main thread: the whole process stops for each fsync (6 ms a commit on
 * the machines the chat bench ran on, a fifth of its time under load). The chat's batches commit
 * with `synchronous = NORMAL` instead (the log is written, not yet flushed) and then flush the log
 * here, on libuv's thread pool, before anyone is told their message is sent. Durability of an
 * acknowledged message is the same as with FULL (SQLite's FULL is exactly "sync the log after each
 * commit"); what changes is that the process keeps serving sockets during the flush, and that one
 * flush covers every commit written before it began.
 */
import fs from 'node:fs/promises';

/** A flush of everything written so far; resolves when it is on stable storage. */
export type Flush = () => Promise<void>;

/**
 * Coalesces flushes: a call while none runs starts one; calls while one runs (whose commits may have
 * been written after it began) share the single flush that starts when it ends.
 */
export function coalesce(flush: Flush): Flush {
  let running: Promise<void> | null = null;
  let next: Promise<void> | null = null;
  const durable: Flush = () => {
    if (!running) {
      running = flush().finally(() => {
        running = null;
      });
      return running;
    }
    next ??= running
      .then(
        () => undefined,
        () => undefined,
      )
      .then(() => {
        next = null;
        return durable();
      });
    return next;
  };
  return durable;
}

/** fdatasync of a SQLite database's log file (`<file>-wal`). */
export function walFlush(databaseFile: string): Flush {
  const walFile = `${databaseFile}-wal`;
  return async () => {
    let handle: fs.FileHandle;
    try {
      handle = await fs.open(walFile, 'r+');
    } catch (err) {
      // No log: SQLite checkpointed it into the database file and removed it, and a checkpoint
      // syncs the database file (synchronous NORMAL and FULL alike) before the log goes.
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    try {
      await handle.datasync();
    } finally {
      await handle.close();
    }
  };
}
