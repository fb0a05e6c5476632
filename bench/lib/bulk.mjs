// Bulk rows for bench targets that generate large data sets: tables and columns named from Strapi's
// own metadata (a renamed attribute fails loudly, a table not there yet is skipped with a warning),
// inserts in transactions fast on both databases, and the ids of what was inserted.
import crypto from 'node:crypto';

/** Deterministic randomness (mulberry32): the same seed gives the same data on SQLite and PostgreSQL. */
export function seededRandom(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n) => Math.floor(next() * n);
  return {
    next,
    int,
    pick: (items) => items[int(items.length)],
    chance: (p) => next() < p,
    /** An index drawn in proportion to `weights`. */
    weighted(weights) {
      const total = weights.reduce((sum, w) => sum + w, 0);
      let x = next() * total;
      for (let i = 0; i < weights.length; i++) if ((x -= weights[i]) < 0) return i;
      return weights.length - 1;
    },
  };
}

/** 24 characters, a letter first: the shape of Strapi 5's document ids. */
export function documentId() {
  const bytes = crypto.randomBytes(24);
  const chars = 'abcdefghijklmnopqrstuvwxyz0123456789';
  let id = chars[bytes[0] % 26];
  for (let i = 1; i < 24; i++) id += chars[bytes[i] % 36];
  return id;
}

/**
 * The bulk writer of one booted Strapi. `table(uid)` answers a table handle, or null (with a warning
 * line through `warn`) when the content type does not exist in this build; `insert(handle, rows)`
 * writes rows given by attribute name and answers their ids in order.
 */
export function bulkWriter(strapi, database, { warn, onRows = () => {} }) {
  const knex = strapi.db.connection;
  const skipped = [];

  /** A table handle: its name and `row(values)`, which maps attribute names to columns. */
  function table(uid, { why = '' } = {}) {
    const meta = strapi.db.metadata.get(uid);
    if (!meta) {
      skipped.push(uid);
      warn(`warning: ${uid} does not exist in this build: its rows are skipped${why ? ` (${why})` : ''}`);
      return null;
    }
    const has = (attribute) => Boolean(meta.attributes[attribute]);
    const column = (attribute) => {
      const found = meta.attributes[attribute];
      if (!found) throw new Error(`${uid} has no attribute "${attribute}" any more: update the bench generator`);
      return found.columnName ?? attribute;
    };
    const timestamps = (created) => ({ ...(has('createdAt') ? { createdAt: created } : {}), ...(has('updatedAt') ? { updatedAt: created } : {}) });
    /** Column → the schema's default value, for rows that leave the column out. */
    const defaults = new Map(Object.entries(meta.attributes).filter(([, a]) => a.default !== undefined && typeof a.default !== 'function').map(([name, a]) => [a.columnName ?? name, a.default]));
    return {
      uid,
      name: meta.tableName,
      has,
      defaults,
      /** The values an enumeration attribute allows ([] for other attributes). */
      enumOf: (attribute) => meta.attributes[attribute]?.enum ?? [],
      column,
      /**
       * Attribute values → a row of columns; a document id and timestamps when the type keeps them,
       * unless `created` is null (rows only ever counted, which the owner leaves without them).
       */
      row(values, created = new Date()) {
        const out = {};
        const system = created === null ? {} : { ...(has('documentId') ? { documentId: documentId() } : {}), ...timestamps(created) };
        const all = { ...system, ...values };
        for (const [attribute, value] of Object.entries(all)) out[column(attribute)] = value;
        return out;
      },
      /** The link table of a relation attribute, with its order columns when Strapi keeps them. */
      link(attribute) {
        const joinTable = meta.attributes[attribute]?.joinTable;
        if (!joinTable) throw new Error(`${uid}.${attribute} is not a relation with a link table`);
        return {
          name: joinTable.name,
          row: (fromId, toId, order = 1) => ({
            [joinTable.joinColumn.name]: fromId,
            [joinTable.inverseJoinColumn.name]: toId,
            ...(joinTable.orderColumnName ? { [joinTable.orderColumnName]: 1 } : {}),
            ...(joinTable.inverseOrderColumnName ? { [joinTable.inverseOrderColumnName]: order } : {}),
          }),
        };
      },
    };
  }

  /** JSON columns are text on SQLite and json(b) on PostgreSQL: both take a JSON string. */
  const bindSqlite = (value) => (value instanceof Date ? value.valueOf() : typeof value === 'boolean' ? Number(value) : value !== null && typeof value === 'object' ? JSON.stringify(value) : value);
  const bindPg = (value) => (value !== null && typeof value === 'object' && !(value instanceof Date) ? JSON.stringify(value) : value);

  /**
   * One transaction of rows. SQLite: one prepared INSERT per row on Strapi's own better-sqlite3
   * connection (knex's multi-row INSERT is a slow compound SELECT there), values bound as knex binds
   * them (dates as epoch milliseconds, booleans as 0/1). PostgreSQL: multi-row INSERTs.
   */
  async function insertChunk(name, rows, columns) {
    if (database === 'sqlite') {
      const connection = await knex.client.acquireConnection();
      try {
        const statement = connection.prepare(`INSERT INTO "${name}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
        connection.transaction((batch) => {
          for (const row of batch) statement.run(columns.map((c) => bindSqlite(row[c])));
        })(rows);
      } finally {
        await knex.client.releaseConnection(connection);
      }
      return;
    }
    const perStatement = Math.max(1, Math.min(1000, Math.floor(60_000 / columns.length))); // ≤ 65,535 bound values
    await knex.transaction(async (trx) => {
      for (let i = 0; i < rows.length; i += perStatement) {
        await trx(name).insert(rows.slice(i, i + perStatement).map((row) => Object.fromEntries(columns.map((c) => [c, bindPg(row[c])]))));
      }
    });
  }

  /**
   * Rows may name different columns (a cancelled booking has a cancellation time, a held one none):
   * every row gets every column named by any, a missing one its schema default (else null), so all
   * go in one statement shape and their ids follow each other.
   */
  function uniform(target, rows) {
    const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
    for (const row of rows) for (const c of columns) if (!(c in row)) row[c] = target.defaults?.get(c) ?? null;
    return columns;
  }

  /**
   * Inserts rows (already in columns, from `handle.row`) into a table named by a handle or a link;
   * answers the new ids in insertion order (one writer on a fresh database: they follow each other,
   * which is checked). `phase` names the progress line.
   */
  async function insert(target, rows, { phase = target.name, ids = true } = {}) {
    if (!rows.length) return [];
    const before = ids ? Number((await knex(target.name).max({ m: 'id' }))[0].m ?? 0) : 0;
    const columns = uniform(target, rows);
    for (let i = 0; i < rows.length; i += 20_000) {
      await insertChunk(target.name, rows.slice(i, i + 20_000), columns);
      onRows(phase, Math.min(20_000, rows.length - i));
    }
    if (!ids) return [];
    const found = (await knex(target.name).select('id').where('id', '>', before).orderBy('id')).map((r) => Number(r.id));
    if (found.length !== rows.length) throw new Error(`${target.name}: inserted ${rows.length} rows, found ${found.length} new ids`);
    return found;
  }

  return { table, insert, skipped, knex };
}
