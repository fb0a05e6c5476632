/**
 * A person's own data (issue 20): exports and erasure, from the environment at start. A value that
 * cannot be read stops the start with a sentence naming the variable.
 */
export interface PrivacyConfig {
  /** Days between asking to be erased and the erasure (logging in cancels it). */
  erasureGraceDays: number;
}

type Env = (key: string, fallback?: string) => string;

function wholeNumber(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = String(env(name, '')).trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
  return value;
}

export default {
  default: ({ env }: { env: Env }): PrivacyConfig => ({
    erasureGraceDays: wholeNumber(env, 'ERASURE_GRACE_DAYS', 14, 0, 90),
  }),
  validator(_config: PrivacyConfig) {},
};
