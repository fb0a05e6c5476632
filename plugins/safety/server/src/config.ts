/**
 * The clinic's escalation settings, read from the environment at start (docs/safety.md and the README,
 * "Safety: one path", say why each exists). Paths are relative to the repository root. A value that
 * cannot be read stops the start with a sentence naming the variable: a clinic that asked for quiet
 * hours must not silently get 3 a.m. mails, nor one that turned mails off get them anyway.
 */
import { CLOCK, parseQuietHours, type QuietHours } from './lib/quiet-hours';

export type { QuietHours };
export { parseQuietHours };

export interface SafetyConfig {
  /** Crisis lines per locale (default config/crisis/resources.json). */
  linesFile: string;
  /** One phrase list per locale, <locale>.json (default config/crisis/phrases). */
  phrasesDir: string;
  /** Whether a therapist is mailed when a client they work with writes crisis language (chat, a shared reflection). */
  mailTherapists: boolean;
  /** Mails to therapists wait until these hours end, in the therapist's zone; null: sent at once. */
  quietHours: QuietHours | null;
  /** How often the deferred-notice worker looks for notices whose quiet hours have ended (ms). */
  workerIntervalMs: number;
  /** How long one CMS process keeps a claimed notice before another may take it over (ms). */
  workerLeaseMs: number;
}

type Env = (key: string, fallback?: string) => string;

const MINUTE = 60_000;

/** "true"/"false" (any case, blank → the default); anything else names the variable. */
function flag(env: Env, name: string, fallback: boolean): boolean {
  const raw = String(env(name, '')).trim().toLowerCase();
  if (!raw) return fallback;
  if (raw === 'true' || raw === 'false') return raw === 'true';
  throw new Error(`${name} must be "true" or "false" (got "${raw}")`);
}

/** A whole number of milliseconds within bounds (blank → the default); anything else names the variable. */
function millis(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = String(env(name, '')).trim();
  if (!raw) return fallback;
  const value = /^\d{1,10}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`${name} must be a whole number of milliseconds from ${min} to ${max} (got "${raw}")`);
  return value;
}

export default {
  default: ({ env }: { env: Env }): SafetyConfig => ({
    linesFile: String(env('SAFETY_CRISIS_LINES_FILE', '')).trim() || 'config/crisis/resources.json',
    phrasesDir: String(env('SAFETY_PHRASES_DIR', '')).trim() || 'config/crisis/phrases',
    mailTherapists: flag(env, 'SAFETY_MAIL_THERAPISTS', true),
    quietHours: parseQuietHours(String(env('SAFETY_QUIET_HOURS', ''))),
    workerIntervalMs: millis(env, 'SAFETY_WORKER_INTERVAL_MS', MINUTE, 50, 60 * MINUTE),
    workerLeaseMs: millis(env, 'SAFETY_WORKER_LEASE_MS', 5 * MINUTE, 1000, 24 * 60 * MINUTE),
  }),
  /** Also checks values set in cms/config/plugins.ts, which do not pass through the parsers above. */
  validator(config: SafetyConfig) {
    if (!config.linesFile) throw new Error('SAFETY_CRISIS_LINES_FILE must name a file');
    if (!config.phrasesDir) throw new Error('SAFETY_PHRASES_DIR must name a folder');
    if (typeof config.mailTherapists !== 'boolean') throw new Error('SAFETY_MAIL_THERAPISTS must be "true" or "false"');
    if (config.quietHours && (!CLOCK.test(config.quietHours.start) || !CLOCK.test(config.quietHours.end) || config.quietHours.start === config.quietHours.end)) {
      throw new Error('SAFETY_QUIET_HOURS must be blank or two different 24-hour times such as "22:00-07:00"');
    }
    if (!Number.isInteger(config.workerIntervalMs) || config.workerIntervalMs < 50) throw new Error('SAFETY_WORKER_INTERVAL_MS must be a whole number of milliseconds, 50 or more');
    if (!Number.isInteger(config.workerLeaseMs) || config.workerLeaseMs < 1000) throw new Error('SAFETY_WORKER_LEASE_MS must be a whole number of milliseconds, 1000 or more');
  },
};
