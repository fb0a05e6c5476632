import type { Core } from '@strapi/strapi';
import { ensureIndexes as createIndexes, type IndexSpec } from '@haven/shared/server/db';
import { UID } from './uids';

/**
 * Indexes the schema files cannot express. The unique ones carry correctness: one conversation per
 * client and therapist, one message per sequence number, one message per sender's retry id.
 */
const INDEXES: IndexSpec[] = [
  { uid: UID.conversation, name: 'chat_conversations_pair_uq', attributes: ['clientUserId', 'therapistUserId'], unique: true },
  { uid: UID.conversation, name: 'chat_conversations_therapist_idx', attributes: ['therapistUserId'] },
  { uid: UID.conversation, name: 'chat_conversations_key_version_idx', attributes: ['keyVersion'] },
  { uid: UID.message, name: 'chat_messages_seq_uq', attributes: ['conversationId', 'seq'], unique: true },
  // The retry id leads: a batch looks its retry ids up with one `client_id IN (…)` list, one index
  // probe each. Led by the conversation, SQLite probed every combination of the three IN lists
  // (conversations × senders × retry ids: 52 ms for a batch of 256 in a 60,000-row table).
  { uid: UID.message, name: 'chat_messages_retry_by_client_uq', attributes: ['clientId', 'conversationId', 'senderUserId'], unique: true },
  // The staff dashboard's time to first reply (db/first-replies.ts): a conversation's first client
  // message and the therapist's first one after it, each one probe instead of a scan of the conversation.
  { uid: UID.message, name: 'chat_messages_role_seq_idx', attributes: ['conversationId', 'senderRole', 'seq'] },
];

/** Indexes of earlier versions that a newer one above replaces. */
const REPLACED = ['chat_messages_retry_uq'];

/** A failure stops the start: without the unique indexes messages could share a number. */
export async function ensureIndexes(strapi: Core.Strapi) {
  await createIndexes(strapi, INDEXES);
  // Dropped only once its replacement exists, so a retry id is never left without a unique index.
  for (const name of REPLACED) await strapi.db.connection.raw('DROP INDEX IF EXISTS ??', [name]);
}
