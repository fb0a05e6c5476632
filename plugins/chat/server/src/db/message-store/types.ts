import type { ConversationCounters, CounterMove, MessageRow, NewMessage } from '../rows';

/** What a batch writes: its messages, and the counters of the conversations they belong to. */
export interface BatchPlan {
  messages: NewMessage[];
  counters: CounterMove[];
}

export interface Written<Result> {
  result: Result;
  /** Resolves once the commit is on stable storage (null: it already was when the commit returned). */
  durable: Promise<void> | null;
}

/**
 * The chat's message storage, one implementation per database (sqlite.ts, postgres.ts). Both write a
 * batch in one transaction with statements whose text is the same for every batch, and read alike.
 */
export interface MessageStore {
  readonly dialect: 'sqlite' | 'postgres';
  /**
   * One transaction for a batch: reads the counters and wrapped keys of `conversationIds` (locked
   * against other writers, in id order), lets `plan` number and seal the messages, inserts them and
   * moves the counters. Dates are written as `now`. A unique violation (a stored retry id) rolls
   * everything back and is thrown as it is.
   */
  write<Result>(conversationIds: number[], now: Date, plan: (counters: ConversationCounters[]) => { plan: BatchPlan; result: Result }): Promise<Written<Result>>;
  /** Stored messages with any of these retry ids, in any conversation (the caller matches conversation and sender). */
  withRetryIds(clientIds: string[]): Promise<MessageRow[]>;
  /** Up to `limit` messages of a conversation before `before` (or the newest), newest first. */
  newestBefore(conversationId: number, before: number | null, limit: number): Promise<MessageRow[]>;
  /** Up to `limit` messages of a conversation after `after`, oldest first. */
  oldestAfter(conversationId: number, after: number, limit: number): Promise<MessageRow[]>;
}
