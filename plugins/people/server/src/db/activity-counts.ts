/**
 * The activity counts table (plugin::people.activity-count, table people_activity_counts): how many
 * different people were active on each UTC day (kind 'day', period the day) and in each ISO week
 * (kind 'week', period its Monday), unique per (kind, period). The dashboards read these rows (one
 * per day or week) instead of counting every activity row, which for 10,000 people and a year of
 * activity means scanning hundreds of thousands of index entries per chart.
 *
 * The counts are recounted from the activity rows of the periods just written (a day's and a week's
 * rows are few and indexed), so a count is never off by a lost increment; two processes recounting
 * the same period at the same moment may leave the older figure until that period's next write.
 * Anyone writing activity rows directly (bench/dashboards.mjs) recounts with `recountActivity`.
 */
import type { Core } from '@strapi/strapi';
import { tableMeta } from '@haven/shared/server/db';
import type { DayCount } from '@haven/shared/usage';
import { UID } from './uids';

export type CountKind = 'day' | 'week';

/** Periods per IN list: well under every database's parameter limit. */
const CHUNK = 300;

function countTables(strapi: Core.Strapi) {
  const activity = tableMeta(strapi, UID.activity);
  const counts = tableMeta(strapi, UID.activityCount);
  return {
    activity: { table: activity.table, user: activity.column('userId'), day: activity.column('day'), week: activity.column('week') },
    counts: { table: counts.table, kind: counts.column('kind'), period: counts.column('period'), people: counts.column('people') },
  };
}

/** Recounts the people active on these days and in these weeks (Mondays) from the activity rows, and stores the counts. */
export async function recountActivity(strapi: Core.Strapi, periods: { days: string[]; weeks: string[] }): Promise<void> {
  const t = countTables(strapi);
  const knex = strapi.db.connection;
  const kinds: [CountKind, string[], string][] = [
    // One row per person and day: a count of rows is a count of people.
    ['day', [...new Set(periods.days)], 'COUNT(*)'],
    ['week', [...new Set(periods.weeks)], 'COUNT(DISTINCT ??)'],
  ];
  for (const [kind, list, aggregate] of kinds) {
    const column = kind === 'day' ? t.activity.day : t.activity.week;
    for (let i = 0; i < list.length; i += CHUNK) {
      const chunk = list.slice(i, i + CHUNK);
      const rows: { period: unknown; n: unknown }[] = await knex(t.activity.table)
        .select(knex.raw('?? AS ??', [column, 'period']), knex.raw(`${aggregate} AS ??`, kind === 'day' ? ['n'] : [t.activity.user, 'n']))
        .whereIn(column, chunk)
        .groupBy(column);
      const found = new Map(rows.map((row) => [String(row.period), Number(row.n)]));
      const upserts = chunk.map((period) => ({ [t.counts.kind]: kind, [t.counts.period]: period, [t.counts.people]: found.get(period) ?? 0 }));
      await knex(t.counts.table).insert(upserts).onConflict([t.counts.kind, t.counts.period]).merge([t.counts.people]);
    }
  }
}

/** The stored counts of one kind for periods in [fromPeriod, toPeriod), periods with nobody absent. */
export async function storedCounts(strapi: Core.Strapi, kind: CountKind, fromPeriod: string, toPeriod: string): Promise<DayCount[]> {
  const { counts: c } = countTables(strapi);
  const rows: { period: unknown; people: unknown }[] = await strapi.db
    .connection(c.table)
    .select(strapi.db.connection.raw('?? AS ??', [c.period, 'period']), strapi.db.connection.raw('?? AS ??', [c.people, 'people']))
    .where(c.kind, kind)
    .where(c.period, '>=', fromPeriod)
    .where(c.period, '<', toPeriod)
    .where(c.people, '>', 0)
    .orderBy(c.period);
  return rows.map((row) => ({ day: String(row.period), count: Number(row.people) }));
}

/** Deletes the counts of days before `day` and of weeks starting before `week`. */
export async function pruneCounts(strapi: Core.Strapi, day: string, week: string): Promise<void> {
  const { counts: c } = countTables(strapi);
  await strapi.db
    .connection(c.table)
    .where((q) => q.where(c.kind, 'day').where(c.period, '<', day))
    .orWhere((q) => q.where(c.kind, 'week').where(c.period, '<', week))
    .delete();
}
