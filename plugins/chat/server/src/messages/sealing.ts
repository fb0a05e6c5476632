/**
 * Message bodies are sealed with AES-256-GCM under their conversation's data key (services/keys.ts),
 * with the message's number as authenticated data (and the conversation's public id, which the
 * sealer adds): a row copied into another conversation, or to another place in its own, fails to open
 * instead of showing someone's words in the wrong place.
 */
import { EnvelopeError, type OwnerSealer } from '@haven/shared/server/envelope';
import type { StoredMessageView } from '@haven/shared/chat';
import { isoOrNull } from '@haven/shared/server/db';
import { ERASED_BODY } from '../db/erasure';
import type { MessageRow } from '../db/rows';
import { deletedMessageView, messageView, unreadableMessageView, type MessageRecord } from '../views';

/** The authenticated data of message number `seq`. */
export const messageRecord = (seq: number) => `message:${seq}`;

export function sealBody(sealer: OwnerSealer, seq: number, body: string): string {
  return sealer.encrypt(body, messageRecord(seq));
}

/** Opens a stored message of the conversation `publicId`. */
export type MessageOpener = (row: MessageRow, publicId: string, sealer: OwnerSealer) => StoredMessageView;

/** A body that fails its check is shown as unreadable, never as text; `warn` is told which one and why. */
export function messageOpener(warn: (line: string) => void): MessageOpener {
  return (row, publicId, sealer) => {
    // The row's own fields stay in the record (the sender's user id among them); only messageView's leave.
    const record: Omit<MessageRecord, 'body'> = {
      seq: row.seq,
      senderUserId: row.senderUserId,
      senderRole: row.senderRole,
      clientId: row.clientId,
      urgent: row.urgent,
      id: row.seq,
      conversationId: publicId,
      sender: row.senderRole,
      createdAt: isoOrNull(row.createdAt) ?? new Date(0).toISOString(),
    };
    // An erased message has no ciphertext left: it keeps its place in the conversation, not its words,
    // and says so as a field (never as text someone seems to have written).
    if (row.body === ERASED_BODY) return deletedMessageView.pick({ ...record, body: null, deleted: true });
    try {
      return messageView.pick({ ...record, body: sealer.decrypt(row.body, messageRecord(row.seq)) });
    } catch (err) {
      if (!(err instanceof EnvelopeError)) throw err;
      // Never the text, never the key: which message failed and why, for whoever investigates.
      warn(`[chat] message ${row.seq} of conversation ${publicId} failed its integrity check (${err.code}); it is shown as unreadable`);
      return unreadableMessageView.pick({ ...record, body: null, unreadable: true });
    }
  };
}
