/** Request schemas of the booking API (zod). Every schema refuses unknown fields. Pure module. */
import { DateTime } from 'luxon';
import { isTimeZone } from '@haven/shared/zones';
import { z } from 'zod';
import { MAX_SERIES_WEEKS } from './rules';

export const MAX_WINDOW_DAYS = 42;

export const zoneName = z
  .string()
  .max(64)
  .refine((value) => isTimeZone(value), { message: 'must be an IANA time zone such as "Europe/Lisbon"' });

/** An instant with an explicit offset ("2026-03-09T14:00:00Z", "…+01:00"), as epoch ms. */
export const instant = z
  .string()
  .max(40)
  .refine((value) => /(?:Z|[+-]\d{2}:?\d{2})$/i.test(value) && DateTime.fromISO(value, { setZone: true }).isValid, {
    message: 'must be a date and time with its offset, such as 2026-03-09T14:00:00Z',
  })
  .transform((value) => DateTime.fromISO(value, { setZone: true }).toMillis());

const dayOrInstant = z
  .string()
  .max(40)
  .refine((value) => /^\d{4}-\d{2}-\d{2}$/.test(value) ? DateTime.fromISO(value, { zone: 'UTC' }).isValid : /(?:Z|[+-]\d{2}:?\d{2})$/i.test(value) && DateTime.fromISO(value, { setZone: true }).isValid, {
    message: 'must be a date (YYYY-MM-DD) or a date and time with its offset',
  });

/**
 * GET /therapists/:id/slots?from=&to=&tz=. Dates are read in `tz` (the viewer's zone); `to` as a
 * date includes that whole day. At most 42 days at once.
 */
export const slotsQuery = z
  .object({ from: dayOrInstant, to: dayOrInstant, tz: zoneName.default('UTC') })
  .strict()
  .transform((q, ctx) => {
    const read = (value: string, endOfDay: boolean) =>
      /^\d{4}-\d{2}-\d{2}$/.test(value)
        ? DateTime.fromISO(value, { zone: q.tz }).plus({ days: endOfDay ? 1 : 0 }).toMillis()
        : DateTime.fromISO(value, { setZone: true }).toMillis();
    const from = read(q.from, false);
    const to = read(q.to, true);
    if (to <= from) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be after from' });
    if (to - from > MAX_WINDOW_DAYS * 86_400_000) ctx.addIssue({ code: 'custom', path: ['to'], message: `must be at most ${MAX_WINDOW_DAYS} days after from` });
    return { from, to, tz: q.tz };
  });

const weeks = z.coerce.number().int().min(1).max(MAX_SERIES_WEEKS, { message: `must be at most ${MAX_SERIES_WEEKS} weeks` });

export const seriesQuery = z.object({ start: instant, weeks }).strict();

export const createBooking = z
  .object({
    therapist: z.string().regex(/^[A-Za-z0-9]{1,64}$/, { message: 'must be a therapist id' }),
    start: instant,
    weeks: weeks.optional(),
    /** When some weeks of a series are taken: true books the free ones, false (default) books none. */
    skipConflicts: z.boolean().optional(),
    /** The cancellation policy the client was shown: nothing is booked when the therapist has changed it since. */
    policy: z
      .object({
        freeCancellationHours: z.number().int().min(0).max(24 * 14),
        lateCancellationRefundPercent: z.number().int().min(0).max(100),
      })
      .strict()
      .optional(),
  })
  .strict();

export const cancelBooking = z
  .object({
    reason: z.string().trim().max(500, { message: 'must be at most 500 characters' }).optional(),
    /** one: this session; following: this one and every later session of its series. */
    scope: z.enum(['one', 'following']).default('one'),
  })
  .strict();

export const declineBooking = z
  .object({
    /** A few words to the client (optional); Haven's own kind words are sent either way. */
    message: z.string().trim().max(500, { message: 'must be at most 500 characters' }).optional(),
    scope: z.enum(['one', 'following']).default('one'),
  })
  .strict();

export const rescheduleBooking = z.object({ start: instant }).strict();

export const outcome = z.object({ outcome: z.enum(['completed', 'no_show']) }).strict();

export const listQuery = z
  .object({
    scope: z.enum(['upcoming', 'past', 'cancelled']).default('upcoming'),
    page: z.coerce.number().int().min(1).max(10_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();

export const calendarInput = z
  .object({
    url: z.string().trim().min(8, { message: 'must be a web address' }).max(2000, { message: 'must be at most 2000 characters' }),
    label: z.string().trim().max(80, { message: 'must be at most 80 characters' }).optional(),
  })
  .strict();

export const emptyQuery = z.object({}).strict();
