/**
 * The calendar keys of an activity row, as the activity table stores them: the UTC day
 * ('YYYY-MM-DD') and the Monday that starts its ISO week (also 'YYYY-MM-DD'). Storing the week with
 * the row lets "people active per week" be one indexed GROUP BY, the same SQL on SQLite and
 * PostgreSQL, instead of date arithmetic on every row. Pure: unit-tested.
 */

import { isoWeekStart } from '@haven/shared/usage';

const DAY_MS = 24 * 60 * 60 * 1000;
const DAY_TEXT = /^\d{4}-\d{2}-\d{2}$/;

/** The UTC day of an instant. */
export const utcDayOf = (at: Date | number): string => new Date(at).toISOString().slice(0, 10);

/** True for a real calendar day written 'YYYY-MM-DD'. */
export function isDay(text: string): boolean {
  if (!DAY_TEXT.test(text)) return false;
  const parsed = Date.parse(`${text}T00:00:00.000Z`);
  return Number.isFinite(parsed) && utcDayOf(parsed) === text;
}

/** The Monday (UTC) that starts the ISO week of a day (one definition, shared with the dashboards). */
export { isoWeekStart };

/** The day `days` after (or, negative, before) a day. */
export const addDays = (day: string, days: number): string => utcDayOf(Date.parse(`${day}T00:00:00.000Z`) + days * DAY_MS);
