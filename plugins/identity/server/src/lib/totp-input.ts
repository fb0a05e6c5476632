/**
 * What the two-factor routes accept, checked (size first) before anything is read or written; a
 * failure is a 400 naming the field.
 */
import { z } from 'zod';

const code = z.string({ message: 'must be the 6-digit code from your authenticator app' }).max(20, { message: 'must be the 6-digit code from your authenticator app' });
const recoveryCode = z.string({ message: 'must be one of your recovery codes' }).max(40, { message: 'must be one of your recovery codes' });

/** A current code, or (where a lost phone must not lock the person out) one recovery code instead. */
const codeOrRecovery = z
  .object({ code: code.optional(), recoveryCode: recoveryCode.optional() })
  .refine((value) => (value.code === undefined) !== (value.recoveryCode === undefined), { message: 'Send either a 6-digit code or a recovery code.', path: ['code'] });

export const startInput = z.object({ keepPending: z.boolean({ message: 'must be true or false' }).optional() }).strict();

export const confirmInput = z.object({ code: code }).strict();

export const disableInput = z
  .object({ password: z.string({ message: 'must be your current password' }).min(1, { message: 'must be your current password' }).max(200, { message: 'must be your current password' }), code: code.optional(), recoveryCode: recoveryCode.optional() })
  .strict()
  .refine((value) => (value.code === undefined) !== (value.recoveryCode === undefined), { message: 'Send either a 6-digit code or a recovery code.', path: ['code'] });

export const regenerateInput = z.object({ code }).strict();

export const secondFactorInput = z
  .object({ challenge: z.string({ message: 'must be the sign-in challenge you were given' }).min(1).max(100, { message: 'must be the sign-in challenge you were given' }), code: code.optional(), recoveryCode: recoveryCode.optional() })
  .strict()
  .and(codeOrRecovery);

/** The second step: exactly one of a code or a recovery code. */
export type SecondFactorProof = { code: string; recoveryCode?: undefined } | { code?: undefined; recoveryCode: string };
