/**
 * Messages: stored sealed (AES-256-GCM under the conversation's data key, see keys.ts), numbered
 * 1, 2, 3 … inside their conversation in commit order, and read back in pages or "since" a number.
 *
 * Writes go through a group-commit writer: messages that arrive while a transaction is running are
 * written together by the next one (one locked read of their conversations, one insert, one update),
 * and each sender is answered only after that transaction has committed. Under load this turns
 * hundreds of small transactions into a few large ones; alone, a message is written at once.
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { EnvelopeError, type OwnerSealer } from '@haven/shared/server/envelope';
import type { ChatMessage, ChatRole, StoredMessageView } from '@haven/shared/chat';
import { isoOrNull, isUniqueViolation, meta, UID } from '../db/tables';
import { config, getService } from '../get-service';
import type { Participation } from './conversations';
import { messageRecord } from './keys';
import { coalesce, walFlush, type Flush } from '../db/wal-sync';

interface Pending {
  conversation: Participation;
  senderUserId: number;
  body: string;
  clientId: string | null;
  resolve(result: StoreResult): void;
  reject(err: unknown): void;
}

/** A stored message, and whether this send wrote it (false: a retry answered with the earlier copy). */
export interface StoreResult {
  message: ChatMessage;
  created: boolean;
}

/** The parts of a better-sqlite3 connection the SQLite write path uses. */
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

interface MessageRow {
  conversationId: number;
  seq: number;
  senderRole: ChatRole;
  body: string;
  clientId: string | null;
  createdAt: unknown;
}

/** What the unique retry index holds for one message: the same key is the same message. */
const retryKey = (conversationId: number, senderUserId: number, clientId: string | null) => `${conversationId}|${senderUserId}|${clientId}`;

export interface MessagePage {
  messages: StoredMessageView[];
  /** Pass as `before` for the next (older) page; null when there is none. */
  nextBefore: number | null;
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const queue: Pending[] = [];
  let draining: Promise<void> | null = null;

  const tables = () => {
    const msg = meta(strapi, UID.message);
    const conv = meta(strapi, UID.conversation);
    return { msg, conv };
  };

  function readRow(row: Record<string, unknown>): MessageRow {
    const { msg } = tables();
    return {
      conversationId: Number(row[msg.column('conversationId')]),
      seq: Number(row[msg.column('seq')]),
      senderRole: row[msg.column('senderRole')] as ChatRole,
      body: String(row[msg.column('body')]),
      clientId: (row[msg.column('clientId')] as string | null) ?? null,
      createdAt: row[msg.column('createdAt')],
    };
  }

  /** Opens a stored message; a body that fails its check is shown as unreadable, never as text. */
  function view(row: MessageRow, publicId: string, sealer: OwnerSealer): StoredMessageView {
    const base = { id: row.seq, conversationId: publicId, sender: row.senderRole, createdAt: isoOrNull(row.createdAt) ?? new Date(0).toISOString(), clientId: row.clientId };
    try {
      return { ...base, body: sealer.decrypt(row.body, messageRecord(row.seq)) };
    } catch (err) {
      if (!(err instanceof EnvelopeError)) throw err;
      // Never the text, never the key: which message failed and why, for whoever investigates.
      strapi.log.warn(`[chat] message ${row.seq} of conversation ${publicId} failed its integrity check (${err.code}); it is shown as unreadable`);
      return { ...base, body: null, unreadable: true };
    }
  }

