/**
 * The second step of signing in: after a right password on an account with two-step sign-in, the CMS
 * asks for a challenge (an opaque token living CHALLENGE_MINUTES, stored as its SHA-256); the person
 * answers it with a current code or a recovery code. A challenge is used once and dies after
 * CHALLENGE_MAX_FAILURES wrong codes, so guessing means starting over with the password (itself
 * rate-limited by users-permissions).
 */
import type { Core } from '@strapi/strapi';
import { badRequest, tooMany, unauthorized } from '@haven/shared/errors';
import { getService } from '../get-service';
import { twoFactorTables } from '../db/two-factor-tables';
import { hashToken, newChallengeToken } from '../lib/totp';
import type { SecondFactorProof } from '../lib/totp-input';

export const CHALLENGE_MINUTES = 5;
export const CHALLENGE_MAX_FAILURES = 5;

/** Called after every completed sign-in (the CMS registers the privacy plugin's `signedIn`: layer 1 cannot import it). */
export type SignedInHandler = (userId: number) => Promise<void>;
let signedInHandler: SignedInHandler | null = null;

/** Registers what runs after a completed sign-in (one handler: the CMS's; a later registration replaces it). */
export function onSignedIn(handler: SignedInHandler): void {
  signedInHandler = handler;
}

const EXPIRED = 'This sign-in step has expired or was already used. Sign in again with your email and password.';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const db = () => twoFactorTables(strapi);

  return {
    /** A fresh challenge for an account whose password was right; expired ones (anyone's: they are useless) are cleared. */
    async begin(userId: number, now: Date): Promise<{ challenge: string; expiresAt: string }> {
      await db().challenges.deleteMany({ where: { expiresAt: { $lt: now.toISOString() } } });
      const challenge = newChallengeToken();
      const expiresAt = new Date(now.getTime() + CHALLENGE_MINUTES * 60_000).toISOString();
      await db().challenges.create({ data: { tokenHash: hashToken(challenge), userId, expiresAt, failures: 0 } });
      return { challenge, expiresAt };
    },

    /** The account id when the proof is right (the challenge is then spent); 400 for a wrong one, 429 when the challenge or account is locked. */
    async complete(challenge: string, proof: SecondFactorProof, now: Date): Promise<number> {
      const row = await db().challenges.findOne({ where: { tokenHash: hashToken(challenge) } });
      if (!row || row.usedAt || new Date(row.expiresAt) <= now) throw unauthorized(EXPIRED);
      if (row.failures >= CHALLENGE_MAX_FAILURES) {
        throw tooMany('Too many wrong codes for this sign-in. Sign in again with your email and password.', new Date(row.expiresAt));
      }
      const wrong = await getService('twoFactor').verifyForSignIn(row.userId, proof, now);
      if (wrong) {
        const failures = row.failures + 1;
        await db().challenges.updateMany({ where: { id: row.id, failures: row.failures }, data: { failures } });
        if (failures >= CHALLENGE_MAX_FAILURES) {
          throw tooMany('Too many wrong codes for this sign-in. Sign in again with your email and password.', new Date(row.expiresAt));
        }
        const left = CHALLENGE_MAX_FAILURES - failures;
        throw badRequest(`${wrong} (${left} ${left === 1 ? 'try' : 'tries'} left)`, { errors: [{ path: proof.code !== undefined ? 'code' : 'recoveryCode', message: wrong }] });
      }
      // Spent once: two requests with the same right proof cannot both sign in.
      const { count } = await db().challenges.updateMany({ where: { id: row.id, usedAt: null }, data: { usedAt: now.toISOString() } });
      if (count !== 1) throw unauthorized(EXPIRED);
      return row.userId;
    },

    /** Runs the registered after-sign-in handler (the privacy plugin's: a pending deletion is cancelled). */
    async signedIn(userId: number): Promise<void> {
      if (signedInHandler) await signedInHandler(userId);
    },
  };
};
