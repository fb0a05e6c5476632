/**
 * Optional two-step sign-in (TOTP, RFC 6238) for one account: set-up, confirmation with a first code,
 * recovery codes (shown once, stored hashed), turning it off, and the code checks the sign-in step
 * uses. The secret is sealed at rest under IDENTITY_MASTER_KEYS (envelope encryption, a data key per
 * account); it leaves the server only during set-up, to the person setting it up.
 */
import type { Core } from '@strapi/strapi';
import QRCode from 'qrcode';
import { lazyEnvelope } from '@haven/shared/server/envelope';
import { siteAccounts } from '@haven/shared/server/strapi';
import { badRequest, conflict, notFound, tooMany, unavailable } from '@haven/shared/errors';
import { keyringOf } from '../config';
import { config } from '../get-service';
import { twoFactorTables, type TwoFactorRow } from '../db/two-factor-tables';
import { groupSecret, hashToken, matchingStep, newRecoveryCodes, newTotpSecret, normaliseRecoveryCode, totpUri, TOTP_DIGITS, TOTP_PERIOD_SECONDS } from '../lib/totp';
import type { SecondFactorProof } from '../lib/totp-input';

const ENVELOPE_CONTEXT = 'haven.identity';
const SECRET_RECORD = 'totp-secret';
/** Wrong codes (or passwords when turning it off) one account may send in ACCOUNT_WINDOW_MS, across every challenge and form. */
export const ACCOUNT_MAX_FAILURES = 10;
const ACCOUNT_WINDOW_MS = 15 * 60_000;

export interface TwoFactorStatus {
  enabled: boolean;
  enabledAt: string | null;
  /** Unused recovery codes (0 when two-step sign-in is off). */
  recoveryCodesLeft: number;
}

export interface TwoFactorSetup {
  /** The otpauth:// address (what the QR code holds). */
  otpauthUri: string;
  /** The QR code as an SVG data URL, for an <img>. */
  qrCode: string;
  /** The secret in groups of four, for typing into an app by hand. */
  manualKey: string;
  digits: number;
  period: number;
}

export interface RecoveryCodes {
  /** Shown once: only their hashes are kept. */
  recoveryCodes: string[];
}

/** A users-permissions account as this service reads it (its address names the entry in the authenticator app). */
interface AccountRow {
  id: number;
  email: string;
}

