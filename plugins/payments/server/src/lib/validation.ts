/** Request schemas of the payments API (zod). Every schema refuses unknown fields. Pure module. */
import { DateTime } from 'luxon';
import { z } from 'zod';
import { PAYMENT_INSTRUCTIONS_MAX, PAYMENT_NOTE_MAX } from '@haven/shared/payments';
import { codePointLength, isWellFormed } from '@haven/shared/text';
import { plainText } from './plain-text';

const documentId = (what: string) => z.string().regex(/^[A-Za-z0-9]{1,64}$/, { message: `must be a ${what} id` });
const page = z.coerce.number().int().min(1).max(10_000).default(1);
const pageSize = z.coerce.number().int().min(1).max(100).default(20);
const status = z.enum(['pending', 'succeeded', 'failed', 'refunded', 'partially_refunded']);

export const checkoutInput = z
  .object({
    booking: documentId('booking'),
    /** Needed only when both Stripe and PayPal are set up: the client chooses. */
    provider: z.enum(['stripe', 'paypal']).optional(),
  })
  .strict();

export const listQuery = z
  .object({
    role: z.enum(['client', 'therapist']).optional(),
    status: status.optional(),
    /** Therapists: direct payments still owed to them (open, not flagged, a session not cancelled), with totals per currency. */
    outstanding: z.enum(['true', 'false']).transform((value) => value === 'true').optional(),
    /** The payment that names this booking as its own (a session page asks whether it is still owed). */
    booking: documentId('booking').optional(),
    page,
    pageSize,
  })
  .strict();

/** Text a person wrote: well-formed (no lone surrogates), normalised (plain-text.ts), then measured as stored. */
const writtenText = (max: number) =>
  z
    .string()
    // A generous bound before any work, so that normalising never runs over megabytes.
    .max(max * 4, { message: `must be at most ${max} characters` })
    .refine(isWellFormed, { message: 'must be valid text', abort: true })
    .transform(plainText)
    .refine((value) => value === null || codePointLength(value) <= max, { message: `must be at most ${max} characters` });

/** PUT /api/payments/instructions/mine: empty text (or null) removes the instructions. */
export const instructionsInput = z.object({ instructions: z.union([writtenText(PAYMENT_INSTRUCTIONS_MAX), z.null()]) }).strict();

export const receiptQuery = z.object({ format: z.enum(['html', 'pdf']).default('html') }).strict();

export const markInput = z
  .object({
    outcome: z.enum(['paid', 'waived']),
    note: writtenText(PAYMENT_NOTE_MAX).optional(),
  })
  .strict();

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date such as 2026-03-09' })
  .refine((value) => DateTime.fromISO(value, { zone: 'UTC' }).isValid, { message: 'must be a real date' });

/** Admin list filters; `from`/`to` are UTC days, `to` inclusive. */
export const adminListQuery = z
  .object({
    status: status.optional(),
    provider: z.enum(['manual', 'stripe', 'paypal']).optional(),
    therapist: z.coerce.number().int().min(1).optional(),
    flagged: z.enum(['true', 'false']).transform((value) => value === 'true').optional(),
    from: day.transform((value) => DateTime.fromISO(value, { zone: 'UTC' }).toMillis()).optional(),
    to: day.transform((value) => DateTime.fromISO(value, { zone: 'UTC' }).plus({ days: 1 }).toMillis()).optional(),
    page,
    pageSize,
  })
  .strict()
  .refine((q) => q.from === undefined || q.to === undefined || q.to > q.from, { path: ['to'], message: 'must not be before from' });

export const adminRefund = z
  .object({
    amountMinor: z.number().int({ message: 'must be a whole number of minor units (cents)' }).min(1, { message: 'must be above 0' }).max(100_000_000),
    reason: z.string().trim().min(3, { message: 'must be at least 3 characters' }).max(500, { message: 'must be at most 500 characters' }),
    /** Sent by the admin page with each submission, so that a double click refunds once. */
    requestId: z.uuid().optional(),
  })
  .strict();

export const emptyQuery = z.object({}).strict();
