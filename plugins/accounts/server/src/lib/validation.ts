/**
 * What the Accounts page may ask and send, checked for size and shape before any other work. Pure
 * (zod only): unit-tested in __tests__/validation.test.ts. Every regex here is linear.
 */
import { z } from 'zod';
import { isWellFormed } from '@haven/shared/text';

export const LIMITS = { query: 100, reasonMin: 3, reasonMax: 500, email: 254, name: 60, pageSize: 100 } as const;

/** Control characters other than line breaks and tabs. */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** Why staff act: required of every action, 3..500 characters once trimmed, well-formed text. */
export const reason = z
  .string({ message: 'is required: say why' })
  .max(LIMITS.reasonMax * 4, { message: `must be at most ${LIMITS.reasonMax} characters`, abort: true })
  .refine(isWellFormed, { message: 'must be well-formed text', abort: true })
  .trim()
  .min(LIMITS.reasonMin, { message: `must be at least ${LIMITS.reasonMin} characters: say why` })
  .max(LIMITS.reasonMax, { message: `must be at most ${LIMITS.reasonMax} characters` })
  .refine((value) => !CONTROL.test(value), { message: 'must be plain text' });

const name = z
  .string({ message: 'must be text' })
  .max(LIMITS.name * 4, { message: `must be at most ${LIMITS.name} characters`, abort: true })
  .refine(isWellFormed, { message: 'must be well-formed text', abort: true })
  .trim()
  .min(1, { message: 'must not be empty' })
  .max(LIMITS.name, { message: `must be at most ${LIMITS.name} characters` })
  .refine((value) => !/[\u0000-\u001f\u007f<>]/.test(value), { message: 'must be a plain name' });

/** A site account's id from the URL: a positive whole number (anything else is "no such account"). */
export const USER_ID = /^[1-9]\d{0,9}$/;

const whole = (min: number, max: number, fallback: number) =>
  z.coerce.number({ message: 'must be a number' }).int({ message: 'must be a whole number' }).min(min, { message: `must be ${min} or more` }).max(max, { message: `must be at most ${max}` }).default(fallback);

/** GET /accounts/accounts: a name, email or username fragment, filters and paging. */
export const searchQuery = z
  .object({
    q: z
      .string()
      .max(LIMITS.query * 4, { abort: true, message: `must be at most ${LIMITS.query} characters` })
      .trim()
      .max(LIMITS.query, { message: `must be at most ${LIMITS.query} characters` })
      .optional(),
    role: z.enum(['client', 'therapist'], { message: "must be 'client' or 'therapist'" }).optional(),
    blocked: z.enum(['true', 'false'], { message: "must be 'true' or 'false'" }).transform((value) => value === 'true').optional(),
    page: whole(1, 10_000, 1),
    pageSize: whole(1, LIMITS.pageSize, 25),
  })
  .strict();

/** POST /accounts/accounts/:id/ban and /unban. */
export const standingInput = z.object({ reason }).strict();

/** PUT /accounts/accounts/:id/role. */
export const roleInput = z.object({ role: z.enum(['client', 'therapist'], { message: "must be 'client' or 'therapist'" }), reason }).strict();

/** PUT /accounts/accounts/:id/featured. */
export const featuredInput = z.object({ featured: z.boolean({ message: 'must be true or false' }), reason }).strict();

/** POST /accounts/invitations: a new Editor or Moderator. */
export const inviteInput = z
  .object({
    email: z
      .string({ message: 'is required' })
      .max(LIMITS.email * 2, { message: `must be at most ${LIMITS.email} characters`, abort: true })
      .trim()
      .toLowerCase()
      .pipe(z.email({ message: 'must be an email address' }).max(LIMITS.email, { message: `must be at most ${LIMITS.email} characters` })),
    firstname: name,
    lastname: name.optional(),
    role: z.enum(['editor', 'moderator'], { message: "must be 'editor' or 'moderator'" }),
    reason,
  })
  .strict();

export type SearchQuery = z.output<typeof searchQuery>;
export type InviteInput = z.output<typeof inviteInput>;
export type StaffRole = InviteInput['role'];
