/**
 * A person's own data (issue 20): exports and erasure, from the environment at start. A value that
 * cannot be read stops the start with a sentence naming the variable.
 */
export interface PrivacyConfig {
  /** Days between asking to be erased and the erasure (logging in cancels it). */
  erasureGraceDays: number;
  /** How often the erasure worker looks for due requests (ERASURE_WORKER_INTERVAL_MS, a minute). */
  erasureWorkerIntervalMs: number;
  /** Years an erased person's stripped sessions and payments are kept for accounting law (ACCOUNTING_RETENTION_YEARS, 10). */
  accountingRetentionYears: number;
  /** The site's address, for links in mails (PUBLIC_SITE_URL). */
  siteUrl: string;
  /** Exports (services/exports.ts): sealing, the worker, how long an archive is kept, the daily limit. */
  exports: ExportsConfig;
}

export interface ExportsConfig {
  /** Master keys sealing archives at rest: PRIVACY_MASTER_KEYS ("2:<base64>,1:<base64>", the first wraps new keys) or PRIVACY_MASTER_KEY. */
  masterKeys: { list: string; single: string };
  /** Run the export worker in this process (PRIVACY_EXPORT_WORKER, on by default). */
  workerEnabled: boolean;
  /** How often the worker looks for queued exports (PRIVACY_EXPORT_INTERVAL_MS). */
  intervalMs: number;
  /** How long a claim on a job lasts before another process may take it over (PRIVACY_EXPORT_LEASE_MS). */
  leaseMs: number;
  /** Hours a ready archive is kept before it is deleted unread (PRIVACY_EXPORT_KEEP_HOURS). */
  keepHours: number;
  /** Exports a person may ask for in 24 hours (PRIVACY_EXPORTS_PER_DAY). */
  perDay: number;
  /** Minutes a one-time download token lasts (PRIVACY_EXPORT_LINK_MINUTES). */
  linkMinutes: number;
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
    erasureWorkerIntervalMs: wholeNumber(env, 'ERASURE_WORKER_INTERVAL_MS', 60_000, 100, 3_600_000),
    accountingRetentionYears: wholeNumber(env, 'ACCOUNTING_RETENTION_YEARS', 10, 1, 30),
    siteUrl: env('PUBLIC_SITE_URL', 'http://localhost:4321'),
    exports: {
      masterKeys: { list: env('PRIVACY_MASTER_KEYS', ''), single: env('PRIVACY_MASTER_KEY', '') },
      workerEnabled: !['false', '0', 'off'].includes(String(env('PRIVACY_EXPORT_WORKER', 'true')).trim().toLowerCase()),
      intervalMs: wholeNumber(env, 'PRIVACY_EXPORT_INTERVAL_MS', 2000, 100, 3_600_000),
      leaseMs: wholeNumber(env, 'PRIVACY_EXPORT_LEASE_MS', 300_000, 1000, 3_600_000),
      keepHours: wholeNumber(env, 'PRIVACY_EXPORT_KEEP_HOURS', 24, 1, 168),
      perDay: wholeNumber(env, 'PRIVACY_EXPORTS_PER_DAY', 3, 1, 100),
      linkMinutes: wholeNumber(env, 'PRIVACY_EXPORT_LINK_MINUTES', 15, 1, 60),
    },
  }),
  validator(_config: PrivacyConfig) {},
};
