/** What the export routes accept, checked for size and shape before any other work (zod only). */
import { z } from 'zod';

/** A staff export's reason, kept in the audit log (3 to 500 characters, as the ReasonDialog asks). */
export const staffExportBody = z
  .object({
    reason: z
      .string({ message: 'Give a reason (3 to 500 characters): it is kept in the audit log' })
      .max(2000, { message: 'The reason must be at most 500 characters', abort: true })
      .trim()
      .min(3, { message: 'Give a reason (3 to 500 characters): it is kept in the audit log' })
      .max(500, { message: 'The reason must be at most 500 characters' }),
  })
  .strict();

/** The one-time download token: 43 characters of base64url (32 random bytes). */
export const downloadBody = z
  .object({
    token: z.string({ message: 'Send the download token' }).max(100, { message: 'This is not a download token' }).regex(/^[A-Za-z0-9_-]{43}$/, { message: 'This is not a download token' }),
  })
  .strict();

/** A job id in a path: a positive whole number. */
export const jobIdParam = z.coerce
  .number({ message: 'The export id must be a whole number' })
  .int({ message: 'The export id must be a whole number' })
  .positive({ message: 'The export id must be a whole number' })
  .max(2_147_483_647, { message: 'The export id must be a whole number' });

export const userIdParam = z.coerce
  .number({ message: 'The account id must be a whole number' })
  .int({ message: 'The account id must be a whole number' })
  .positive({ message: 'The account id must be a whole number' })
  .max(2_147_483_647, { message: 'The account id must be a whole number' });
