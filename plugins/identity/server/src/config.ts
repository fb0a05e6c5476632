/**
 * How people prove who they are and what they agreed to (issue 20), from the environment at start.
 * A value that cannot be read stops the start with a sentence naming the variable.
 */
import { EnvelopeError, keyringFromEnv } from '@haven/shared/server/envelope';
import { DEFAULT_PASSWORD_MIN_LENGTH, LOWEST_PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH } from './lib/password-policy';

export interface IdentityConfig {
  /** The version of the privacy notice and terms people must have agreed to (a new one asks again). */
  consentVersion: string;
  /** Shortest password accepted (PASSWORD_MIN_LENGTH, default 12, never below SP 800-63B's 8). */
  passwordMinLength: number;
  /**
   * Master keys sealing two-factor secrets at rest: IDENTITY_MASTER_KEYS ("2:<base64>,1:<base64>", the
   * first wraps new data keys) or IDENTITY_MASTER_KEY (one key), as chat's and wellness's.
   */
  masterKeys: { list: string; single: string };
}

/** The keyring of IDENTITY_MASTER_KEYS / IDENTITY_MASTER_KEY, or null when neither is set. */
export const keyringOf = (config: IdentityConfig) =>
  keyringFromEnv('IDENTITY', { IDENTITY_MASTER_KEYS: config.masterKeys.list, IDENTITY_MASTER_KEY: config.masterKeys.single });

type Env = (key: string, fallback?: string) => string;

export default {
  default: ({ env }: { env: Env }): IdentityConfig => ({
    consentVersion: String(env('CONSENT_VERSION', '')).trim() || '2026-12-01',
    masterKeys: { list: env('IDENTITY_MASTER_KEYS', ''), single: env('IDENTITY_MASTER_KEY', '') },
    passwordMinLength: Number(String(env('PASSWORD_MIN_LENGTH', '')).trim() || DEFAULT_PASSWORD_MIN_LENGTH),
  }),
  validator(config: IdentityConfig) {
    if (!/^[A-Za-z0-9._-]{1,40}$/.test(config.consentVersion)) throw new Error('CONSENT_VERSION must be 1 to 40 letters, digits, dots, dashes or underscores');
    const min = config.passwordMinLength;
    // A malformed key stops the start everywhere; a missing one in production only (elsewhere two-factor set-up answers 503).
    try {
      if (!keyringOf(config) && process.env.NODE_ENV === 'production') throw new Error('IDENTITY_MASTER_KEYS is not set: two-factor secrets cannot be sealed. Set IDENTITY_MASTER_KEYS="1:<key>" (openssl rand -base64 32)');
    } catch (err) {
      if (err instanceof EnvelopeError) throw new Error(`[identity] ${err.message}`);
      throw err;
    }
    if (!Number.isInteger(min) || min < LOWEST_PASSWORD_MIN_LENGTH || min > PASSWORD_MAX_LENGTH) throw new Error(`PASSWORD_MIN_LENGTH must be a whole number from ${LOWEST_PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH}`);
  },
};
