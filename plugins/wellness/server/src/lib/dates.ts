/**
 * Local calendar dates. An entry belongs to the person's local day: the time zone of their profile
 * decides which date "today" is (luxon). Calendar arithmetic on plain dates (no zone involved: a
 * date is a date) uses whole days since 1970-01-01, which is exact and cheap inside the stats loops.
 */
import { DateTime } from 'luxon';
import type { Bucket } from '@haven/shared/wellness';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A real calendar date written YYYY-MM-DD ("2023-02-29" is not), or null. */
export function parseIsoDate(value: unknown): string | null {
  if (typeof value !== 'string' || !ISO_DATE.test(value)) return null;
  const parsed = DateTime.fromISO(value, { zone: 'utc' });
  return parsed.isValid && parsed.toISODate() === value ? value : null;
}

/**
 * The moment `now` on a zone's clock. Zones reach wellness from people (`Person.timeZone`), which
 * checks them and answers 'UTC' for one it does not know, so wellness keeps no zone list of its own;
 * a name luxon still cannot use reads as UTC here rather than as an invalid date.
 */
function onClockOf(zone: string, now: Date): DateTime {
  const local = DateTime.fromJSDate(now).setZone(zone);
  return local.isValid ? local : DateTime.fromJSDate(now, { zone: 'utc' });
}

/** The date it is now in a time zone. */
export function localToday(zone: string, now: Date = new Date()): string {
  return onClockOf(zone, now).toISODate()!;
}

/** Date and minutes since local midnight, now, in a time zone. */
export function localClock(zone: string, now: Date = new Date()): { date: string; minutes: number } {
  const local = onClockOf(zone, now);
  return { date: local.toISODate()!, minutes: local.hour * 60 + local.minute };
}

/** "HH:MM" (00:00–23:59) as minutes since midnight, or null. */
export function minutesOfTime(value: unknown): number | null {
  if (typeof value !== 'string' || !/^\d{2}:\d{2}$/.test(value)) return null;
  const hours = Number(value.slice(0, 2));
  const minutes = Number(value.slice(3));
  return hours < 24 && minutes < 60 ? hours * 60 + minutes : null;
}

const digit = (text: string, at: number) => text.charCodeAt(at) - 48;

/**
 * Whole days since 1970-01-01 of a YYYY-MM-DD date (no validation: call on checked dates). Plain
 * arithmetic on the proleptic Gregorian calendar (H. Hinnant's days_from_civil): the stats loop calls
 * this for every entry, and it is several times faster than going through Date.
 */
export function dayNumber(date: string): number {
  let year = digit(date, 0) * 1000 + digit(date, 1) * 100 + digit(date, 2) * 10 + digit(date, 3);
  const month = digit(date, 5) * 10 + digit(date, 6);
  const day = digit(date, 8) * 10 + digit(date, 9);
  if (month <= 2) year -= 1;
  const era = Math.floor(year / 400);
  const yearOfEra = year - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

const two = (n: number) => (n < 10 ? `0${n}` : String(n));

/** The YYYY-MM-DD date of a day number (civil_from_days), for years 1000–9999. */
export function dateOfDay(dayNumberValue: number): string {
  const z = dayNumberValue + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return `${year}-${two(month)}-${two(day)}`;
}

export function addDays(date: string, days: number): string {
  return dateOfDay(dayNumber(date) + days);
}

export type { Bucket };

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
  return dayNumber(month === 12 ? `${year + 1}-01-01` : `${year}-${two(month + 1)}-01`);
}
