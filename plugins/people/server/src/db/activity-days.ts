/**
 * The activity table (plugin::people.activity, table people_activity): one row per site account and
 * UTC day on which it made an authenticated content-API request. Columns, for anyone generating rows
 * (bench/dashboards.mjs): user_id integer, day 'YYYY-MM-DD' (UTC), week 'YYYY-MM-DD' (the Monday
 * starting the day's ISO week, lib/activity-day.ts); unique (user_id, day), indexed (day, user_id) and
 * (week, user_id) (db/indexes.ts). Strapi's own columns (document_id, created_at, …) stay empty: the
 * rows are never read one by one, only counted (per day and week into db/activity-counts.ts).
 *
 * Writes ignore a row that exists (ON CONFLICT DO NOTHING on both databases), so any number of
 * processes may record the same person's day. Reads are counts only: no user id leaves this module.
 */
import type { Core } from '@strapi/strapi';
import { tableMeta } from '@haven/shared/server/db';
import { UID } from './uids';

export interface ActivityKey {
  userId: number;
  day: string;
  week: string;
}

/** Rows per INSERT: three parameters each, well under every database's parameter limit. */
const BATCH = 300;

function activityTable(strapi: Core.Strapi) {
  const m = tableMeta(strapi, UID.activity);
  return { table: m.table, user: m.column('userId'), day: m.column('day'), week: m.column('week') };
}

/** Adds the (account, day) rows that are missing, existing ones left alone; answers how many were added. */
export async function insertActivity(strapi: Core.Strapi, keys: ActivityKey[]): Promise<number> {
  const t = activityTable(strapi);
  let added = 0;
  for (let i = 0; i < keys.length; i += BATCH) {
    const rows = keys.slice(i, i + BATCH).map((k) => ({ [t.user]: k.userId, [t.day]: k.day, [t.week]: k.week }));
    // RETURNING answers only the rows written (both databases), not the ones the conflict skipped.
    const written: unknown[] = await strapi.db.connection(t.table).insert(rows).onConflict([t.user, t.day]).ignore().returning(t.user);
    added += written.length;
  }
  return added;
}

/**
 * How many different accounts were active at all in [fromDay, toDay): one probe of the unique
 * (user_id, day) index per account, which stays fast over a year of activity where COUNT(DISTINCT)
 * over every row of the range does not (PostgreSQL sorts them all).
 */
export async function activePeople(strapi: Core.Strapi, fromDay: string, toDay: string): Promise<number> {
  const t = activityTable(strapi);
  const users = tableMeta(strapi, UID.user);
  const knex = strapi.db.connection;
  const [row]: { n: unknown }[] = await knex(users.table)
    .select(knex.raw('COUNT(*) AS ??', ['n']))
    .whereExists((q) =>
      q
        .select(knex.raw('1'))
        .from(t.table)
        .whereRaw('?? = ??', [`${t.table}.${t.user}`, `${users.table}.${users.column('id')}`])
        .where(`${t.table}.${t.day}`, '>=', fromDay)
        .where(`${t.table}.${t.day}`, '<', toDay),
    );
  return Number(row?.n ?? 0);
}

/** Deletes the days before `day`; answers how many rows went. */
export async function pruneActivity(strapi: Core.Strapi, day: string): Promise<number> {
  const t = activityTable(strapi);
  return strapi.db.connection(t.table).where(t.day, '<', day).delete();
}

/** Deletes every day of one account (its erasure); answers how many rows went. */
export async function deleteActivityOf(strapi: Core.Strapi, userId: number): Promise<number> {
  const t = activityTable(strapi);
  return strapi.db.connection(t.table).where(t.user, userId).delete();
}
