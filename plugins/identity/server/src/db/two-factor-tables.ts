/**
 * The two-factor tables through Strapi's Query Engine, typed by their rows. Replay and attempt
 * counting are conditional `updateMany` calls (the count says whether this request won).
 */
import type { Core } from '@strapi/strapi';
import { tableOf } from '@haven/shared/server/strapi';

export const TWO_FACTOR_UID = {
  twoFactor: 'plugin::identity.two-factor',
  recoveryCode: 'plugin::identity.recovery-code',
  challenge: 'plugin::identity.sign-in-challenge',
} as const;

export interface TwoFactorRow {
  id: number;
  userId: number;
  keyVersion: number;
  wrappedKey: string;
  /** The base32 TOTP secret sealed with the account's data key ("hv1.…"). */
  secret: string;
  /** Null while the set-up waits for its first code. */
  enabledAt: string | null;
  /** The last TOTP time step accepted: a code of that step or earlier is refused (replay). */
  lastStep: number;
  failures: number;
  failuresSince: string | null;
  createdAt: string;
}

export interface RecoveryCodeRow {
  id: number;
  userId: number;
  codeHash: string;
  usedAt: string | null;
  createdAt: string;
}

export interface ChallengeRow {
  id: number;
  tokenHash: string;
  userId: number;
  expiresAt: string;
  failures: number;
  usedAt: string | null;
}

export function twoFactorTables(strapi: Core.Strapi) {
  return {
    twoFactors: tableOf<TwoFactorRow>(strapi, TWO_FACTOR_UID.twoFactor),
    recoveryCodes: tableOf<RecoveryCodeRow>(strapi, TWO_FACTOR_UID.recoveryCode),
    challenges: tableOf<ChallengeRow>(strapi, TWO_FACTOR_UID.challenge),
  };
}
