/** Configuration of the wellness plugin, read from the environment at start and checked there. */
import { EnvelopeError, keyringFromEnv } from '@haven/shared/server/envelope';

export interface WellnessConfig {
  /** Assessments offered to clients. */
  assessments: string[];
  /**
   * Master keys for reflections (README "Wellness"): WELLNESS_MASTER_KEYS ("2:<base64>,1:<base64>",
   * the first wraps new data keys) or WELLNESS_MASTER_KEY (one key). Kept as given; parsed by the vault.
   */
  masterKeys: { list: string; single: string };
  reminders: {
    /** Run the daily-reminder worker in this process (off in maintenance commands). */
    enabled: boolean;
    /** How often the worker looks for reminders that are due, in milliseconds. */
    pollMs: number;
    /** A reminder is still sent this many minutes after its time (after a restart, say); later, that day is skipped. */
    graceMinutes: number;
  };
  /** The site's address, for links in mails. */
  siteUrl: string;
}

type Env = ((key: string, fallback?: string) => string) & {
  int: (key: string, fallback?: number) => number;
  bool: (key: string, fallback?: boolean) => boolean;
};

export default {
  default: ({ env }: { env: Env }): WellnessConfig => ({
    assessments: ['PHQ-9', 'GAD-7'],
    masterKeys: { list: env('WELLNESS_MASTER_KEYS', ''), single: env('WELLNESS_MASTER_KEY', '') },
    reminders: {
      enabled: env.bool('WELLNESS_REMINDERS_ENABLED', true),
      pollMs: env.int('WELLNESS_REMINDER_POLL_MS', 60_000),
      graceMinutes: env.int('WELLNESS_REMINDER_GRACE_MINUTES', 120),
    },
    siteUrl: env('PUBLIC_SITE_URL', 'http://localhost:4321'),
  }),
  validator(config: WellnessConfig) {
    if (!Array.isArray(config.assessments)) throw new Error('wellness.assessments must be a list');
    const { pollMs, graceMinutes } = config.reminders;
    if (!Number.isInteger(pollMs) || pollMs < 50 || pollMs > 3_600_000) throw new Error('WELLNESS_REMINDER_POLL_MS must be from 50 to 3600000');
    if (!Number.isInteger(graceMinutes) || graceMinutes < 1 || graceMinutes > 24 * 60) throw new Error('WELLNESS_REMINDER_GRACE_MINUTES must be from 1 to 1440');
    // A malformed key stops the start everywhere; a missing one stops it in production only (elsewhere
    // the plugin starts and answers 503 to anything that needs a reflection's key).
    try {
      const keyring = keyringFromEnv('WELLNESS', { WELLNESS_MASTER_KEYS: config.masterKeys.list, WELLNESS_MASTER_KEY: config.masterKeys.single });
      if (!keyring && process.env.NODE_ENV === 'production') {
        throw new Error('WELLNESS_MASTER_KEYS is not set: reflections cannot be encrypted. Generate a key with `openssl rand -base64 32` and set WELLNESS_MASTER_KEYS="1:<key>"');
      }
    } catch (err) {
      if (err instanceof EnvelopeError) throw new Error(`[wellness] ${err.message}`);
      throw err;
    }
  },
};
