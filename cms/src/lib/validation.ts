import { z } from 'zod';
import { IANAZone } from 'luxon';
import { errors } from '@strapi/utils';
import { describeIssues } from '@haven/shared/validation';
import { isWellFormed } from '@haven/shared/text';

/** An IANA time-zone name that the tz database (through Luxon and ICU) knows, e.g. "Europe/Lisbon". */
export const timeZone = z
  .string()
  .trim()
  .max(64)
  .refine((value) => IANAZone.isValidZone(value), { message: 'must be an IANA time zone such as "Europe/Lisbon"' });

/**
 * Lengths are Unicode code points, everywhere (zod 4 counts them; the site uses codePointLength from
 * @haven/shared/text). The content-type schemas allow twice as many UTF-16 units as the limits here,
 * so that Strapi's own check, which counts units, never refuses what passed this one.
 */
const plainText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, { message: `must be at most ${max} characters` })
    .refine((value) => isWellFormed(value), { message: 'contains characters that are not valid text' })
    .refine((value) => !value.includes('<') && !value.includes('>'), { message: 'must not contain < or >' });

export const displayName = plainText(80).min(1, { message: 'is required' });
export const pronouns = plainText(40);

/** A Strapi document id in a URL (lower-case letters and digits); anchored, linear. */
export const isDocumentIdParam = (value: string) => /^[a-z0-9]{10,40}$/.test(value);

export const profileUpdate = z
  .object({ displayName, pronouns: pronouns.nullable(), timeZone })
  .partial()
  .strict();

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date as YYYY-MM-DD' });
const shortList = z.array(plainText(60).min(1)).max(20, { message: 'must list at most 20 items' });

export const therapistCredentials = z.object({
  licenceNumber: z.string().trim().min(3).max(64).regex(/^[A-Za-z0-9 ./-]+$/, { message: 'may hold letters, digits, spaces and . / -' }),
  licenceJurisdiction: plainText(120).min(2),
  licenceExpiry: isoDate,
});

export const therapistProfileUpdate = therapistCredentials
  .extend({
    specialties: shortList,
    languages: shortList,
    bio: plainText(4000),
    sessionLengthMinutes: z.number().int().min(15).max(180),
    rateMinor: z.number().int({ message: 'must be a whole number of minor units (cents)' }).min(0).max(10_000_000),
    currency: z.string().regex(/^[A-Z]{3}$/, { message: 'must be an ISO 4217 code such as "USD"' }),
  })
  .partial()
  .strict();

export const signupExtras = z
  .object({
    accountType: z.enum(['client', 'therapist']).default('client'),
    displayName: displayName.optional(),
    pronouns: pronouns.optional(),
    timeZone: timeZone.default('UTC'),
    licenceNumber: z.unknown().optional(),
    licenceJurisdiction: z.unknown().optional(),
    licenceExpiry: z.unknown().optional(),
    // Consent to the privacy notice and terms: required (checked by the register wrapper with its own sentence).
    acceptTerms: z.boolean({ message: 'must be true or false' }).optional(),
    // The notice version the form showed; when sent it must be the one in force.
    consentVersion: z.string().trim().max(40, { message: 'must be at most 40 characters' }).optional(),
  })
  .strict();

/** Parses `input` with `schema`, or throws Strapi's ValidationError (a 400) naming every bad field. */
export function parseOrThrow<T extends z.ZodTypeAny>(schema: T, input: unknown): z.infer<T> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const { summary, errors: details } = describeIssues(result.error);
  throw new errors.ValidationError(summary, { errors: details });
}
