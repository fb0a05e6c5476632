/**
 * The reads behind GET /stats: three narrow queries on indexes (entries of the range, assessments of
 * the range, entry dates outside the range for the streaks). Reflections are never read here.
 * Raw Knex on purpose: the Query Engine's row mapping costs more than the whole computation for five
 * years of entries (bench/RESULTS.md, `npm run bench:wellness`).
 */
import type { Core } from '@strapi/strapi';
import type { AssessmentKind } from '@haven/shared/wellness';
import { isoOrNull, tableMeta } from '@haven/shared/server/db';
import { tableNameOf } from '@haven/shared/server/strapi';
import type { StatsAssessmentRow, StatsEntryRow } from '../lib/stats';
import { UID } from './uids';

export interface StatsRows {
  /** The entries of the range, oldest first. */
  entries: StatsEntryRow[];
  /** Every entry date of the person, oldest first (for the streaks). */
  allDates: string[];
  /** The assessments of the range, in the order they were taken. */
  assessments: StatsAssessmentRow[];
}

/** JSON columns come back parsed on PostgreSQL and as text on SQLite. */
function listOf(value: unknown): string[] {
  if (Array.isArray(value)) return value as string[];
  if (typeof value === 'string' && value) {
    try {
      const parsed: unknown = JSON.parse(value);
      return Array.isArray(parsed) ? (parsed as string[]) : [];
    } catch {
      return [];
    }
  }
  return [];
}

export async function readStatsRows(strapi: Core.Strapi, userId: number, range: { from: string; to: string }): Promise<StatsRows> {
  const knex = strapi.db.connection;
  const col = (uid: string, attribute: string) => tableMeta(strapi, uid).column(attribute);
  const e = (attribute: string) => col(UID.entry, attribute);
  const a = (attribute: string) => col(UID.assessment, attribute);
  const entryTable = tableNameOf(strapi, UID.entry);

  const [entryRows, assessmentRows, outsideRows] = await Promise.all([
    knex(entryTable)
      .select({ localDate: e('localDate'), mood: e('mood'), energy: e('energy'), sleepHours: e('sleepHours'), activities: e('activities'), emotions: e('emotions') })
      .where(e('userId'), userId)
      .andWhere(e('localDate'), '>=', range.from)
      .andWhere(e('localDate'), '<=', range.to)
      .orderBy(e('localDate'), 'asc'),
    knex(tableNameOf(strapi, UID.assessment))
      .select({ kind: a('kind'), localDate: a('localDate'), takenAt: a('takenAt'), score: a('score'), band: a('band'), selfHarmFlag: a('selfHarmFlag') })
      .where(a('userId'), userId)
      .andWhere(a('localDate'), '>=', range.from)
      .andWhere(a('localDate'), '<=', range.to)
      .orderBy([{ column: a('takenAt'), order: 'asc' }, { column: 'id', order: 'asc' }]),
    // Streaks need every entry date: those outside the range come from one more narrow read
    // (none at all for the usual "all my history" view, whose rows are then reused as they are).
    knex(entryTable)
      .select({ localDate: e('localDate') })
      .where(e('userId'), userId)
      .andWhere((outside) => outside.where(e('localDate'), '<', range.from).orWhere(e('localDate'), '>', range.to))
      .orderBy(e('localDate'), 'asc'),
  ]);
  const before = outsideRows.filter((row: { localDate: string }) => row.localDate < range.from);
  const after = outsideRows.filter((row: { localDate: string }) => row.localDate > range.to);
  const allDates = [...before, ...entryRows, ...after].map((row: { localDate: string }) => String(row.localDate));

  const entries: StatsEntryRow[] = entryRows.map((row: Record<string, unknown>) => ({
    localDate: String(row.localDate),
    mood: Number(row.mood),
    energy: row.energy === null ? null : Number(row.energy),
    sleepHours: row.sleepHours === null ? null : Number(row.sleepHours),
    activities: listOf(row.activities),
    emotions: listOf(row.emotions),
  }));
  const assessments: StatsAssessmentRow[] = assessmentRows.map((row: Record<string, unknown>) => ({
    kind: row.kind as AssessmentKind,
    localDate: String(row.localDate),
    takenAt: isoOrNull(row.takenAt) ?? String(row.takenAt),
    score: Number(row.score),
    band: String(row.band),
    selfHarmFlag: Boolean(row.selfHarmFlag),
  }));
  return { entries, allDates, assessments };
}
