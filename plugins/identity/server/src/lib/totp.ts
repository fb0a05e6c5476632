/**
 * Two-step sign-in arithmetic (RFC 6238 TOTP through the maintained `otpauth` library) and the
 * recovery codes. Pure: no Strapi, no clock of its own (callers pass `now`), unit-tested beside it.
 */
import crypto from 'node:crypto';
import { Secret, TOTP } from 'otpauth';

/** What every authenticator app expects by default: SHA-1, 6 digits, 30 seconds. */
export const TOTP_DIGITS = 6;
export const TOTP_PERIOD_SECONDS = 30;
/** One step either side: a phone clock a little off, or a code typed as it changed. */
export const TOTP_WINDOW = 1;
export const RECOVERY_CODE_COUNT = 10;
const ISSUER = 'Haven';

/** A fresh 160-bit secret (RFC 4226's recommended size) in base32, as authenticator apps read it. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

function totpOf(secretBase32: string, label: string): TOTP {
  return new TOTP({ issuer: ISSUER, label, algorithm: 'SHA1', digits: TOTP_DIGITS, period: TOTP_PERIOD_SECONDS, secret: Secret.fromBase32(secretBase32) });
}

/** The otpauth:// address a QR code carries (label: the account's name in the app's list). */
export function totpUri(secretBase32: string, label: string): string {
  return totpOf(secretBase32, label).toString();
}

/** The secret in groups of four for typing by hand ("ABCD EFGH …"). */
export function groupSecret(secretBase32: string): string {
  return (secretBase32.match(/.{1,4}/g) ?? []).join(' ');
}

/** The code an app would show at `now` (tests and the demo's helpers compute codes the same way). */
export function totpCode(secretBase32: string, now: Date): string {
  return totpOf(secretBase32, 'x').generate({ timestamp: now.getTime() });
}

/** A typed code with spaces or dashes removed; null when it is not 6 digits. */
export function normaliseCode(input: string): string | null {
  const digits = input.replace(/[\s-]/g, '');
  return digits.length === TOTP_DIGITS && /^[0-9]+$/.test(digits) ? digits : null;
}

/**
 * The time step a code belongs to when it is right at `now` (±TOTP_WINDOW steps), or null. The caller
 * accepts the step only if it is later than the last step it accepted, so a code is never used twice.
 */
export function matchingStep(secretBase32: string, code: string, now: Date): number | null {
  const typed = normaliseCode(code);
  if (!typed) return null;
  const delta = totpOf(secretBase32, 'x').validate({ token: typed, timestamp: now.getTime(), window: TOTP_WINDOW });
  if (delta === null) return null;
  return Math.floor(now.getTime() / 1000 / TOTP_PERIOD_SECONDS) + delta;
}

/** Recovery codes use letters and digits that cannot be mistaken for each other (no 0/O, 1/I/L). */
const RECOVERY_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** Ten codes like "K7QM-3XH9-TP2W" (60 bits each, uniformly drawn), shown once and stored hashed. */
export function newRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: count }, () => {
    const chars = Array.from({ length: 12 }, () => RECOVERY_ALPHABET[crypto.randomInt(RECOVERY_ALPHABET.length)]).join('');
    return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8)}`;
  });
}

/** A typed recovery code in its canonical form (upper case, no spaces or dashes), or null when it cannot be one. */
export function normaliseRecoveryCode(input: string): string | null {
  if (input.length > 40) return null;
  const canonical = input.replace(/[\s-]/g, '').toUpperCase();
  return canonical.length === 12 && [...canonical].every((c) => RECOVERY_ALPHABET.includes(c)) ? canonical : null;
}

/**
 * The stored form of a recovery code or challenge token: SHA-256. Both are long random values (60 and
 * 256 bits), so a slow password hash adds nothing, and a database leak reveals no usable code.
 */
export function hashToken(canonical: string): string {
  return crypto.createHash('sha256').update(canonical, 'utf8').digest('hex');
}

/** An opaque sign-in challenge: 32 random bytes, base64url (the client keeps it ~5 minutes). */
export function newChallengeToken(): string {
  return crypto.randomBytes(32).toString('base64url');
}
