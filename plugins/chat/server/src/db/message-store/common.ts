/** What both databases' stores share: reading rows back, and the history reads (plain knex). */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import type { ChatRole } from '@haven/shared/chat';
import type { ConversationCounters, MessageRow } from '../rows';
import type { ChatTables } from '../tables';
import type { MessageStore } from './types';

/** The conversation attributes a batch reads: counters and the wrapped data key. */
export const COUNTER_ATTRIBUTES = ['documentId', 'lastSeq', 'clientReadSeq', 'therapistReadSeq', 'keyVersion', 'wrappedKey'] as const;
/** The message attributes a batch inserts, in this order. */
export const INSERT_ATTRIBUTES = ['conversationId', 'seq', 'senderUserId', 'senderRole', 'body', 'clientId', 'urgent', 'createdAt', 'updatedAt'] as const;
/** The conversation attributes a batch moves, in this order (then updatedAt). */
export const MOVED_ATTRIBUTES = ['lastSeq', 'clientReadSeq', 'therapistReadSeq', 'lastMessageAt', 'updatedAt'] as const;

export type RawRow = Record<string, unknown>;

/** The column list of a batch's read of its conversations. */
export const counterColumns = ({ conv }: ChatTables) => ['id', ...COUNTER_ATTRIBUTES.map(conv.column)];

export function readCounters({ conv }: ChatTables, row: RawRow): ConversationCounters {
  return {
    id: Number(row.id),
    documentId: String(row[conv.column('documentId')]),
    lastSeq: Number(row[conv.column('lastSeq')]),
    clientReadSeq: Number(row[conv.column('clientReadSeq')]),
    therapistReadSeq: Number(row[conv.column('therapistReadSeq')]),
    keyVersion: Number(row[conv.column('keyVersion')]),
    wrappedKey: String(row[conv.column('wrappedKey')]),
  };
}

export function readMessage({ msg }: ChatTables, row: RawRow): MessageRow {
  return {
    conversationId: Number(row[msg.column('conversationId')]),
    senderUserId: Number(row[msg.column('senderUserId')]),
    seq: Number(row[msg.column('seq')]),
    senderRole: row[msg.column('senderRole')] as ChatRole,
    body: String(row[msg.column('body')]),
    clientId: (row[msg.column('clientId')] as string | null) ?? null,
    // SQLite gives 0/1, PostgreSQL a boolean; rows from before the column existed, null.
    urgent: Boolean(row[msg.column('urgent')]),
    createdAt: row[msg.column('createdAt')],
  };
}

/** The columns a retry look-up reads. */
export const retryColumns = ({ msg }: ChatTables) => ['conversationId', 'senderUserId', 'seq', 'senderRole', 'body', 'clientId', 'urgent', 'createdAt'].map(msg.column);

/** History pages: the same knex queries on both databases (served by the unique (conversation, seq) index). */
export function historyReads(strapi: Core.Strapi, tables: () => ChatTables): Pick<MessageStore, 'newestBefore' | 'oldestAfter'> {
  const knex = () => strapi.db.connection as Knex;
  return {
    async newestBefore(conversationId, before, limit) {
      const t = tables();
      let rows = knex()(t.msg.table).where(t.msg.column('conversationId'), conversationId);
      if (before !== null) rows = rows.where(t.msg.column('seq'), '<', before);
      const found = (await rows.orderBy(t.msg.column('seq'), 'desc').limit(limit)) as RawRow[];
      return found.map((row) => readMessage(t, row));
    },
    async oldestAfter(conversationId, after, limit) {
      const t = tables();
      const found = (await knex()(t.msg.table)
        .where(t.msg.column('conversationId'), conversationId)
        .where(t.msg.column('seq'), '>', after)
        .orderBy(t.msg.column('seq'), 'asc')
        .limit(limit)) as RawRow[];
      return found.map((row) => readMessage(t, row));
    },
  };
}
