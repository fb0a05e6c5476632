/**
 * Group commit: messages that arrive while a batch is being written are written together by the next
 * one (one transaction for all of them), and each sender is answered only once the batch is durable.
 * Under load this turns hundreds of small transactions into a few large ones; alone, a message is
 * written at once (on the next turn of the event loop).
 */

/** What the queue needs of an item: a way to fail it. */
export interface Settleable {
  reject(err: unknown): void;
}

export interface QueueOptions<Item> {
  /** The most items one batch takes (read for every batch). */
  batchSize(): number;
  /** Writes a batch and settles its items (now or through settleAfterCommit); a throw fails the whole batch. */
  write(batch: Item[]): Promise<void>;
  logError(line: string): void;
}

export class GroupCommitQueue<Item extends Settleable> {
  private readonly items: Item[] = [];
  private draining: Promise<void> | null = null;
  /** The flush of the newest commit (SQLite in WAL mode), or null when commits are durable at once. */
  private lastDurable: Promise<void> | null = null;
  private readonly answersInFlight = new Set<Promise<void>>();

  constructor(private readonly options: QueueOptions<Item>) {}

  push(item: Item): void {
    this.items.push(item);
    if (!this.draining) setImmediate(() => this.drain());
  }

  /**
   * Answers the items of a commit once `durable` resolves (at once when it is null) and remembers it
   * as the newest commit. The writer goes on with the next batch meanwhile: its commit shares or
   * follows this flush. If the flush fails, nobody is told their message is safe.
   */
  settleAfterCommit(durable: Promise<void> | null, items: Item[], answer: () => void): void {
    this.lastDurable = durable;
    this.settleWhenDurable(durable, items, answer);
  }

  /** Answers with stored copies, which may come from a commit whose flush is still under way: after it. */
  settleAfterLastCommit(items: Item[], answer: () => void): void {
    this.settleWhenDurable(this.lastDurable, items, answer);
  }

  /** Waits until every queued item is written and answered (shutdown). */
  async flush(): Promise<void> {
    while (this.draining || this.items.length || this.answersInFlight.size) {
      if (!this.draining) this.drain();
      await Promise.all([this.draining, ...this.answersInFlight]);
    }
  }

  private settleWhenDurable(durable: Promise<void> | null, items: Item[], answer: () => void) {
    if (!durable) return answer();
    const answered = durable.then(answer, (err) => {
      this.options.logError(`[chat] flushing ${items.length} stored message(s) to disk failed: ${(err as Error)?.message ?? err}`);
      for (const item of items) item.reject(err);
    });
    this.answersInFlight.add(answered);
    void answered.finally(() => this.answersInFlight.delete(answered));
  }

  /** Starts the writer unless it runs or has nothing to do; it stops itself when the queue is empty. */
  private drain() {
    if (this.draining || !this.items.length) return;
    this.draining = this.run().finally(() => {
      this.draining = null;
      this.drain();
    });
  }

  private async run() {
    while (this.items.length) {
      const batch = this.items.splice(0, this.options.batchSize());
      try {
        await this.options.write(batch);
      } catch (err) {
        this.options.logError(`[chat] storing ${batch.length} message(s) failed: ${(err as Error)?.message ?? err}`);
        for (const item of batch) item.reject(err);
      }
    }
  }
}