  /** Earlier sends with the same retry ids: answered with the stored message instead of a copy. */
  async function findRetries(batch: Pending[]): Promise<Map<Pending, ChatMessage>> {
    const found = new Map<Pending, ChatMessage>();
    const withIds = batch.filter((item) => item.clientId);
    if (!withIds.length) return found;
    const { msg } = tables();
    const rows = (await strapi.db
      .connection(msg.table)
      // One IN list on the leading column of the unique retry index (one probe per id, both
      // databases); exact matches of conversation and sender are picked below.
      .modify((qb) => {
        const ids = [...new Set(withIds.map((item) => item.clientId!))];
        return strapi.db.dialect.client === 'sqlite' ? qb.whereIn(msg.column('clientId'), ids) : qb.whereRaw('?? = ANY(?::varchar[])', [msg.column('clientId'), ids]);
      })
      .select(msg.column('conversationId'), msg.column('senderUserId'), msg.column('seq'), msg.column('senderRole'), msg.column('body'), msg.column('clientId'), msg.column('createdAt'))) as Record<string, unknown>[];
    const askedFor = new Map<string, Pending[]>();
    for (const item of withIds) {
      const key = retryKey(item.conversation.id, item.senderUserId, item.clientId);
      askedFor.set(key, [...(askedFor.get(key) ?? []), item]);
    }
    for (const raw of rows) {
      const row = readRow(raw);
      for (const item of askedFor.get(retryKey(row.conversationId, Number(raw[msg.column('senderUserId')]), row.clientId)) ?? []) {
        const sealer = await getService('keys').sealerById(row.conversationId);
        const stored = view(row, item.conversation.documentId, sealer);
        if (stored.body !== null) found.set(item, stored as ChatMessage);
      }
    }
    return found;
  }

  type Counters = { lastSeq: number; client: number; therapist: number };

  /** Numbers and seals a batch against its conversations' rows (read inside the batch's transaction). */
  function numberAndSeal(batch: Pending[], convRows: Record<string, unknown>[], now: Date) {
    const { msg, conv } = tables();
    const state = new Map<number, Counters & { sealer: OwnerSealer }>();
    for (const row of convRows) {
      const id = Number(row.id);
      state.set(id, {
        lastSeq: Number(row[conv.column('lastSeq')]),
        client: Number(row[conv.column('clientReadSeq')]),
        therapist: Number(row[conv.column('therapistReadSeq')]),
        sealer: getService('keys').sealer({ id, documentId: String(row[conv.column('documentId')]), keyVersion: Number(row[conv.column('keyVersion')]), wrappedKey: String(row[conv.column('wrappedKey')]) }),
      });
    }
    const inserts: Record<string, unknown>[] = [];
    const results = new Map<Pending, ChatMessage>();
    for (const item of batch) {
      const s = state.get(item.conversation.id);
      if (!s) throw new Error(`conversation ${item.conversation.id} vanished`);
      const seq = ++s.lastSeq;
      // Sending is reading: everything before one's own message has been seen.
      if (item.conversation.role === 'client') s.client = seq;
      else s.therapist = seq;
      inserts.push({
        [msg.column('conversationId')]: item.conversation.id,
        [msg.column('seq')]: seq,
        [msg.column('senderUserId')]: item.senderUserId,
        [msg.column('senderRole')]: item.conversation.role,
        [msg.column('body')]: s.sealer.encrypt(item.body, messageRecord(seq)),
        [msg.column('clientId')]: item.clientId,
        [msg.column('createdAt')]: now,
        [msg.column('updatedAt')]: now,
      });
      results.set(item, {
        id: seq,
        conversationId: item.conversation.documentId,
        sender: item.conversation.role,
        body: item.body,
        createdAt: now.toISOString(),
        clientId: item.clientId,
      });
    }
    return { inserts, state, results };
  }

  /** The conversation columns a batch reads: counters and the wrapped data key. */
  const conversationColumns = () => {
    const { conv } = tables();
    return ['id', ...['documentId', 'lastSeq', 'clientReadSeq', 'therapistReadSeq', 'keyVersion', 'wrappedKey'].map(conv.column)];
  };

  interface Written {
    results: Map<Pending, ChatMessage>;
    /** Resolves once the commit is on stable storage (null: it already was when the commit returned). */
    durable: Promise<void> | null;
  }

