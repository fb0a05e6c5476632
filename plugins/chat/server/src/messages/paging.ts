/** Reading history back: pages of older messages, and everything after a number (a reconnecting client's sync). */
import type { OwnerSealer } from '@haven/shared/server/envelope';
import type { StoredMessageView } from '@haven/shared/chat';
import type { MessageStore } from '../db/message-store';
import type { Membership } from '../db/rows';
import type { MessageOpener } from './sealing';
import type { MessagePage } from './types';

export interface HistoryReader {
  store: MessageStore;
  sealerById(conversationId: number): Promise<OwnerSealer>;
  open: MessageOpener;
}

/** A page of history, oldest first, ending before message `before` (or at the newest). */
export async function historyPage({ store, sealerById, open }: HistoryReader, conversation: Membership, before: number | null, limit: number): Promise<MessagePage> {
  // One row more than asked: whether an older page exists.
  const found = await store.newestBefore(conversation.id, before, limit + 1);
  const hasMore = found.length > limit;
  const pageRows = found.slice(0, limit).reverse();
  const sealer = await sealerById(conversation.id);
  return {
    messages: pageRows.map((row) => open(row, conversation.documentId, sealer)),
    nextBefore: hasMore && pageRows.length ? pageRows[0].seq : null,
  };
}

/** Messages after `after`, oldest first, at most `limit` (and whether more follow). */
export async function messagesAfter({ store, sealerById, open }: HistoryReader, conversation: Membership, after: number, limit: number): Promise<{ messages: StoredMessageView[]; hasMore: boolean }> {
  const found = await store.oldestAfter(conversation.id, after, limit + 1);
  const sealer = await sealerById(conversation.id);
  return { messages: found.slice(0, limit).map((row) => open(row, conversation.documentId, sealer)), hasMore: found.length > limit };
}
