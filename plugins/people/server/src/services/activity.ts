/**
 * Who used the site on which UTC day, recorded once per person and day, and counted for staff
 * dashboards (counts only, never who).
 *
 * `touch` runs after every authenticated content-API request (register.ts): an in-process set of the
 * people already recorded today makes all but a person's first request of the day cost nothing; the
 * first one writes one row, ignored when another process wrote it already, and recounts that day
 * and week (db/activity-counts.ts), which the dashboards read. Days older than RETENTION_DAYS are
 * deleted at start and whenever the UTC day changes.
 */
import type { Core } from '@strapi/strapi';
import { badRequest } from '@haven/shared/errors';
import { pruneCounts, recountActivity, storedCounts } from '../db/activity-counts';
import { activePeople, deleteActivityOf, insertActivity, pruneActivity, type ActivityKey } from '../db/activity-days';
import { addDays, isDay, isoWeekStart, utcDayOf } from '../lib/activity-day';
import type { DayCount } from '@haven/shared/usage';

export type { DayCount };

/** How long activity days are kept: a year of weekly figures, with a month to spare. */
export const RETENTION_DAYS = 400;

/** A past (or today's) day of one person's activity, as the demo seed and tests write them. */
export interface ActivityDay {
  userId: number;
  /** UTC day, 'YYYY-MM-DD'. */
  day: string;
}

const keyOf = (userId: number, day: string): ActivityKey => ({ userId, day, week: isoWeekStart(day) });

export default ({ strapi }: { strapi: Core.Strapi }) => {
  let today = '';
  let recorded = new Set<number>();

  async function prune(now: number): Promise<number> {
    const cutoff = addDays(utcDayOf(now), -RETENTION_DAYS);
    await pruneCounts(strapi, cutoff, isoWeekStart(cutoff));
    return pruneActivity(strapi, cutoff);
  }

  /** Writes activity rows and recounts the days and weeks that gained any. */
  async function write(keys: ActivityKey[]): Promise<void> {
    if ((await insertActivity(strapi, keys)) === 0) return;
    await recountActivity(strapi, { days: keys.map((k) => k.day), weeks: keys.map((k) => k.week) });
  }

  return {
    /** Records that a site account was active now (at most one write per person and day per process). */
    async touch(userId: number, now = Date.now()): Promise<void> {
      const day = utcDayOf(now);
      if (day !== today) {
        today = day;
        recorded = new Set();
        prune(now).catch((err: Error) => strapi.log.warn(`[people] could not prune old activity: ${err.message}`));
      }
      if (recorded.has(userId)) return;
      recorded.add(userId);
      try {
        await write([keyOf(userId, day)]);
      } catch (err) {
        // Never fails the request; the person's next request tries again.
        recorded.delete(userId);
        strapi.log.warn(`[people] could not record activity: ${(err as Error).message}`);
      }
    },

    /**
     * Deletes an account's activity days (its erasure, issue 20) and counts it as recorded for the rest
     * of today, so the answer to the erasure's own request (touched after it is answered) does not
     * write a fresh day for an account that is about to go. The per-day counts keep it: they name nobody.
     */
    async erase(userId: number, now = Date.now()): Promise<number> {
      const day = utcDayOf(now);
      if (day !== today) {
        today = day;
        recorded = new Set();
      }
      recorded.add(userId);
      return deleteActivityOf(strapi, userId);
    },

    /** Records activity on given days (the demo's history, tests); days already recorded are left as they are. */
    async record(days: ActivityDay[], now = Date.now()): Promise<void> {
      const latest = utcDayOf(now);
      for (const { userId, day } of days) {
        if (!Number.isInteger(userId) || userId <= 0) throw badRequest('userId must be a positive integer.');
        if (!isDay(day) || day > latest) throw badRequest(`day must be a past UTC day written YYYY-MM-DD (got ${day}).`);
      }
      await write(days.map((d) => keyOf(d.userId, d.day)));
    },

    /** Recounts the days and weeks of [from, to) from the activity rows (after writing rows directly, e.g. a benchmark's). */
    async recount(from: Date, to: Date): Promise<void> {
      const days: string[] = [];
      for (let day = utcDayOf(from); day < utcDayOf(to); day = addDays(day, 1)) days.push(day);
      await recountActivity(strapi, { days, weeks: [...new Set(days.map(isoWeekStart))] });
    },

    /** People active per UTC day in [from, to); days without anybody absent. */
    perDay(from: Date, to: Date): Promise<DayCount[]> {
      return storedCounts(strapi, 'day', utcDayOf(from), utcDayOf(to));
    },

    /** Different people active per ISO week (`day` is its Monday) for every week that overlaps [from, to), whole weeks. */
    perWeek(from: Date, to: Date): Promise<DayCount[]> {
      return storedCounts(strapi, 'week', isoWeekStart(utcDayOf(from)), utcDayOf(to));
    },

    /** Different people active at all in [from, to). */
    people(from: Date, to: Date): Promise<number> {
      return activePeople(strapi, utcDayOf(from), utcDayOf(to));
    },

    /** Deletes activity older than RETENTION_DAYS. */
    prune(now = Date.now()): Promise<number> {
      return prune(now);
    },
  };
};
