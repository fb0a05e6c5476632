/** What staff and applicants may send, checked before any other work (pure: unit-tested in __tests__). */
import { z } from 'zod';

export const TABS = ['waiting', 'approved', 'rejected', 'expiring'] as const;
export const DECISIONS = ['approve', 'reject', 'more-info'] as const;
export const LIMITS = { message: 4000, reason: 1000, pageSize: 100 };

const whole = (min: number, max: number, fallback: number) =>
  z.coerce.number({ message: 'must be a number' }).int({ message: 'must be a whole number' }).min(min, { message: `must be ${min} or more` }).max(max, { message: `must be at most ${max}` }).default(fallback);

/** GET /applications/applications: a tab and a page. */
export const listQuery = z
  .object({
    tab: z.enum(TABS, { message: `must be one of ${TABS.join(', ')}` }).default('waiting'),
    page: whole(1, 10_000, 1),
    pageSize: whole(1, LIMITS.pageSize, 20),
  })
  .strict();
export type ListQuery = z.infer<typeof listQuery>;

/** Text a person wrote: bounded before it is trimmed, then at least one character. */
const text = (max: number) =>
  z
    .string({ message: 'is required' })
    .max(max * 4, { message: `must be at most ${max} characters`, abort: true })
    .trim()
    .min(1, { message: 'must not be empty' })
    .max(max, { message: `must be at most ${max} characters` });

/**
 * POST /applications/applications/:id/decision. The message is mailed to the applicant; the reason
 * stays with staff (the audit log). Both are required.
 */
export const decisionBody = z
  .object({
    decision: z.enum(DECISIONS, { message: `must be one of ${DECISIONS.join(', ')}` }),
    message: text(LIMITS.message),
    reason: text(LIMITS.reason).refine((value) => !/[\u0000-\u001f\u007f]/.test(value), { message: 'must be one line of text' }),
  })
  .strict();
export type DecisionInput = z.infer<typeof decisionBody>;

/** A calendar date as 'YYYY-MM-DD'. */
export const isoDay = z
  .string({ message: 'must be a date as YYYY-MM-DD' })
  .max(10, { message: 'must be a date as YYYY-MM-DD' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date as YYYY-MM-DD' })
  .refine((text) => {
    const ms = Date.parse(`${text}T00:00:00Z`);
    return Number.isFinite(ms) && new Date(ms).toISOString().slice(0, 10) === text;
  }, { message: 'must be a calendar date' });
