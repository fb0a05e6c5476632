/**
 * The activity table (plugin::people.activity, table people_activity): one row per site account and
 * UTC day on which it made an authenticated content-API request. Columns, for anyone generating rows
 * (bench/dashboards.mjs): user_id integer, day 'YYYY-MM-DD' (UTC), week 'YYYY-MM-DD' (the Monday
 * starting the day's ISO week, lib/activity-day.ts); unique (user_id, day), indexed (day, user_id) and
 * (week, user_id) (db/indexes.ts). Strapi's own columns (document_id, created_at, …) stay empty: the
 * rows are never read one by one, only counted.
 *
 * Writes ignore a row that exists (ON CONFLICT DO NOTHING on both databases), so any number of
 * processes may record the same person's day. Reads are counts only: no user id leaves this module.
 */
import type { Core } from '@strapi/strapi';
import { tableMeta } from '@haven/shared/server/db';
import type { DayCount } from '@haven/shared/usage';
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
  const knex = strapi.db.connection;
  return {
    table: m.table,
    user: m.column('userId'),
    day: m.column('day'),
    week: m.column('week'),
    /** `column AS name` (raw, so the answer's row type is named where it is read). */
    as: (column: string, name: string) => knex.raw('?? AS ??', [column, name]),
    distinctUsers: () => knex.raw('COUNT(DISTINCT ??) AS ??', [m.column('userId'), 'n']),
  };
}

/** Adds the (account, day) rows that are missing; existing ones are left alone. */
export async function insertActivity(strapi: Core.Strapi, keys: ActivityKey[]): Promise<void> {
  const t = activityTable(strapi);
  for (let i = 0; i < keys.length; i += BATCH) {
    const rows = keys.slice(i, i + BATCH).map((k) => ({ [t.user]: k.userId, [t.day]: k.day, [t.week]: k.week }));
    await strapi.db.connection(t.table).insert(rows).onConflict([t.user, t.day]).ignore();
  }
}

/** How many people were active on each day in [fromDay, toDay) (days with nobody absent). */
export async function activeDays(strapi: Core.Strapi, fromDay: string, toDay: string): Promise<DayCount[]> {
  const t = activityTable(strapi);
  // One row per account and day, so a plain count is a count of people.
  const rows: { day: unknown; n: unknown }[] = await strapi.db
    .connection(t.table)
    .select(t.as(t.day, 'day'), strapi.db.connection.raw('COUNT(*) AS ??', ['n']))
    .where(t.day, '>=', fromDay)
    .where(t.day, '<', toDay)
    .groupBy(t.day)
    .orderBy(t.day);
  return rows.map((row) => ({ day: String(row.day), count: Number(row.n) }));
}

/** How many different people were active in each ISO week starting (Monday) in [fromWeek, toDay). */
export async function activeWeeks(strapi: Core.Strapi, fromWeek: string, toDay: string): Promise<DayCount[]> {
  const t = activityTable(strapi);
  const rows: { week: unknown; n: unknown }[] = await strapi.db
    .connection(t.table)
    .select(t.as(t.week, 'week'), t.distinctUsers())
    .where(t.week, '>=', fromWeek)
    .where(t.week, '<', toDay)
    .groupBy(t.week)
    .orderBy(t.week);
  return rows.map((row) => ({ day: String(row.week), count: Number(row.n) }));
}

/** How many different people were active at all in [fromDay, toDay). */
export async function activePeople(strapi: Core.Strapi, fromDay: string, toDay: string): Promise<number> {
  const t = activityTable(strapi);
  const [row]: { n: unknown }[] = await strapi.db.connection(t.table).select(t.distinctUsers()).where(t.day, '>=', fromDay).where(t.day, '<', toDay);
  return Number(row?.n ?? 0);
}

/** Deletes the days before `day`; answers how many rows went. */
export async function pruneActivity(strapi: Core.Strapi, day: string): Promise<number> {
  const t = activityTable(strapi);
  return strapi.db.connection(t.table).where(t.day, '<', day).delete();
}
