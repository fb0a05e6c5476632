/**
 * Database helpers for plugins that write SQL beside Strapi's query engine (conditional updates,
 * unique indexes): table and column names from Strapi's own metadata, date values as they come back
 * from SQLite or PostgreSQL, and unique-violation detection. Type-only import of Strapi: the site
 * never loads this module.
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';

/** Strapi's metadata of a content type, or undefined for an unknown uid. */
function metadataOf(strapi: Core.Strapi, uid: string) {
  return strapi.db.metadata.get(uid as never) as ReturnType<Core.Strapi['db']['metadata']['get']> | undefined;
}

/** Table and column names of a content type, from Strapi's own metadata (never guessed). */
export function tableMeta(strapi: Core.Strapi, uid: string) {
  const m = metadataOf(strapi, uid);
  if (!m) throw new Error(`unknown content type ${uid}`);
  const column = (attribute: string) => {
    const found = m.attributes[attribute];
    return found && 'columnName' in found && typeof found.columnName === 'string' ? found.columnName : attribute;
  };
  return { table: m.tableName, column };
}

/**
 * The link table of a relation attribute (Strapi 5 keeps every relation in one): its name, the column
 * holding this side's id (`from`) and the column holding the target's id (`to`).
 */
export function joinOf(strapi: Core.Strapi, uid: string, attribute: string): { table: string; from: string; to: string } {
  const found = metadataOf(strapi, uid)?.attributes[attribute];
  const joinTable = found && 'joinTable' in found ? found.joinTable : undefined;
  if (!joinTable || !('inverseJoinColumn' in joinTable)) throw new Error(`${uid}.${attribute} is not a relation with a link table`);
  return { table: joinTable.name, from: joinTable.joinColumn.name, to: joinTable.inverseJoinColumn.name };
}

/** Epoch milliseconds of a date-ish database value (SQLite gives numbers or strings, PostgreSQL Dates). */
export function epochMs(value: unknown): number {
  if (value === null || value === undefined || value === '') return Number.NaN;
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'number') return value;
  const text = String(value);
  return /^\d+$/.test(text) ? Number(text) : Date.parse(text);
}

/** An ISO string for a date-ish database value, or null. */
export function isoOrNull(value: unknown): string | null {
  const n = epochMs(value);
  return Number.isFinite(n) ? new Date(n).toISOString() : null;
}

/** True for a unique-constraint violation, on SQLite or PostgreSQL. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown } | null;
  const code = String(e?.code ?? '');
  return code === '23505' || code.startsWith('SQLITE_CONSTRAINT') || /UNIQUE constraint failed|duplicate key value/i.test(String(e?.message ?? ''));
}

/**
 * Creates the indexes a schema file cannot express. A failure stops the start: without its unique
 * indexes a plugin could not promise what it promises (one booking per slot, one transition per event).
 */
export interface IndexSpec {
  /** Content type, e.g. "plugin::wellness.entry". */
  uid: string;
  name: string;
  /** Attribute names (camelCase, as in schema.json), in index order. */
  attributes: string[];
  unique?: boolean;
}

export async function ensureIndexes(strapi: Core.Strapi, indexes: IndexSpec[]) {
  for (const index of indexes) {
    const m = tableMeta(strapi, index.uid);
    const columns = index.attributes.map(m.column);
    const sql = `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX IF NOT EXISTS ?? ON ?? (${columns.map(() => '??').join(', ')})`;
    await strapi.db.connection.raw(sql, [index.name, m.table, ...columns]);
  }
}

/**
 * The UTC calendar day ('YYYY-MM-DD') of a datetime column, as SQL, for GROUP BY day: `select` (as
 * "day") and `group`. SQLite keeps Strapi's datetimes as epoch milliseconds (or ISO text when written
 * raw); PostgreSQL as timestamps without time zone, written in UTC.
 *
 * Rows are grouped by a cheap day value (SQLite: the whole number of UTC days since 1970, integer
 * division; PostgreSQL: a cast to date) and the day's text is formatted from it once per group, not
 * once per row: formatting every row was about half of a year-long count's time (bench:dashboards,
 * 60,000 bookings: 45 → 21 ms on SQLite, 47 → 29 ms on PostgreSQL).
 */
export function utcDay(strapi: Core.Strapi, column: string): { select: Knex.Raw; group: Knex.Raw } {
  const knex = strapi.db.connection;
  if (strapi.db.dialect.client === 'postgres') {
    return { select: knex.raw(`to_char(??::date, 'YYYY-MM-DD') AS ??`, [column, 'day']), group: knex.raw('??::date', [column]) };
  }
  // ISO text (rare) goes through julianday to the same day number, so that a day is one group whichever way its rows were written.
  const dayNumber = `(CASE WHEN typeof(??) IN ('integer', 'real') THEN CAST(?? / 86400000 AS INTEGER) ELSE CAST(julianday(substr(??, 1, 10)) - 2440587.5 AS INTEGER) END)`;
  const bindings = [column, column, column];
  return { select: knex.raw(`strftime('%Y-%m-%d', ${dayNumber} * 86400, 'unixepoch') AS ??`, [...bindings, 'day']), group: knex.raw(dayNumber, bindings) };
}

/** A day's value as the drivers answer it: 'YYYY-MM-DD'. */
export const dayText = (value: unknown): string => (value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10));

/**
 * Epoch milliseconds of a datetime column, as SQL (for differences between two times in a grouped
 * query): SQLite's integers as they are, its ISO text through julianday; PostgreSQL's timestamps
 * without time zone, written in UTC, through EXTRACT(EPOCH).
 */
export function epochMillis(strapi: Core.Strapi, column: string): Knex.Raw {
  const knex = strapi.db.connection;
  return strapi.db.dialect.client === 'postgres'
    ? knex.raw('(EXTRACT(EPOCH FROM ??) * 1000)', [column])
    : knex.raw(`(CASE WHEN typeof(??) IN ('integer', 'real') THEN ?? ELSE CAST((julianday(??) - 2440587.5) * 86400000 AS INTEGER) END)`, [column, column, column]);
}

/** A table or column name as an SQL identifier in raw SQL text (double quotes: SQLite and PostgreSQL alike). */
export const sqlName = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** The rows of a `knex.raw()` result, whichever driver answered (SQLite: the array itself; PostgreSQL: `{ rows }`). */
export function rawRows<Row>(result: unknown): Row[] {
  if (Array.isArray(result)) return result as Row[];
  const rows = (result as { rows?: unknown } | null)?.rows;
  return Array.isArray(rows) ? (rows as Row[]) : [];
}
