/**
 * Retry ids: a client may send a message again with the same `clientId` (after a reconnection), and
 * the same key (conversation, sender, retry id) is the same message. The unique retry index enforces
 * it; these helpers answer retries with the stored copy instead of failing them.
 */
import type { OwnerSealer } from '@haven/shared/server/envelope';
import type { ChatMessage } from '@haven/shared/chat';
import type { MessageStore } from '../db/message-store';
import type { MessageOpener } from './sealing';
import type { Pending } from './types';

/** What the unique retry index holds for one message: the same key is the same message. */
export const retryKey = (conversationId: number, senderUserId: number, clientId: string | null) => `${conversationId}|${senderUserId}|${clientId}`;

const keyOf = (item: Pending) => retryKey(item.conversation.id, item.senderUserId, item.clientId);

/** Earlier sends with the same retry ids: answered with the stored message instead of a copy. */
export async function findRetries(store: MessageStore, batch: Pending[], sealerById: (id: number) => Promise<OwnerSealer>, open: MessageOpener): Promise<Map<Pending, ChatMessage>> {
  const found = new Map<Pending, ChatMessage>();
  const withIds = batch.filter((item) => item.clientId);
  if (!withIds.length) return found;
  // Exact matches of conversation and sender are picked here, from one look-up of the ids.
  const rows = await store.withRetryIds([...new Set(withIds.map((item) => item.clientId!))]);
  const askedFor = new Map<string, Pending[]>();
  for (const item of withIds) askedFor.set(keyOf(item), [...(askedFor.get(keyOf(item)) ?? []), item]);
  for (const row of rows) {
    for (const item of askedFor.get(retryKey(row.conversationId, row.senderUserId, row.clientId)) ?? []) {
      const stored = open(row, item.conversation.documentId, await sealerById(row.conversationId));
      if (stored.body !== null) found.set(item, stored);
    }
  }
  return found;
}

/**
 * A retry id sent twice in one batch: the first is written (`fresh`), the others (`echoes`, each
 * with its first) are answered with it. Items in `settled` are left out.
 */
export function splitEchoes(batch: Pending[], settled: ReadonlyMap<Pending, unknown>): { fresh: Pending[]; echoes: [Pending, Pending][] } {
  const fresh: Pending[] = [];
  const seen = new Map<string, Pending>();
  const echoes: [Pending, Pending][] = [];
  for (const item of batch) {
    if (settled.has(item)) continue;
    const key = item.clientId ? keyOf(item) : null;
    const first = key ? seen.get(key) : undefined;
    if (first) echoes.push([item, first]);
    else {
      if (key) seen.set(key, item);
      fresh.push(item);
    }
  }
  return { fresh, echoes };
}