const owner = (userId: number) => `user:${userId}`;

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const db = () => twoFactorTables(strapi);
  const sealing = lazyEnvelope(() => keyringOf(config()), ENVELOPE_CONTEXT, () =>
    unavailable('Two-step sign-in cannot be set up on this server yet (IDENTITY_MASTER_KEYS is not set). Please tell the Haven team.'),
  );

  const rowOf = (userId: number) => db().twoFactors.findOne({ where: { userId } });

  function openSecret(row: TwoFactorRow): string {
    return sealing.get().sealerFor(owner(row.userId), { version: row.keyVersion, wrapped: row.wrappedKey }).decrypt(row.secret, SECRET_RECORD);
  }

  /** 429 while the account has had too many wrong codes lately (every form and challenge counts). */
  function assertNotLocked(row: TwoFactorRow, now: Date) {
    if (row.failures < ACCOUNT_MAX_FAILURES || !row.failuresSince) return;
    const retryAt = new Date(new Date(row.failuresSince).getTime() + ACCOUNT_WINDOW_MS);
    if (retryAt > now) throw tooMany('Too many wrong codes for this account. For your safety, wait 15 minutes and try again.', retryAt);
  }

  async function recordFailure(row: TwoFactorRow, now: Date) {
    const windowOpen = row.failuresSince && now.getTime() - new Date(row.failuresSince).getTime() < ACCOUNT_WINDOW_MS;
    // A conditional increment: two wrong codes at once both count.
    const fresh = await rowOf(row.userId);
    if (!fresh) return;
    await db().twoFactors.updateMany({
      where: { id: fresh.id, failures: fresh.failures },
      data: windowOpen ? { failures: fresh.failures + 1 } : { failures: 1, failuresSince: now.toISOString() },
    });
  }

  /**
   * Accepts a code once: the step it belongs to must be later than the last accepted one, claimed
   * with a conditional update, so the same code sent twice (even at the same moment) wins once.
   */
  async function acceptCode(row: TwoFactorRow, code: string, now: Date): Promise<'ok' | 'wrong' | 'replayed'> {
    const step = matchingStep(openSecret(row), code, now);
    if (step === null) return 'wrong';
    const { count } = await db().twoFactors.updateMany({ where: { id: row.id, lastStep: { $lt: step } }, data: { lastStep: step, failures: 0, failuresSince: null } });
    return count === 1 ? 'ok' : 'replayed';
  }

  async function acceptRecoveryCode(row: TwoFactorRow, typed: string, now: Date): Promise<'ok' | 'wrong'> {
    const canonical = normaliseRecoveryCode(typed);
    if (!canonical) return 'wrong';
    const { count } = await db().recoveryCodes.updateMany({ where: { userId: row.userId, codeHash: hashToken(canonical), usedAt: null }, data: { usedAt: now.toISOString() } });
    if (count !== 1) return 'wrong';
    await db().twoFactors.updateMany({ where: { id: row.id }, data: { failures: 0, failuresSince: null } });
    return 'ok';
  }

  async function issueRecoveryCodes(userId: number): Promise<string[]> {
    const codes = newRecoveryCodes();
    await db().recoveryCodes.deleteMany({ where: { userId } });
    for (const code of codes) await db().recoveryCodes.create({ data: { userId, codeHash: hashToken(code.replace(/-/g, '')) } });
    return codes;
  }

  const WRONG_CODE = 'That code is not right. Enter the 6-digit code your authenticator app shows for Haven now.';
  const REPLAYED_CODE = 'That code was already used. Wait for the next code in your authenticator app and enter that one.';

  /**
   * Checks one proof (a current code or an unused recovery code) for an account that has two-step
   * sign-in on: 'ok', or the sentence to answer. Wrong proofs count towards the account's limit.
   */
  async function checkProof(row: TwoFactorRow, proof: SecondFactorProof, now: Date): Promise<{ ok: true } | { ok: false; message: string }> {
    assertNotLocked(row, now);
    if (proof.code !== undefined) {
      const result = await acceptCode(row, proof.code, now);
      if (result === 'ok') return { ok: true };
      await recordFailure(row, now);
      return { ok: false, message: result === 'replayed' ? REPLAYED_CODE : WRONG_CODE };
    }
    if ((await acceptRecoveryCode(row, proof.recoveryCode, now)) === 'ok') return { ok: true };
    await recordFailure(row, now);
    return { ok: false, message: 'That recovery code is not right or was already used. Each recovery code works once.' };
  }

  async function enabledRow(userId: number): Promise<TwoFactorRow> {
    const row = await rowOf(userId);
    if (!row?.enabledAt) throw notFound('Two-step sign-in is not on for your account.');
    return row;
  }

  /** Removes the account's set-up, recovery codes and sign-in challenges; counts what went (0s the second time). */
  async function eraseFor(userId: number): Promise<{ twoFactor: number; recoveryCodes: number; signInChallenges: number }> {
    const twoFactor = await db().twoFactors.deleteMany({ where: { userId } });
    const recoveryCodes = await db().recoveryCodes.deleteMany({ where: { userId } });
    const signInChallenges = await db().challenges.deleteMany({ where: { userId } });
    return { twoFactor: twoFactor.count, recoveryCodes: recoveryCodes.count, signInChallenges: signInChallenges.count };
  }

  async function account(userId: number): Promise<AccountRow | null> {
    return strapi.db.query('plugin::users-permissions.user').findOne({ where: { id: userId }, select: ['id', 'email'] });
  }

  return {
    async enabled(userId: number): Promise<boolean> {
      const row = await db().twoFactors.findOne({ where: { userId, enabledAt: { $notNull: true } }, select: ['id'] });
      return row !== null;
    },

    async status(userId: number): Promise<TwoFactorStatus> {
      const row = await rowOf(userId);
      if (!row?.enabledAt) return { enabled: false, enabledAt: null, recoveryCodesLeft: 0 };
      const recoveryCodesLeft = await db().recoveryCodes.count({ where: { userId, usedAt: null } });
      return { enabled: true, enabledAt: new Date(row.enabledAt).toISOString(), recoveryCodesLeft };
    },

    /**
     * A new secret waiting for its first code (a set-up started earlier and never confirmed is
     * replaced), or with `keepPending` the one waiting already, shown again (a mistyped first code
     * must not make the person scan a new QR code; it is not on, so it guards nothing yet).
     */
    async start(userId: number, keepPending = false): Promise<TwoFactorSetup> {
      const existing = await rowOf(userId);
      if (existing?.enabledAt) throw conflict('Two-step sign-in is already on. To move it to a new phone, turn it off first, then set it up again.');
      const who = await account(userId);
      if (!who) throw notFound('No such account.');
      let secret: string;
      if (existing && keepPending) {
        secret = openSecret(existing);
      } else {
        secret = newTotpSecret();
        const { sealer, wrapped } = sealing.get().newDataKey(owner(userId));
        const data = { keyVersion: wrapped.version, wrappedKey: wrapped.wrapped, secret: sealer.encrypt(secret, SECRET_RECORD), enabledAt: null, lastStep: 0 };
        if (existing) await db().twoFactors.update({ where: { id: existing.id }, data });
        else await db().twoFactors.create({ data: { userId, ...data, failures: 0 } });
      }
      const otpauthUri = totpUri(secret, who.email);
      const svg = await QRCode.toString(otpauthUri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
      return { otpauthUri, qrCode: `data:image/svg+xml;base64,${Buffer.from(svg, 'utf8').toString('base64')}`, manualKey: groupSecret(secret), digits: TOTP_DIGITS, period: TOTP_PERIOD_SECONDS };
    },

    /** The first right code turns it on and hands out the recovery codes, once. A wrong code changes nothing. */
    async confirm(userId: number, code: string, now: Date): Promise<RecoveryCodes> {
      const row = await rowOf(userId);
      if (!row) throw notFound('Start setting up two-step sign-in first.');
      if (row.enabledAt) throw conflict('Two-step sign-in is already on.');
      const checked = await checkProof(row, { code }, now);
      if (!checked.ok) throw badRequest(checked.message, { errors: [{ path: 'code', message: checked.message }] });
      await db().twoFactors.update({ where: { id: row.id }, data: { enabledAt: now.toISOString() } });
      return { recoveryCodes: await issueRecoveryCodes(userId) };
    },

    /** Turning it off asks for the password and a code (or a recovery code): a stolen session alone cannot. */
    async disable(userId: number, password: string, proof: SecondFactorProof, now: Date): Promise<void> {
      const row = await enabledRow(userId);
      assertNotLocked(row, now);
      if ((await siteAccounts(strapi).checkPassword(userId, password)) !== 'match') {
        await recordFailure(row, now);
        throw badRequest('Your password is not right.', { errors: [{ path: 'password', message: 'Your password is not right.' }] });
      }
      const checked = await checkProof(row, proof, now);
      if (!checked.ok) throw badRequest(checked.message, { errors: [{ path: proof.code !== undefined ? 'code' : 'recoveryCode', message: checked.message }] });
      await eraseFor(userId);
    },

    /** New recovery codes (the old ones stop working), after a current code. */
    async regenerate(userId: number, code: string, now: Date): Promise<RecoveryCodes> {
      const row = await enabledRow(userId);
      const checked = await checkProof(row, { code }, now);
      if (!checked.ok) throw badRequest(checked.message, { errors: [{ path: 'code', message: checked.message }] });
      return { recoveryCodes: await issueRecoveryCodes(userId) };
    },

    /** The sign-in step's check: null when right, else the sentence (with the account's 429 when locked). */
    async verifyForSignIn(userId: number, proof: SecondFactorProof, now: Date): Promise<string | null> {
      const row = await rowOf(userId);
      // Turned off since the password step: the challenge cannot be completed (the password step decides again).
      if (!row?.enabledAt) return 'Two-step sign-in was turned off for this account. Sign in again with your password.';
      const checked = await checkProof(row, proof, now);
      return checked.ok ? null : checked.message;
    },

    /** The export's part: when it was turned on and how many recovery codes are left (never the secret or the codes). */
    async exportFor(userId: number): Promise<{ enabled: boolean; enabledAt: string | null; setUpStartedAt: string | null; recoveryCodesLeft: number; recoveryCodesUsed: number }> {
      const row = await rowOf(userId);
      const [left, used] = await Promise.all([db().recoveryCodes.count({ where: { userId, usedAt: null } }), db().recoveryCodes.count({ where: { userId, usedAt: { $notNull: true } } })]);
      return {
        enabled: Boolean(row?.enabledAt),
        enabledAt: row?.enabledAt ? new Date(row.enabledAt).toISOString() : null,
        setUpStartedAt: row ? new Date(row.createdAt).toISOString() : null,
        recoveryCodesLeft: left,
        recoveryCodesUsed: used,
      };
    },

    eraseFor,
  };
};
