/**
 * Messages: stored sealed (messages/sealing.ts), numbered 1, 2, 3 … inside their conversation in
 * commit order (messages/numbering.ts), written in group-committed batches (messages/queue.ts) by the
 * store of the database in use (db/message-store/), and read back in pages or "since" a number
 * (messages/paging.ts). This service joins them: it decides what each batch writes and who is
 * answered with what once it is durable.
 */
import type { Core } from '@strapi/strapi';
import { isUniqueViolation } from '@haven/shared/server/db';
import type { ChatMessage, StoredMessageView } from '@haven/shared/chat';
import { createMessageStore, type MessageStore, type Written } from '../db/message-store';
import { config, getService } from '../get-service';
import { numberAndSeal } from '../messages/numbering';
import { historyPage, messagesAfter, type HistoryReader } from '../messages/paging';
import { GroupCommitQueue } from '../messages/queue';
import { findRetries, splitEchoes } from '../messages/retries';
import { messageOpener } from '../messages/sealing';
import type { MessagePage, Pending, StoreResult } from '../messages/types';
import type { Participation } from './conversations';

export type { MessagePage, StoreResult } from '../messages/types';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  // Created at the first use: the database (and its dialect) is up by then.
  let store: MessageStore | null = null;
  const messageStore = () => (store ??= createMessageStore(strapi));
  const open = messageOpener((line) => strapi.log.warn(line));
  const sealerById = (conversationId: number) => getService('keys').sealerById(conversationId);
  const reader = (): HistoryReader => ({ store: messageStore(), sealerById, open });

  const queue = new GroupCommitQueue<Pending>({
    batchSize: () => config().writeBatch,
    write: (batch) => writeSettled(batch),
    logError: (line) => strapi.log.error(line),
  });

  /** One transaction for a batch: lock the conversations, number and seal, insert, move counters. */
  function writeBatch(batch: Pending[]): Promise<Written<Map<Pending, ChatMessage>>> {
    const now = new Date();
    const keys = getService('keys');
    return messageStore().write(
      batch.map((item) => item.conversation.id),
      now,
      (counters) => numberAndSeal(batch, counters, now, (conversation) => keys.sealer(conversation)),
    );
  }

  /**
   * Writes a batch, answering retries of stored messages with the stored copy. The first attempt
   * does not look the retry ids up: a retry is rare (a client resending after a reconnection), and
   * the unique retry index refuses a stored one anyway, which rolls the whole batch back and sends it
   * here again with `lookUp` (one query less per batch in the common case).
   */
  async function writeSettled(batch: Pending[], lookUp = false): Promise<void> {
    const retried = lookUp ? await findRetries(messageStore(), batch, sealerById, open) : new Map<Pending, ChatMessage>();
    if (retried.size) queue.settleAfterLastCommit([...retried.keys()], () => retried.forEach((message, item) => item.resolve({ message, created: false })));
    const { fresh, echoes } = splitEchoes(batch, retried);
    if (!fresh.length) return;
    let written: Written<Map<Pending, ChatMessage>>;
    try {
      written = await writeBatch(fresh);
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      // A retry id already stored: look the batch's retry ids up and write the rest.
      if (!lookUp) return writeSettled(batch, true);
      // Another process stored one of these retry ids meanwhile: write them one by one instead.
      if (fresh.length === 1) throw err;
      for (const item of fresh) await writeSettled([item], true).catch(item.reject);
      return;
    }
    const { result, durable } = written;
    queue.settleAfterCommit(durable, [...fresh, ...echoes.map(([item]) => item)], () => {
      for (const [item, message] of result) item.resolve({ message, created: true });
      for (const [item, first] of echoes) {
        const message = result.get(first);
        if (message) item.resolve({ message, created: false });
      }
    });
  }

  return {
    /**
     * Stores a message from `senderUserId` (a participant: checked by the caller through
     * conversations.participant) and resolves once it is committed. Same `clientId` again = same message.
     * `sentAt`: a message of the past keeps that time (numbered, like any, in the order it is stored);
     * `urgent`: a client's words matched the crisis phrase lists (realtime/send.ts decides).
     */
    store(conversation: Participation, senderUserId: number, body: string, clientId: string | null, options: { sentAt?: Date; urgent?: boolean } = {}): Promise<StoreResult> {
      const { sentAt, urgent = false } = options;
      // A promise settles once: an item answered early (a retry) ignores later calls.
      return new Promise<StoreResult>((resolve, reject) => queue.push({ conversation, senderUserId, body, clientId, urgent, ...(sentAt ? { sentAt } : {}), resolve, reject }));
    },

    /** Waits for every queued message to be written (shutdown). */
    flush(): Promise<void> {
      return queue.flush();
    },

    /** A page of history, oldest first, ending before message `before` (or at the newest). */
    page(conversation: Participation, before: number | null, limit: number): Promise<MessagePage> {
      return historyPage(reader(), conversation, before, limit);
    },

    /** Messages after `after`, oldest first, at most `limit` (and whether more follow). */
    after(conversation: Participation, after: number, limit: number): Promise<{ messages: StoredMessageView[]; hasMore: boolean }> {
      return messagesAfter(reader(), conversation, after, limit);
    },
  };
};
