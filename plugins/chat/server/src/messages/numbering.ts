/**
 * Numbering a batch: inside the batch's transaction, each message takes the next number of its
 * conversation (1, 2, 3 … in commit order), is sealed under that number, and moves its sender's read
 * pointer (sending is reading: everything before one's own message has been seen). A message of the
 * past (sentAt) keeps its own time; the conversation's last message time is that of its highest number.
 */
import type { OwnerSealer } from '@haven/shared/server/envelope';
import type { ChatMessage } from '@haven/shared/chat';
import type { ConversationCounters, CounterMove, NewMessage } from '../db/rows';
import type { BatchPlan } from '../db/message-store';
import { sealBody } from './sealing';
import { messageView, type MessageRecord } from '../views';
import type { Pending } from './types';

export function numberAndSeal(batch: Pending[], counters: ConversationCounters[], now: Date, sealerOf: (conversation: ConversationCounters) => OwnerSealer): { plan: BatchPlan; result: Map<Pending, ChatMessage> } {
  const state = new Map<number, CounterMove & { sealer: OwnerSealer }>();
  for (const row of counters) {
    state.set(row.id, { id: row.id, lastSeq: row.lastSeq, clientReadSeq: row.clientReadSeq, therapistReadSeq: row.therapistReadSeq, lastMessageAt: now, sealer: sealerOf(row) });
  }
  const messages: NewMessage[] = [];
  const result = new Map<Pending, ChatMessage>();
  for (const item of batch) {
    const s = state.get(item.conversation.id);
    if (!s) throw new Error(`conversation ${item.conversation.id} vanished`);
    const seq = ++s.lastSeq;
    const sentAt = item.sentAt ?? now;
    s.lastMessageAt = sentAt;
    if (item.conversation.role === 'client') s.clientReadSeq = seq;
    else s.therapistReadSeq = seq;
    const stored: NewMessage = {
      conversationId: item.conversation.id,
      seq,
      senderUserId: item.senderUserId,
      senderRole: item.conversation.role,
      body: sealBody(s.sealer, seq, item.body),
      clientId: item.clientId,
      urgent: item.urgent,
      createdAt: sentAt,
    };
    messages.push(stored);
    const record: MessageRecord = { ...stored, id: seq, conversationId: item.conversation.documentId, sender: stored.senderRole, body: item.body, createdAt: sentAt.toISOString() };
    result.set(item, messageView.pick(record));
  }
  const moved = [...state.values()].map(({ id, lastSeq, clientReadSeq, therapistReadSeq, lastMessageAt }) => ({ id, lastSeq, clientReadSeq, therapistReadSeq, lastMessageAt }));
  return { plan: { messages, counters: moved }, result };
}
