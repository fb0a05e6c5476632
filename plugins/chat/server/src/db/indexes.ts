import type { Core } from '@strapi/strapi';
import { ensureIndexes as createIndexes, type IndexSpec } from '@haven/shared/db';
import { UID } from './tables';

/**
 * Indexes the schema files cannot express. The unique ones carry correctness: one conversation per
 * client and therapist, one message per sequence number, one message per sender's retry id.
 */
const INDEXES: IndexSpec[] = [
  { uid: UID.conversation, name: 'chat_conversations_pair_uq', attributes: ['clientUserId', 'therapistUserId'], unique: true },
  { uid: UID.conversation, name: 'chat_conversations_therapist_idx', attributes: ['therapistUserId'] },
  { uid: UID.conversation, name: 'chat_conversations_key_version_idx', attributes: ['keyVersion'] },
  { uid: UID.message, name: 'chat_messages_seq_uq', attributes: ['conversationId', 'seq'], unique: true },
  { uid: UID.message, name: 'chat_messages_retry_uq', attributes: ['conversationId', 'senderUserId', 'clientId'], unique: true },
];

/** A failure stops the start: without the unique indexes messages could share a number. */
export const ensureIndexes = (strapi: Core.Strapi) => createIndexes(strapi, INDEXES);
