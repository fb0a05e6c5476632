/**
 * Local calendar dates. An entry belongs to the person's local day: the time zone of their profile
 * decides which date "today" is (luxon). Calendar arithmetic on plain dates (no zone involved: a
 * date is a date) uses whole days since 1970-01-01, which is exact and cheap inside the stats loops.
 */
import { DateTime, IANAZone } from 'luxon';

const DAY_MS = 86_400_000;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A real calendar date written YYYY-MM-DD ("2023-02-29" is not), or null. */
export function parseIsoDate(value: unknown): string | null {
  if (typeof value !== 'string' || !ISO_DATE.test(value)) return null;
  const parsed = DateTime.fromISO(value, { zone: 'utc' });
  return parsed.isValid && parsed.toISODate() === value ? value : null;
}

export function isTimeZone(zone: unknown): zone is string {
  return typeof zone === 'string' && zone.length <= 64 && IANAZone.isValidZone(zone);
}

/** A zone luxon knows, falling back to UTC (profiles are validated on write; this is a seatbelt). */
export function safeZone(zone: string | null | undefined): string {
  return isTimeZone(zone) ? zone : 'UTC';
}

/** The date it is now in a time zone. */
export function localToday(zone: string, now: Date = new Date()): string {
  return DateTime.fromJSDate(now).setZone(safeZone(zone)).toISODate()!;
}

/** Date and minutes since local midnight, now, in a time zone. */
export function localClock(zone: string, now: Date = new Date()): { date: string; minutes: number } {
  const local = DateTime.fromJSDate(now).setZone(safeZone(zone));
  return { date: local.toISODate()!, minutes: local.hour * 60 + local.minute };
}

/** "HH:MM" (00:00–23:59) as minutes since midnight, or null. */
export function minutesOfTime(value: unknown): number | null {
  if (typeof value !== 'string' || !/^\d{2}:\d{2}$/.test(value)) return null;
  const hours = Number(value.slice(0, 2));
  const minutes = Number(value.slice(3));
  return hours < 24 && minutes < 60 ? hours * 60 + minutes : null;
}

/** Whole days since 1970-01-01 of a YYYY-MM-DD date (no validation: call on checked dates). */
export function dayNumber(date: string): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS;
}

export function dateOfDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return dateOfDay(dayNumber(date) + days);
}

export type Bucket = 'day' | 'week' | 'month';

/** The first day of the bucket a day falls in: itself, the Monday of its ISO week, the 1st of its month. */
export function bucketStartDay(day: number, bucket: Bucket): number {
  if (bucket === 'day') return day;
  // 1970-01-01 was a Thursday: (day + 3) % 7 is 0 on Mondays.
  if (bucket === 'week') return day - ((((day + 3) % 7) + 7) % 7);
  return dayNumber(`${dateOfDay(day).slice(0, 7)}-01`);
}

/** The first day of the next bucket after the one starting at `start`. */
export function nextBucketStartDay(start: number, bucket: Bucket): number {
  if (bucket === 'day') return start + 1;
  if (bucket === 'week') return start + 7;
  const date = dateOfDay(start);
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  return Date.UTC(month === 12 ? year + 1 : year, month === 12 ? 0 : month, 1) / DAY_MS;
}

/** ISO text of a stored timestamp: a Date, an ISO string, or milliseconds (SQLite may keep them so). */
export function isoOf(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'number') return new Date(value).toISOString();
  if (typeof value === 'string' && /^\d+$/.test(value)) return new Date(Number(value)).toISOString();
  return new Date(String(value)).toISOString();
}
