import type { Core } from '@strapi/strapi';
import { meta, UID } from './tables';

/**
 * Indexes the schema files cannot express. The unique ones carry correctness: one conversation per
 * client and therapist, one message per sequence number, one message per sender's retry id.
 */
const INDEXES: { uid: string; name: string; attributes: string[]; unique?: boolean }[] = [
  { uid: UID.conversation, name: 'chat_conversations_pair_uq', attributes: ['clientUserId', 'therapistUserId'], unique: true },
  { uid: UID.conversation, name: 'chat_conversations_therapist_idx', attributes: ['therapistUserId'] },
  { uid: UID.conversation, name: 'chat_conversations_key_version_idx', attributes: ['keyVersion'] },
  { uid: UID.message, name: 'chat_messages_seq_uq', attributes: ['conversationId', 'seq'], unique: true },
  { uid: UID.message, name: 'chat_messages_retry_uq', attributes: ['conversationId', 'senderUserId', 'clientId'], unique: true },
];

export async function ensureIndexes(strapi: Core.Strapi) {
  for (const index of INDEXES) {
    const m = meta(strapi, index.uid);
    const columns = index.attributes.map(m.column);
    const sql = `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX IF NOT EXISTS ?? ON ?? (${columns.map(() => '??').join(', ')})`;
    // A failure here must stop the start: without the unique indexes messages could share a number.
    await strapi.db.connection.raw(sql, [index.name, m.table, ...columns]);
  }
}
