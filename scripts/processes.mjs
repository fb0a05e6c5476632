// How many processes `npm start` runs (issue 21, item 3): CMS_PROCESSES CMS processes (default 1) and
// SITE_PROCESSES site processes (default: as many as the CMS), each set sharing its port through
// node:cluster (scripts/cluster.mjs). Checked before anything is built, so that a wrong value is said at once.

export const MAX_PROCESSES = 32;

/** A process count from the environment: a whole number from 1 to MAX_PROCESSES, or the fallback when unset. */
function count(env, name, fallback) {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = /^\s*\d+\s*$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isInteger(value) || value < 1 || value > MAX_PROCESSES) {
    throw new Error(`${name} must be a whole number from 1 to ${MAX_PROCESSES}, not "${raw}"`);
  }
  return value;
}

/**
 * The process counts `npm start` uses, with what to warn about; throws an Error whose message says
 * what is wrong and what to do.
 * @param {Record<string, string | undefined>} env
 * @returns {{ cms: number, site: number, warnings: string[] }}
 */
export function processCounts(env = process.env) {
  const cms = count(env, 'CMS_PROCESSES', 1);
  const site = count(env, 'SITE_PROCESSES', cms);
  const client = env.DATABASE_CLIENT || 'sqlite';
  if (cms > 1 && client !== 'postgres') {
    throw new Error(
      `CMS_PROCESSES=${cms} needs PostgreSQL (DATABASE_CLIENT=postgres), and the database is ${client}: several processes writing one SQLite file is not how Haven scales out. ` +
        'Run one CMS process on SQLite (CMS_PROCESSES=1), or move to PostgreSQL (docs/deploy.md).',
    );
  }
  const warnings = [];
  if (cms > 1 && !env.REDIS_URL) {
    warnings.push(
      `CMS_PROCESSES=${cms} without REDIS_URL: rate limits, log-in lock-outs and the chat stay per process ` +
        '(a visitor gets each limit once per process, and chat messages reach only the people connected to the same process). Set REDIS_URL to share them.',
    );
  }
  return { cms, site, warnings };
}
