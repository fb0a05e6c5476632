/**
 * How people prove who they are and what they agreed to (issue 20), from the environment at start.
 * A value that cannot be read stops the start with a sentence naming the variable.
 */
export interface IdentityConfig {
  /** The version of the privacy notice and terms people must have agreed to (a new one asks again). */
  consentVersion: string;
}

type Env = (key: string, fallback?: string) => string;

export default {
  default: ({ env }: { env: Env }): IdentityConfig => ({
    consentVersion: String(env('CONSENT_VERSION', '')).trim() || '2026-12-01',
  }),
  validator(config: IdentityConfig) {
    if (!/^[A-Za-z0-9._-]{1,40}$/.test(config.consentVersion)) throw new Error('CONSENT_VERSION must be 1 to 40 letters, digits, dots, dashes or underscores');
  },
};
