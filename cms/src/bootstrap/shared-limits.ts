import { closeSharedRedis, connectSharedRedis, sharedRedisSettings } from '@haven/shared/server/shared-redis';

/**
 * Rate limits and lock-outs are shared by every CMS process through Redis when REDIS_URL is set
 * (log-in lock-outs, the erasure form's password guesses, community's per-member write lock, the
 * chat's budgets, users-permissions' /api/auth rate limit). Without it each process keeps its own:
 * fine for one process, too lenient for several, so the start says so once. The connection is
 * opened here and awaited briefly, so the first request after a start is already shared; a Redis
 * that is down does not stop the start.
 */
export const PER_PROCESS_LIMITS = [
  'log-in lock-outs (per account and per address)',
  'erasure password guesses',
  'community per-member write lock',
  'chat rate limits',
  "users-permissions' /api/auth rate limit",
];

/**
 * Kept per process even with Redis: a therapist's own "refresh my calendars now" count (each process
 * allows BOOKING_CALENDAR_READS_PER_HOUR; it only protects the feeds' hosts from one therapist's clicks).
 */
export const ALWAYS_PER_PROCESS = ["booking's calendar refreshes by hand"];

export async function connectSharedLimits(log: { warn(message: string): void; info(message: string): void }, waitMs = 3000): Promise<void> {
  const warn = (message: string) => log.warn(message);
  if (!sharedRedisSettings()) {
    warn(`[limits] REDIS_URL is not set: these limits are kept per CMS process, so run only one process: ${[...PER_PROCESS_LIMITS, ...ALWAYS_PER_PROCESS].join('; ')}`);
    return;
  }
  log.info(`[limits] shared through Redis: ${PER_PROCESS_LIMITS.join('; ')}; still per process: ${ALWAYS_PER_PROCESS.join('; ')}`);
  if ((await connectSharedRedis(warn, waitMs)) === 'unreachable') {
    warn("[limits] Redis (REDIS_URL) does not answer yet: limits are kept in this process's memory until it does");
  }
}

export const closeSharedLimits = closeSharedRedis;
