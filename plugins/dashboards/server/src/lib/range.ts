/**
 * The date range of a dashboard: whole UTC days, both ends included, given as YYYY-MM-DD; by
 * default the last 30 days up to today. Pure (no Strapi): unit-tested in __tests__/range.test.ts.
 */
import { z } from 'zod';
import { badRequest } from '@haven/shared/errors';

const DAY_MS = 86_400_000;
/** The longest range one request may ask for (a year and a day, so a leap year fits). */
export const MAX_DAYS = 366;
export const DEFAULT_DAYS = 30;

const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date like 2026-01-31')
  .refine((text) => {
    const ms = Date.parse(`${text}T00:00:00Z`);
    return Number.isFinite(ms) && new Date(ms).toISOString().slice(0, 10) === text;
  }, 'Not a calendar date');

export const rangeQuery = z.object({ from: isoDay.optional(), to: isoDay.optional() }).strict();
export type RangeQuery = z.infer<typeof rangeQuery>;

export interface DayRange {
  /** First day, 'YYYY-MM-DD' (UTC). */
  from: string;
  /** Last day, included. */
  to: string;
  /** Every day of the range, in order. */
  days: string[];
  /** The SQL window: [start, end) in UTC. */
  start: Date;
  end: Date;
}

const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const startOf = (day: string) => Date.parse(`${day}T00:00:00Z`);

/** The range asked for, or the default one ending today (`now`); refuses a reversed or too long range. */
export function resolveRange(query: RangeQuery, now: number): DayRange {
  const to = query.to ?? (query.from ? dayOf(Math.min(startOf(query.from) + (DEFAULT_DAYS - 1) * DAY_MS, now)) : dayOf(now));
  const from = query.from ?? dayOf(startOf(to) - (DEFAULT_DAYS - 1) * DAY_MS);
  const count = (startOf(to) - startOf(from)) / DAY_MS + 1;
  if (count < 1) throw badRequest('The range ends before it starts.');
  if (count > MAX_DAYS) throw badRequest(`A range may cover at most ${MAX_DAYS} days.`);
  const days = Array.from({ length: count }, (_, i) => dayOf(startOf(from) + i * DAY_MS));
  return { from, to, days, start: new Date(startOf(from)), end: new Date(startOf(to) + DAY_MS) };
}
