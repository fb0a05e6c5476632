import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { coalesce, walFlush } from '../wal-sync';

/** A flush the test finishes by hand, recording when each one started. */
function manualFlush() {
  const started: { finish(): void; fail(err: Error): void }[] = [];
  const flush = () =>
    new Promise<void>((resolve, reject) => {
      started.push({ finish: resolve, fail: reject });
    });
  return { flush, started };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('coalesced flushes of the SQLite log', () => {
  it('starts a flush at once when none runs', async () => {
    const { flush, started } = manualFlush();
    const durable = coalesce(flush);
    let done = false;
    void durable().then(() => (done = true));
    expect(started).toHaveLength(1);
    await tick();
    expect(done).toBe(false);
    started[0].finish();
    await tick();
    expect(done).toBe(true);
  });

  it('commits made during a flush wait for the one next flush, which starts only after it', async () => {
    const { flush, started } = manualFlush();
    const durable = coalesce(flush);
    const order: string[] = [];
    void durable().then(() => order.push('first'));
    // Written after the first flush began: it may not cover them.
    const later = Array.from({ length: 5 }, (_, i) => durable().then(() => order.push(`later ${i}`)));
    expect(started).toHaveLength(1);
    started[0].finish();
    await tick();
    expect(order).toEqual(['first']);
    // Exactly one more flush for all five.
    expect(started).toHaveLength(2);
    started[1].finish();
    await Promise.all(later);
    expect(order).toEqual(['first', 'later 0', 'later 1', 'later 2', 'later 3', 'later 4']);
    expect(started).toHaveLength(2);
  });

  it('a failed flush fails its callers, and the next commit gets a flush of its own', async () => {
    const { flush, started } = manualFlush();
    const durable = coalesce(flush);
    const first = durable();
    const queued = durable();
    started[0].fail(new Error('EIO'));
    await expect(first).rejects.toThrow('EIO');
    await tick();
    // The queued caller's commit is covered only by a flush that succeeds.
    expect(started).toHaveLength(2);
    started[1].finish();
    await expect(queued).resolves.toBeUndefined();
    const again = durable();
    expect(started).toHaveLength(3);
    started[2].finish();
    await expect(again).resolves.toBeUndefined();
  });
});

describe('flushing the log file', () => {
  it('flushes <database>-wal, and treats a log SQLite has removed as already in the database', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-wal-'));
    try {
      const database = path.join(dir, 'haven.db');
      await expect(walFlush(database)()).resolves.toBeUndefined();
      fs.writeFileSync(`${database}-wal`, 'frames');
      await expect(walFlush(database)()).resolves.toBeUndefined();
      // Something that is not a file cannot be flushed: the error reaches the senders.
      fs.rmSync(`${database}-wal`);
      fs.mkdirSync(`${database}-wal`);
      await expect(walFlush(database)()).rejects.toThrow();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
