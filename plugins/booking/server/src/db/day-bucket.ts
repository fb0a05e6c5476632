/**
 * The UTC calendar day ('YYYY-MM-DD') of a datetime column, as SQL, for GROUP BY day. SQLite keeps
 * Strapi's datetimes as epoch milliseconds (or ISO text when written raw); PostgreSQL as timestamps
 * without time zone, written in UTC.
 * The same few lines live in people's and payments' db/day-bucket.ts: a plugin may not import
 * another's db/ (move to @haven/shared/server/db when that module next changes).
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';

/** `day(column)` to select (as "day") and `group(column)` to group by, for this database. */
export function utcDay(strapi: Core.Strapi, column: string): { select: Knex.Raw; group: Knex.Raw } {
  const knex = strapi.db.connection;
  const [sql, bindings] =
    strapi.db.dialect.client === 'postgres'
      ? [`to_char(??, 'YYYY-MM-DD')`, [column]]
      : [`CASE WHEN typeof(??) IN ('integer', 'real') THEN strftime('%Y-%m-%d', ?? / 1000, 'unixepoch') ELSE substr(??, 1, 10) END`, [column, column, column]];
  return { select: knex.raw(`${sql} AS ??`, [...bindings, 'day']), group: knex.raw(sql, bindings) };
}

/** A day's value as the drivers answer it: 'YYYY-MM-DD'. */
export const dayText = (value: unknown): string => (value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10));
