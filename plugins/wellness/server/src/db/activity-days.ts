/**
 * Wellness activity per day for staff dashboards, one grouped query per series (the Query Engine has
 * no GROUP BY). Counts only: no score, answer, reflection or person leaves this module.
 *   checkIns     check-ins per day they are for (the person's local day, as stored: `localDate`), so
 *                that a check-in written for yesterday counts on yesterday
 *   assessments  PHQ-9 and GAD-7 taken, per UTC day of `takenAt`
 */
import type { Core } from '@strapi/strapi';
import type { DayCount } from '@haven/shared/usage';
import { dayText, tableMeta, utcDay } from '@haven/shared/server/db';
import { UID } from './uids';

export interface WellnessActivity {
  checkIns: DayCount[];
  assessments: DayCount[];
}

const counted = (rows: { day: unknown; n: unknown }[]): DayCount[] => rows.map((row) => ({ day: dayText(row.day), count: Number(row.n) }));

/** Activity in [from, to) (UTC midnights); check-ins by their local day from `from`'s day to the day before `to`. */
export async function activityDays(strapi: Core.Strapi, from: Date, to: Date): Promise<WellnessActivity> {
  const knex = strapi.db.connection;
  const entry = tableMeta(strapi, UID.entry);
  const assessment = tableMeta(strapi, UID.assessment);
  const localDate = entry.column('localDate');
  const takenAt = assessment.column('takenAt');
  const taken = utcDay(strapi, takenAt);
  const firstDay = from.toISOString().slice(0, 10);
  const lastDay = new Date(to.getTime() - 1).toISOString().slice(0, 10);
  type DayRow = { day: unknown; n: unknown };
  const [checkIns, assessments] = await Promise.all([
    knex(entry.table)
      .select(knex.raw('?? AS ??', [localDate, 'day']))
      .count<DayRow[]>({ n: '*' })
      .whereBetween(localDate, [firstDay, lastDay])
      .groupBy(localDate)
      .orderBy('day'),
    knex(assessment.table).select(taken.select).count<DayRow[]>({ n: '*' }).where(takenAt, '>=', from).where(takenAt, '<', to).groupBy(taken.group).orderBy('day'),
  ]);
  return { checkIns: counted(checkIns), assessments: counted(assessments) };
}
