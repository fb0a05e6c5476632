/**
 * Quiet hours: the part of a therapist's day in which the clinic does not mail them. Pure (no Strapi)
 * so that midnight, daylight-saving days and far-away zones are unit-tested (lib/__tests__).
 */
import { DateTime } from 'luxon';

/** "HH:MM" to "HH:MM", in each therapist's own time zone; the end is exclusive. */
export interface QuietHours {
  start: string;
  end: string;
}

/** A 24-hour clock time such as "07:00" (no quantifier can backtrack: fixed width). */
export const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$/;

const minutesOf = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));

/** "22:00-07:00" → { start, end }; blank → null; anything else → an Error naming the variable. */
export function parseQuietHours(raw: string): QuietHours | null {
  const value = raw.trim();
  if (!value) return null;
  const [start, end, extra] = value.split('-').map((part) => part.trim());
  if (extra !== undefined || !CLOCK.test(start ?? '') || !CLOCK.test(end ?? '') || start === end) {
    throw new Error(`SAFETY_QUIET_HOURS must be blank or two different 24-hour times such as "22:00-07:00" (got "${raw}")`);
  }
  return { start, end };
}

/**
 * When the quiet hours that hold `at` end, in `timeZone` (an unknown zone counts as UTC rather than
 * losing the notice); null when `at` is outside them. A window may cross midnight ("22:00-07:00").
 * On a daylight-saving day the end is the wall-clock time in the zone: an end that falls in the hour
 * skipped in spring becomes the first minute after it (luxon moves it forward), never earlier.
 */
export function quietUntil(quiet: QuietHours | null, at: Date, timeZone: string): Date | null {
  if (!quiet) return null;
  const zoned = DateTime.fromJSDate(at, { zone: timeZone });
  const local = zoned.isValid ? zoned : DateTime.fromJSDate(at, { zone: 'UTC' });
  const now = local.hour * 60 + local.minute;
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  const inside = start < end ? now >= start && now < end : now >= start || now < end;
  if (!inside) return null;
  let until = local.set({ hour: Math.floor(end / 60), minute: end % 60, second: 0, millisecond: 0 });
  // Before midnight in a window that ends tomorrow: the end is on the next calendar day (plus one
  // calendar day keeps the wall-clock time across a daylight-saving change).
  if (until <= local) until = local.plus({ days: 1 }).set({ hour: Math.floor(end / 60), minute: end % 60, second: 0, millisecond: 0 });
  return until.toJSDate();
}
