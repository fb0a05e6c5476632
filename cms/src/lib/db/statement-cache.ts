/**
 * Prepared statements kept per SQLite connection (issue 21). knex's better-sqlite3 client prepares
 * every query afresh (`connection.prepare(sql)` on each call), and preparing is a good part of the
 * CPU of a small query. Haven's queries come from a few hundred shapes with the values bound
 * separately, so the connection keeps the last SQLITE_STATEMENT_CACHE (500) statements by their SQL
 * and hands the same one back. A statement holds no state between runs (knex only calls `all` or
 * `run` with bindings), SQLite re-prepares it by itself after a schema change, and only reads and
 * plain writes are kept, not DDL. SQLITE_STATEMENT_CACHE=0 switches it off.
 */

type Statement = { reader: boolean };
type Connection = { prepare(sql: string): Statement };

const CACHEABLE = /^\s*(select|insert|update|delete|with)\b/i;

export function statementCacheSize(raw = process.env.SQLITE_STATEMENT_CACHE ?? '500'): number {
  const value = /^\d+$/.test(raw.trim()) ? Number(raw) : Number.NaN;
  if (!Number.isInteger(value) || value > 100_000) throw new Error('SQLITE_STATEMENT_CACHE must be a whole number from 0 (off) to 100000');
  return value;
}

/** Makes `conn.prepare` hand back a kept statement for SQL it has prepared before (least recently used goes first). */
export function cacheStatements<C extends Connection>(conn: C, max = statementCacheSize()): C {
  if (max <= 0) return conn;
  const prepare = conn.prepare.bind(conn);
  const kept = new Map<string, Statement>();
  conn.prepare = (sql: string) => {
    const hit = kept.get(sql);
    if (hit) {
      kept.delete(sql);
      kept.set(sql, hit);
      return hit;
    }
    const statement = prepare(sql);
    if (CACHEABLE.test(sql)) {
      if (kept.size >= max) kept.delete(kept.keys().next().value as string);
      kept.set(sql, statement);
    }
    return statement;
  };
  return conn;
}
