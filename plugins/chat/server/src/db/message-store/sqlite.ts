/**
 * SQLite: the whole batch transaction on knex's connection (taken from its pool, so nothing else runs
 * on it meanwhile), through statements prepared once per connection: knex prepares every statement
 * afresh, and for a batch that parsing cost more than the writing. Dates are bound as knex binds them
 * on SQLite (milliseconds since the epoch), so rows read back the same whichever path wrote them.
 *
 * In WAL mode the commit does not wait for the disk (synchronous NORMAL for this transaction only,
 * FULL again right after it, so every other write of the CMS stays as it was): the log is flushed off
 * the main thread, and the senders are answered after that flush (see ../wal-sync.ts).
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { coalesce, walFlush, type Flush } from '../wal-sync';
import type { ChatTables } from '../tables';
import type { ConversationCounters } from '../rows';
import { counterColumns, historyReads, INSERT_ATTRIBUTES, MOVED_ATTRIBUTES, readCounters, readMessage, retryColumns, type RawRow } from './common';
import type { BatchPlan, MessageStore } from './types';

/** The parts of a better-sqlite3 connection the write path uses. */
interface SqliteStatement {
  run(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
}
interface SqliteConnection {
  readonly name: string;
  readonly inTransaction: boolean;
  prepare(sql: string): SqliteStatement;
  pragma(source: string, options?: { simple: boolean }): unknown;
}

/** One connection's prepared batch transaction. */
interface PreparedWriter {
  run<Result>(conversationIds: number[], now: Date, plan: (counters: ConversationCounters[]) => { plan: BatchPlan; result: Result }): Result;
  /** The log flush of this database (WAL mode), or null when a commit is durable when it returns. */
  flush: Flush | null;
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

function prepareWriter(db: SqliteConnection, tables: ChatTables): PreparedWriter {
  const { msg, conv } = tables;
  const insertColumns = INSERT_ATTRIBUTES.map(msg.column);
  const select = db.prepare(`SELECT ${counterColumns(tables).map(quote).join(', ')} FROM ${quote(conv.table)} WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id`);
  const insert = db.prepare(`INSERT INTO ${quote(msg.table)} (${insertColumns.map(quote).join(', ')}) VALUES (${insertColumns.map(() => '?').join(', ')})`);
  const update = db.prepare(`UPDATE ${quote(conv.table)} SET ${MOVED_ATTRIBUTES.map((a) => `${quote(conv.column(a))} = ?`).join(', ')} WHERE id = ?`);
  const [begin, commit, rollback] = ['BEGIN', 'COMMIT', 'ROLLBACK'].map((sql) => db.prepare(sql));
  const wal = String(db.pragma('journal_mode', { simple: true })).toLowerCase() === 'wal' && Boolean(db.name) && db.name !== ':memory:';
  const [relaxed, full] = ['PRAGMA synchronous = NORMAL', 'PRAGMA synchronous = FULL'].map((sql) => db.prepare(sql));
  return {
    flush: wal ? coalesce(walFlush(db.name)) : null,
    run(conversationIds, now, plan) {
      if (wal) relaxed.run();
      try {
        begin.run();
        try {
          const counters = (select.all(JSON.stringify(conversationIds)) as RawRow[]).map((row) => readCounters(tables, row));
          const planned = plan(counters);
          const at = now.valueOf();
          for (const m of planned.plan.messages) insert.run(m.conversationId, m.seq, m.senderUserId, m.senderRole, m.body, m.clientId, m.urgent ? 1 : 0, m.createdAt.valueOf(), m.createdAt.valueOf());
          for (const c of planned.plan.counters) update.run(c.lastSeq, c.clientReadSeq, c.therapistReadSeq, c.lastMessageAt.valueOf(), at, c.id);
          commit.run();
          return planned.result;
        } catch (err) {
          if (db.inTransaction) rollback.run();
          throw err;
        }
      } finally {
        if (wal) full.run();
      }
    },
  };
}

/**
 * SQLite shared with another process (a maintenance command such as chat:rotate-key): a transaction
 * that read and then wants to write is refused at once (SQLITE_BUSY) rather than deadlock. Try again.
 */
async function withBusyRetry<T>(run: () => Promise<T>, attempts = 20): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (err) {
      const code = String((err as { code?: unknown })?.code ?? '');
      if (!code.startsWith('SQLITE_BUSY') || attempt >= attempts) throw err;
      await new Promise((resolve) => setTimeout(resolve, 10 + Math.random() * 40));
    }
  }
}

export function sqliteMessageStore(strapi: Core.Strapi, tables: () => ChatTables): MessageStore {
  const writers = new WeakMap<SqliteConnection, PreparedWriter>();
  const knex = () => strapi.db.connection as Knex;

  function writerOf(db: SqliteConnection): PreparedWriter {
    let writer = writers.get(db);
    if (!writer) writers.set(db, (writer = prepareWriter(db, tables())));
    return writer;
  }

  return {
    dialect: 'sqlite',
    write(conversationIds, now, plan) {
      const ids = [...new Set(conversationIds)];
      return withBusyRetry(async () => {
        const client = knex().client;
        const db = (await client.acquireConnection()) as SqliteConnection;
        try {
          const writer = writerOf(db);
          const result = writer.run(ids, now, plan);
          return { result, durable: writer.flush ? writer.flush() : null };
        } finally {
          await client.releaseConnection(db);
        }
      });
    },
    async withRetryIds(clientIds) {
      const t = tables();
      // One IN list on the leading column of the unique retry index: one probe per id.
      const rows = (await knex()(t.msg.table).whereIn(t.msg.column('clientId'), clientIds).select(...retryColumns(t))) as RawRow[];
      return rows.map((row) => readMessage(t, row));
    },
    ...historyReads(strapi, tables),
  };
}
