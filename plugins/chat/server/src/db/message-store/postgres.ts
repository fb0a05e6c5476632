/**
 * PostgreSQL: the batch's conversations are locked in id order (two processes never deadlock), and
 * the batch is sent as arrays, one per column, expanded by unnest(): the statements' text is the same
 * for every batch (a batch of 256 messages was an insert of 2,048 parameters and an update with three
 * 250-branch CASEs, which the server parsed and planned again each time). Times go as timestamp[]
 * (the columns' type: a Date element is read as a lone Date parameter is), each message with its own.
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import type { ChatTables } from '../tables';
import { counterColumns, historyReads, INSERT_ATTRIBUTES, readCounters, readMessage, retryColumns, type RawRow } from './common';
import type { BatchPlan, MessageStore } from './types';

/** Insert and counters in one statement (a data-modifying WITH): one round trip less per batch. */
async function writePlan(trx: Knex.Transaction, { msg, conv }: ChatTables, { messages, counters }: BatchPlan, now: Date) {
  const column = <K extends keyof BatchPlan['messages'][number]>(key: K) => messages.map((m) => m[key]);
  const counter = <K extends keyof BatchPlan['counters'][number]>(key: K) => counters.map((c) => c[key]);
  await trx.raw(
    `WITH inserted AS (
       INSERT INTO ?? (??, ??, ??, ??, ??, ??, ??, ??, ??)
       SELECT c, s, u, r, b, k, g, w, w FROM unnest(?::int[], ?::int[], ?::int[], ?::varchar[], ?::text[], ?::varchar[], ?::boolean[], ?::timestamp[]) AS v(c, s, u, r, b, k, g, w)
     )
     UPDATE ?? AS t SET ?? = v.last_seq, ?? = v.client_read, ?? = v.therapist_read, ?? = v.last_at, ?? = ?
     FROM unnest(?::int[], ?::int[], ?::int[], ?::int[], ?::timestamp[]) AS v(id, last_seq, client_read, therapist_read, last_at) WHERE t.id = v.id`,
    [
      msg.table,
      ...INSERT_ATTRIBUTES.map(msg.column),
      column('conversationId'),
      column('seq'),
      column('senderUserId'),
      column('senderRole'),
      column('body'),
      column('clientId'),
      column('urgent'),
      column('createdAt'),
      conv.table,
      conv.column('lastSeq'),
      conv.column('clientReadSeq'),
      conv.column('therapistReadSeq'),
      conv.column('lastMessageAt'),
      conv.column('updatedAt'),
      now,
      counter('id'),
      counter('lastSeq'),
      counter('clientReadSeq'),
      counter('therapistReadSeq'),
      counter('lastMessageAt'),
    ],
  );
}

export function postgresMessageStore(strapi: Core.Strapi, tables: () => ChatTables): MessageStore {
  const knex = () => strapi.db.connection as Knex;
  return {
    dialect: 'postgres',
    async write(conversationIds, now, plan) {
      const t = tables();
      const ids = [...new Set(conversationIds)].sort((a, b) => a - b);
      const result = await knex().transaction(async (trx) => {
        const rows = (await trx(t.conv.table)
          .whereRaw('id = ANY(?::int[])', [ids])
          .orderBy('id')
          .select(...counterColumns(t))
          .forUpdate()) as RawRow[];
        const planned = plan(rows.map((row) => readCounters(t, row)));
        await writePlan(trx, t, planned.plan, now);
        return planned.result;
      });
      return { result, durable: null };
    },
    async withRetryIds(clientIds) {
      const t = tables();
      // One array parameter on the leading column of the unique retry index: one probe per id.
      const rows = (await knex()(t.msg.table).whereRaw('?? = ANY(?::varchar[])', [t.msg.column('clientId'), clientIds]).select(...retryColumns(t))) as RawRow[];
      return rows.map((row) => readMessage(t, row));
    },
    ...historyReads(strapi, tables),
  };
}
