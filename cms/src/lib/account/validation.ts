/**
 * What the account routes take: an email change (new address and current password), a use of its
 * link, and notification settings. Checks are linear (no backtracking pattern on user input).
 */
import { z } from 'zod';
import { isOptionalMailPurpose, OPTIONAL_MAIL_PURPOSES, type OptionalMailPurpose } from '@haven/shared/notifications';
import { isWellFormed, passwordProblem } from '@haven/shared/text';

/** An address as users-permissions keeps it (lower case): one @, no spaces or angle brackets, a dotted domain. */
export function isEmailAddress(value: string): boolean {
  if (value.length < 5 || value.length > 254 || !isWellFormed(value)) return false;
  const at = value.indexOf('@');
  if (at < 1 || at !== value.lastIndexOf('@')) return false;
  for (const char of value) if (char.trim() === '' || char === '<' || char === '>' || char === ',' || char === ';') return false;
  const domain = value.slice(at + 1);
  return domain.length >= 3 && domain.slice(1, -1).includes('.') && !domain.startsWith('.') && !domain.endsWith('.');
}

const password = z.string().superRefine((value, ctx) => {
  const problem = passwordProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

export const emailChangeRequest = z
  .object({
    email: z
      .string()
      .max(254, { message: 'must be at most 254 characters' })
      .transform((value) => value.trim().toLowerCase())
      .refine(isEmailAddress, { message: 'must be an email address like name@example.com' }),
    currentPassword: password,
  })
  .strict();

export const emailChangeConfirm = z.object({ token: z.string().max(100) }).strict();

/** Partial settings: `{ bookings: false }`; account and safety mail are refused with their own message (the controller). */
export const mailSettingsUpdate = z
  .object(Object.fromEntries(OPTIONAL_MAIL_PURPOSES.map(({ purpose }) => [purpose, z.boolean()])) as Record<OptionalMailPurpose, z.ZodBoolean>)
  .partial()
  .strict();

export { isOptionalMailPurpose };
