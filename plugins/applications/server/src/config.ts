/** Configuration of the applications plugin, read from the environment at start and checked there. */
import { EnvelopeError, keyringFromEnv } from '@haven/shared/server/envelope';

export interface ApplicationsConfig {
  /**
   * Master keys sealing licence documents (README "Therapist applications"): APPLICATIONS_MASTER_KEYS
   * ("2:<base64>,1:<base64>", the first wraps new data keys) or APPLICATIONS_MASTER_KEY (one key).
   */
  masterKeys: { list: string; single: string };
  expiry: {
    /** Run the licence-expiry check in this process (off in maintenance commands). */
    enabled: boolean;
    /** How often it looks for expired licences, in milliseconds (daily by default; notices go out once each). */
    intervalMs: number;
  };
  /** The site's address, for links in mails. */
  siteUrl: string;
}

type Env = ((key: string, fallback?: string) => string) & {
  int: (key: string, fallback?: number) => number;
  bool: (key: string, fallback?: boolean) => boolean;
};

export const keyringOf = (config: ApplicationsConfig) =>
  keyringFromEnv('APPLICATIONS', { APPLICATIONS_MASTER_KEYS: config.masterKeys.list, APPLICATIONS_MASTER_KEY: config.masterKeys.single });

export default {
  default: ({ env }: { env: Env }): ApplicationsConfig => ({
    masterKeys: { list: env('APPLICATIONS_MASTER_KEYS', ''), single: env('APPLICATIONS_MASTER_KEY', '') },
    expiry: { enabled: env.bool('APPLICATIONS_EXPIRY_CHECK', true), intervalMs: env.int('APPLICATIONS_EXPIRY_INTERVAL_MS', 86_400_000) },
    siteUrl: env('PUBLIC_SITE_URL', 'http://localhost:4321'),
  }),
  validator(config: ApplicationsConfig) {
    const { intervalMs } = config.expiry;
    if (!Number.isInteger(intervalMs) || intervalMs < 1000 || intervalMs > 7 * 86_400_000) throw new Error('APPLICATIONS_EXPIRY_INTERVAL_MS must be from 1000 to 604800000');
    // A malformed key stops the start everywhere; a missing one in production only (elsewhere uploads answer 503).
    try {
      if (!keyringOf(config) && process.env.NODE_ENV === 'production') {
        throw new Error('APPLICATIONS_MASTER_KEYS is not set: licence documents cannot be sealed. Set APPLICATIONS_MASTER_KEYS="1:<key>" (openssl rand -base64 32)');
      }
    } catch (err) {
      if (err instanceof EnvelopeError) throw new Error(`[applications] ${err.message}`);
      throw err;
    }
  },
};