  /** One transaction for a batch: lock the conversations, number and seal, insert, move counters. */
  async function writeBatch(batch: Pending[]): Promise<Written> {
    const now = new Date();
    if (strapi.db.dialect.client === 'sqlite') return writeBatchOnSqlite(batch, now);
    const { conv } = tables();
    const knex = strapi.db.connection as Knex;
    let results = new Map<Pending, ChatMessage>();
    await knex.transaction(async (trx) => {
      const ids = [...new Set(batch.map((item) => item.conversation.id))].sort((a, b) => a - b);
      // Lock the counters in id order, so that two processes never deadlock.
      const convRows = (await trx(conv.table)
        .whereRaw('id = ANY(?::int[])', [ids])
        .orderBy('id')
        .select(...conversationColumns())
        .forUpdate()) as Record<string, unknown>[];
      const sealed = numberAndSeal(batch, convRows, now);
      results = sealed.results;
      await writeOnPostgres(trx, sealed.inserts, sealed.state, now);
    });
    return { results, durable: null };
  }

  /**
   * SQLite: the whole transaction on knex's connection (taken from its pool, so nothing else runs on
   * it meanwhile), through statements prepared once per connection: knex prepares every statement
   * afresh, and for a batch that parsing cost more than the writing. Dates are bound as knex binds
   * them on SQLite (milliseconds since the epoch), so rows read back the same whichever path wrote them.
   *
   * In WAL mode this commit does not wait for the disk (synchronous NORMAL for this transaction only,
   * FULL again right after it, so every other write of the CMS stays as it was): the log is flushed
   * off the main thread, and the senders are answered after that flush (see db/wal-sync.ts).
   */
  interface SqliteWriter {
    run(batch: Pending[], now: Date): Map<Pending, ChatMessage>;
    flush: Flush | null;
  }
  const sqliteWriters = new WeakMap<SqliteConnection, SqliteWriter>();

  function sqliteWriter(db: SqliteConnection): SqliteWriter {
    const existing = sqliteWriters.get(db);
    if (existing) return existing;
    const { msg, conv } = tables();
    const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
    const insertColumns = ['conversationId', 'seq', 'senderUserId', 'senderRole', 'body', 'clientId', 'createdAt', 'updatedAt'].map(msg.column);
    const select = db.prepare(`SELECT ${conversationColumns().map(quote).join(', ')} FROM ${quote(conv.table)} WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id`);
    const insert = db.prepare(`INSERT INTO ${quote(msg.table)} (${insertColumns.map(quote).join(', ')}) VALUES (${insertColumns.map(() => '?').join(', ')})`);
    const update = db.prepare(
      `UPDATE ${quote(conv.table)} SET ${['lastSeq', 'clientReadSeq', 'therapistReadSeq', 'lastMessageAt', 'updatedAt'].map((a) => `${quote(conv.column(a))} = ?`).join(', ')} WHERE id = ?`,
    );
    const [begin, commit, rollback] = ['BEGIN', 'COMMIT', 'ROLLBACK'].map((sql) => db.prepare(sql));
    const wal = String(db.pragma('journal_mode', { simple: true })).toLowerCase() === 'wal' && Boolean(db.name) && db.name !== ':memory:';
    const [relaxed, full] = ['PRAGMA synchronous = NORMAL', 'PRAGMA synchronous = FULL'].map((sql) => db.prepare(sql));
    const writer: SqliteWriter = {
      flush: wal ? coalesce(walFlush(db.name)) : null,
      run(batch, now) {
        const ids = [...new Set(batch.map((item) => item.conversation.id))];
        if (wal) relaxed.run();
        try {
          begin.run();
          try {
            const sealed = numberAndSeal(batch, select.all(JSON.stringify(ids)) as Record<string, unknown>[], now);
            const at = now.valueOf();
            for (const row of sealed.inserts) insert.run(...insertColumns.map((column) => (row[column] instanceof Date ? at : row[column])));
            for (const [id, s] of sealed.state) update.run(s.lastSeq, s.client, s.therapist, at, at, id);
            commit.run();
            return sealed.results;
          } catch (err) {
            if (db.inTransaction) rollback.run();
            throw err;
          }
        } finally {
          if (wal) full.run();
        }
      },
    };
    sqliteWriters.set(db, writer);
    return writer;
  }

  async function writeBatchOnSqlite(batch: Pending[], now: Date): Promise<Written> {
    const client = (strapi.db.connection as Knex).client;
    const db = (await client.acquireConnection()) as SqliteConnection;
    try {
      const writer = sqliteWriter(db);
      const results = writer.run(batch, now);
      return { results, durable: writer.flush ? writer.flush() : null };
    } finally {
      await client.releaseConnection(db);
    }
  }

