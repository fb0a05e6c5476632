import { describe, expect, it } from 'vitest';
import { GroupCommitQueue } from '../queue';

interface Item {
  n: number;
  settled: string | null;
  reject(err: unknown): void;
}

const item = (n: number): Item => {
  const it: Item = { n, settled: null, reject: (err) => (it.settled = `rejected: ${(err as Error).message}`) };
  return it;
};

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('the group-commit queue', () => {
  it('writes what arrives while a batch is written together in the next batch, at most batchSize at a time', async () => {
    const batches: number[][] = [];
    let release: () => void = () => undefined;
    const queue: GroupCommitQueue<Item> = new GroupCommitQueue<Item>({
      batchSize: () => 3,
      write: async (batch) => {
        batches.push(batch.map((i) => i.n));
        if (batches.length === 1) await new Promise<void>((resolve) => (release = resolve));
      },
      logError: () => undefined,
    });
    queue.push(item(1));
    await tick();
    for (const n of [2, 3, 4, 5]) queue.push(item(n));
    release();
    await queue.flush();
    expect(batches).toEqual([[1], [2, 3, 4], [5]]);
  });

  it('fails every item of a batch whose write throws, logs it, and goes on with the next', async () => {
    const logged: string[] = [];
    let calls = 0;
    const queue = new GroupCommitQueue<Item>({
      batchSize: () => 2,
      write: async () => {
        if (++calls === 1) throw new Error('disk full');
      },
      logError: (line) => logged.push(line),
    });
    const items = [item(1), item(2), item(3)];
    for (const i of items) queue.push(i);
    await queue.flush();
    expect(items.map((i) => i.settled)).toEqual(['rejected: disk full', 'rejected: disk full', null]);
    expect(logged).toEqual(['[chat] storing 2 message(s) failed: disk full']);
  });

  it('answers after the commit is durable; a failed flush rejects instead; flush() waits for both', async () => {
    const logged: string[] = [];
    const queue = new GroupCommitQueue<Item>({ batchSize: () => 10, write: async () => undefined, logError: (line) => logged.push(line) });
    let finish: () => void = () => undefined;
    const durable = new Promise<void>((resolve) => (finish = resolve));
    const answered: number[] = [];
    queue.settleAfterCommit(durable, [item(1)], () => answered.push(1));
    // A stored copy found later waits for that same (newest) commit.
    queue.settleAfterLastCommit([item(2)], () => answered.push(2));
    await tick();
    expect(answered).toEqual([]);
    const flushed = queue.flush();
    finish();
    await flushed;
    expect(answered).toEqual([1, 2]);

    const lost = item(3);
    queue.settleAfterCommit(Promise.reject(new Error('EIO')), [lost], () => answered.push(3));
    await queue.flush();
    expect(lost.settled).toBe('rejected: EIO');
    expect(logged).toEqual(['[chat] flushing 1 stored message(s) to disk failed: EIO']);

    queue.settleAfterCommit(null, [item(4)], () => answered.push(4));
    expect(answered).toEqual([1, 2, 4]);
  });
});
