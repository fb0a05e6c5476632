/**
 * A therapist's availability rules: what they edit, how it is validated, and the defaults a new
 * therapist starts from. Pure module (no Strapi).
 */
import { DateTime } from 'luxon';
import { isTimeZone } from '@haven/shared/zones';
import { z } from 'zod';
import type { AvailabilityRules } from '@haven/shared/booking';

export type { AvailabilityRules, DateOverride, DayOffRange, Weekday, WeeklyInterval } from '@haven/shared/booking';

export const MAX_SERIES_WEEKS = 26;

const hhmm = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, { message: 'must be a time as HH:mm (00:00 to 24:00)' });
export const minutesOfDay = (value: string) => Number(value.slice(0, 2)) * 60 + Number(value.slice(3, 5));

const zone = z
  .string()
  .max(64)
  .refine((value) => isTimeZone(value), { message: 'must be an IANA time zone such as "Europe/Lisbon"' });

const weekly = z
  .object({ weekday: z.number().int().min(1).max(7), start: hhmm, end: hhmm })
  .strict()
  .refine((v) => minutesOfDay(v.end) > minutesOfDay(v.start), { message: 'end must be later than start', path: ['end'] });

const override = z
  .object({
    date: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date as YYYY-MM-DD' })
      .refine((v) => DateTime.fromISO(v, { zone: 'UTC' }).isValid, { message: 'is not a real date' }),
    kind: z.enum(['off', 'extra']),
    start: hhmm.nullish(),
    end: hhmm.nullish(),
  })
  .strict()
  .refine((v) => (v.start == null) === (v.end == null), { message: 'give both start and end, or neither (a whole day off)', path: ['end'] })
  .refine((v) => v.kind === 'off' || (v.start != null && v.end != null), { message: 'extra hours need a start and an end', path: ['start'] })
  .refine((v) => v.start == null || v.end == null || minutesOfDay(v.end) > minutesOfDay(v.start), { message: 'end must be later than start', path: ['end'] });

/** Minutes that keep slots on a five-minute grid, which the database's slot claims use. */
const fiveMinutes = (min: number, max: number) =>
  z
    .number()
    .int()
    .min(min)
    .max(max)
    .refine((v) => v % 5 === 0, { message: 'must be a multiple of 5 minutes' });

/** What a therapist may send (PUT /api/booking/availability): every field optional, unknown fields refused. */
export const availabilityInput = z
  .object({
    timeZone: zone,
    weeklyHours: z.array(weekly).max(50, { message: 'must list at most 50 blocks of hours' }),
    overrides: z.array(override).max(366, { message: 'must list at most 366 dates' }),
    incrementMinutes: fiveMinutes(5, 240),
    bufferBeforeMinutes: fiveMinutes(0, 120),
    bufferAfterMinutes: fiveMinutes(0, 120),
    minNoticeHours: z.number().int().min(0).max(24 * 30),
    minNoticeDays: z.number().int().min(0).max(30),
    horizonDays: z.number().int().min(1).max(365),
    maxPerDay: z.number().int().min(1).max(48).nullable(),
    maxPerWeek: z.number().int().min(1).max(200).nullable(),
    maxSeriesWeeks: z.number().int().min(1).max(MAX_SERIES_WEEKS),
    freeCancellationHours: z.number().int().min(0).max(24 * 14),
    lateCancellationRefundPercent: z.number().int().min(0).max(100),
  })
  .partial()
  .strict();

export type AvailabilityInput = z.infer<typeof availabilityInput>;

/** How many ranges of days off a therapist may hold at once, and how long one may be. */
export const MAX_DAY_OFF_RANGES = 50;
export const MAX_DAY_OFF_SPAN_DAYS = 366;

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date as YYYY-MM-DD' })
  .refine((v) => DateTime.fromISO(v, { zone: 'UTC' }).isValid, { message: 'is not a real date' });

/**
 * A new range of days off (POST /api/booking/availability/days-off). "Not in the past" depends on
 * the therapist's zone, so the service checks it; the shape and order are checked here.
 */
export const dayOffInput = z
  .object({
    from: isoDate,
    to: isoDate,
    note: z.string().trim().max(200, { message: 'must be at most 200 characters' }).nullish(),
  })
  .strict()
  .refine((v) => v.to >= v.from, { message: 'the last day off must be on or after the first', path: ['to'] })
  .refine((v) => DateTime.fromISO(v.to).diff(DateTime.fromISO(v.from), 'days').days < MAX_DAY_OFF_SPAN_DAYS, {
    message: `a range may be at most ${MAX_DAY_OFF_SPAN_DAYS} days long`,
    path: ['to'],
  });

export type DayOffInput = z.infer<typeof dayOffInput>;

/** Where a therapist starts: no hours yet (so no slots until they set some), sensible rules. */
export function defaultRules(timeZone: string, freeCancellationHours: number): AvailabilityRules {
  return {
    timeZone: isTimeZone(timeZone) ? timeZone : 'UTC',
    weeklyHours: [],
    overrides: [],
    daysOff: [],
    incrementMinutes: 30,
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 10,
    minNoticeHours: 24,
    minNoticeDays: 0,
    horizonDays: 60,
    maxPerDay: null,
    maxPerWeek: null,
    maxSeriesWeeks: 12,
    freeCancellationHours,
    lateCancellationRefundPercent: 0,
  };
}
