/**
 * What the audit log accepts and what its page may ask, checked for size and shape before any other
 * work. Pure (zod only): unit-tested in __tests__/validation.test.ts. Every regex here is linear.
 */
import { z } from 'zod';

export const LIMITS = {
  label: 200,
  action: 100,
  targetType: 60,
  targetId: 200,
  reason: 2000,
  ip: 64,
  detailKeys: 20,
  detailKey: 40,
  detailText: 200,
  query: 100,
  pageSize: 100,
} as const;

/** Dotted lower-case names: 'payments.refund', 'community.member.suspend', 'community.watched-word.add'. */
const DOTTED = /^[a-z][a-z0-9-]*(?:\.[a-z][a-z0-9-]*){1,4}$/;
/** A date (YYYY-MM-DD, a whole UTC day) or an ISO date-time. */
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})$/;

const line = (max: number) =>
  z
    .string({ message: 'must be text' })
    .max(max * 4, { message: `must be at most ${max} characters`, abort: true })
    .trim()
    .min(1, { message: 'must not be empty' })
    .max(max, { message: `must be at most ${max} characters` })
    .refine((value) => !/[\u0000-\u001f\u007f]/.test(value), { message: 'must be one line of text' });

const dotted = (max: number) => line(max).refine((value) => DOTTED.test(value), { message: "must be a dotted name such as 'payments.refund'" });

const detailValue = z.union([z.string().max(LIMITS.detailText, { message: `must be at most ${LIMITS.detailText} characters` }), z.number(), z.boolean(), z.null()]);

export const details = z
  .record(z.string().min(1).max(LIMITS.detailKey).regex(/^[A-Za-z][A-Za-z0-9_]*$/, { message: 'keys must be plain names' }), detailValue)
  .refine((value) => Object.keys(value).length <= LIMITS.detailKeys, { message: `must have at most ${LIMITS.detailKeys} keys` });

export const actorKind = z.enum(['admin', 'site', 'system'], { message: "must be 'admin', 'site' or 'system'" });

/** audit.record(...)'s input. A reason is required of people (admin and site staff); the system may leave it out. */
export const recordInput = z
  .object({
    actor: z.object({ kind: actorKind, id: z.number().int().min(0).nullable().optional(), label: line(LIMITS.label) }).strict(),
    action: dotted(LIMITS.action),
    target: z.object({ type: dotted(LIMITS.targetType), id: line(LIMITS.targetId) }).strict(),
    reason: z.string().max(LIMITS.reason * 4).trim().max(LIMITS.reason, { message: `must be at most ${LIMITS.reason} characters` }).optional().nullable(),
    ip: z.string().trim().max(LIMITS.ip).optional().nullable(),
    details: details.optional().nullable(),
  })
  .strict()
  .superRefine((value, ctx) => {
    if (value.actor.kind !== 'system' && !value.reason) ctx.addIssue({ code: 'custom', path: ['reason'], message: 'is required for a staff action' });
  });

const dateBound = z
  .string({ message: 'must be a date such as 2026-01-31' })
  .max(40, { message: 'must be a date such as 2026-01-31' })
  .refine((value) => (DAY.test(value) || DATE_TIME.test(value)) && Number.isFinite(Date.parse(value)), { message: 'must be a date such as 2026-01-31' });

const whole = (min: number, max: number, fallback: number) =>
  z.coerce.number({ message: 'must be a number' }).int({ message: 'must be a whole number' }).min(min, { message: `must be ${min} or more` }).max(max, { message: `must be at most ${max}` }).default(fallback);

/** GET /audit/entries: filters and paging. */
export const searchQuery = z
  .object({
    q: z.string().max(LIMITS.query * 4, { abort: true, message: `must be at most ${LIMITS.query} characters` }).trim().max(LIMITS.query, { message: `must be at most ${LIMITS.query} characters` }).optional(),
    action: z.string().max(LIMITS.action).trim().refine((value) => value === '' || DOTTED.test(value), { message: "must be a dotted name such as 'payments.refund'" }).optional(),
    actorKind: actorKind.optional(),
    from: dateBound.optional(),
    to: dateBound.optional(),
    page: whole(1, 10_000, 1),
    pageSize: whole(1, LIMITS.pageSize, 25),
  })
  .strict();

export type RecordInput = z.input<typeof recordInput>;
export type ParsedRecord = z.output<typeof recordInput>;
export type SearchQuery = z.output<typeof searchQuery>;

/** The instant a `from` bound starts at (a day starts at 00:00 UTC). */
export const fromInstant = (value: string): Date => new Date(DAY.test(value) ? `${value}T00:00:00.000Z` : value);

/** The first instant after a `to` bound (a day is included whole: up to the next day's 00:00 UTC). */
export function untilInstant(value: string): Date {
  if (!DAY.test(value)) return new Date(Date.parse(value) + 1);
  return new Date(Date.parse(`${value}T00:00:00.000Z`) + 24 * 60 * 60 * 1000);
}