  /**
   * PostgreSQL: the batch as arrays, one per column, expanded by unnest(): the statements' text is
   * the same for every batch (a batch of 256 messages was an insert of 2,048 parameters and an update
   * with three 250-branch CASEs, which the server parsed and planned again each time).
   */
  async function writeOnPostgres(trx: Knex.Transaction, inserts: Record<string, unknown>[], state: Map<number, Counters>, now: Date) {
    const { msg, conv } = tables();
    const column = (name: string) => inserts.map((row) => row[msg.column(name)]);
    const ids = [...state.keys()];
    const pick = (key: 'lastSeq' | 'client' | 'therapist') => ids.map((id) => state.get(id)![key]);
    // Insert and counters in one statement (a data-modifying WITH): one round trip less per batch.
    await trx.raw(
      `WITH inserted AS (
         INSERT INTO ?? (??, ??, ??, ??, ??, ??, ??, ??)
         SELECT c, s, u, r, b, k, ?, ? FROM unnest(?::int[], ?::int[], ?::int[], ?::varchar[], ?::text[], ?::varchar[]) AS v(c, s, u, r, b, k)
       )
       UPDATE ?? AS t SET ?? = v.last_seq, ?? = v.client_read, ?? = v.therapist_read, ?? = ?, ?? = ?
       FROM unnest(?::int[], ?::int[], ?::int[], ?::int[]) AS v(id, last_seq, client_read, therapist_read) WHERE t.id = v.id`,
      [
        msg.table,
        ...['conversationId', 'seq', 'senderUserId', 'senderRole', 'body', 'clientId', 'createdAt', 'updatedAt'].map(msg.column),
        now,
        now,
        column('conversationId'),
        column('seq'),
        column('senderUserId'),
        column('senderRole'),
        column('body'),
        column('clientId'),
        conv.table,
        conv.column('lastSeq'),
        conv.column('clientReadSeq'),
        conv.column('therapistReadSeq'),
        conv.column('lastMessageAt'),
        now,
        conv.column('updatedAt'),
        now,
        ids,
        pick('lastSeq'),
        pick('client'),
        pick('therapist'),
      ],
    );
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

  /**
   * Writes a batch, answering retries of stored messages with the stored copy. The first attempt
   * does not look the retry ids up: a retry is rare (a client resending after a reconnection), and
   * the unique retry index refuses a stored one anyway, which rolls the whole batch back and sends it
   * here again with `lookUp` (one query less per batch in the common case).
   */
  async function writeSettled(batch: Pending[], lookUp = false) {
    const retried = lookUp ? await findRetries(batch) : new Map<Pending, ChatMessage>();
    // A stored copy may come from a commit whose flush is still under way: answered after it.
    if (retried.size) answerWhenDurable(lastDurable, [...retried.keys()], () => retried.forEach((message, item) => item.resolve({ message, created: false })));
    // A retry id sent twice in one batch: the first is written, the others answered with it.
    const fresh: Pending[] = [];
    const seen = new Map<string, Pending>();
    const echoes: [Pending, Pending][] = [];
    for (const item of batch) {
      if (retried.has(item)) continue;
      const key = item.clientId ? retryKey(item.conversation.id, item.senderUserId, item.clientId) : null;
      const first = key ? seen.get(key) : undefined;
      if (first) echoes.push([item, first]);
      else {
        if (key) seen.set(key, item);
        fresh.push(item);
      }
    }
    if (!fresh.length) return;
    let written: Map<Pending, ChatMessage>;
    let durable: Promise<void> | null;
    try {
      ({ results: written, durable } = await withBusyRetry(() => writeBatch(fresh)));
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      // A retry id already stored: look the batch's retry ids up and write the rest.
      if (!lookUp) return writeSettled(batch, true);
      // Another process stored one of these retry ids meanwhile: write them one by one instead.
      if (fresh.length === 1) throw err;
      for (const item of fresh) await writeSettled([item], true).catch(item.reject);
      return;
    }
    lastDurable = durable;
    // The writer goes on with the next batch meanwhile: its commit shares or follows this flush.
    answerWhenDurable(durable, [...fresh, ...echoes.map(([item]) => item)], () => {
      for (const [item, message] of written) item.resolve({ message, created: true });
      for (const [item, first] of echoes) {
        const message = written.get(first);
        if (message) item.resolve({ message, created: false });
      }
    });
  }

  /** The flush of the newest commit (SQLite in WAL mode), or null when commits are durable at once. */
  let lastDurable: Promise<void> | null = null;
  const answersInFlight = new Set<Promise<void>>();

  /** Answers now, or once `durable` resolves; if the flush fails, nobody is told their message is safe. */
  function answerWhenDurable(durable: Promise<void> | null, items: Pending[], answer: () => void) {
    if (!durable) return answer();
    const answered = durable.then(answer, (err) => {
      strapi.log.error(`[chat] flushing ${items.length} stored message(s) to disk failed: ${(err as Error)?.message ?? err}`);
      for (const item of items) item.reject(err);
    });
    answersInFlight.add(answered);
    void answered.finally(() => answersInFlight.delete(answered));
  }

  async function run() {
    while (queue.length) {
      const batch = queue.splice(0, config().writeBatch);
      try {
        await writeSettled(batch);
      } catch (err) {
        strapi.log.error(`[chat] storing ${batch.length} message(s) failed: ${(err as Error)?.message ?? err}`);
        for (const item of batch) item.reject(err);
      }
    }
  }

  /** Starts the writer unless it runs or has nothing to do; it stops itself when the queue is empty. */
  function drain() {
    if (draining || !queue.length) return;
    draining = run().finally(() => {
      draining = null;
      drain();
    });
  }

  return {
    /**
     * Stores a message from `senderUserId` (a participant: checked by the caller through
     * conversations.participant) and resolves once it is committed. Same `clientId` again = same message.
     */
    store(conversation: Participation, senderUserId: number, body: string, clientId: string | null): Promise<StoreResult> {
      return new Promise<StoreResult>((resolve, reject) => {
        // A promise settles once: an item answered early (a retry) ignores later calls.
        queue.push({ conversation, senderUserId, body, clientId, resolve, reject });
        if (!draining) setImmediate(drain);
      });
    },

    /** Waits for every queued message to be written (shutdown). */
    async flush(): Promise<void> {
      while (draining || queue.length || answersInFlight.size) {
        if (!draining) drain();
        await Promise.all([draining, ...answersInFlight]);
      }
    },

    /** A page of history, oldest first, ending before message `before` (or at the newest). */
    async page(conversation: Participation, before: number | null, limit: number): Promise<MessagePage> {
      const { msg } = tables();
      let rows = strapi.db.connection(msg.table).where(msg.column('conversationId'), conversation.id);
      if (before !== null) rows = rows.where(msg.column('seq'), '<', before);
      const found = ((await rows.orderBy(msg.column('seq'), 'desc').limit(limit + 1)) as Record<string, unknown>[]).map(readRow);
      const hasMore = found.length > limit;
      const pageRows = found.slice(0, limit).reverse();
      const sealer = await getService('keys').sealerById(conversation.id);
      return {
        messages: pageRows.map((row) => view(row, conversation.documentId, sealer)),
        nextBefore: hasMore && pageRows.length ? pageRows[0].seq : null,
      };
    },

    /** Messages after `after`, oldest first, at most `limit` (and whether more follow). */
    async after(conversation: Participation, after: number, limit: number): Promise<{ messages: StoredMessageView[]; hasMore: boolean }> {
      const { msg } = tables();
      const found = ((await strapi.db
        .connection(msg.table)
        .where(msg.column('conversationId'), conversation.id)
        .where(msg.column('seq'), '>', after)
        .orderBy(msg.column('seq'), 'asc')
        .limit(limit + 1)) as Record<string, unknown>[]).map(readRow);
      const sealer = await getService('keys').sealerById(conversation.id);
      return { messages: found.slice(0, limit).map((row) => view(row, conversation.documentId, sealer)), hasMore: found.length > limit };
    },
  };
};
