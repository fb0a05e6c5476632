import { closeSharedRedis, connectSharedRedis, sharedRedisSettings } from '@haven/shared/server/shared-redis';

/**
 * Rate limits and lock-outs are shared by every CMS process through Redis when REDIS_URL is set
 * (log-in lock-outs, the erasure form's password guesses, community's per-member write lock, the
 * chat's budgets). Without it each process keeps its own: fine for one process, too lenient for
 * several, so the start says so once. The connection is opened here and awaited briefly, so the
 * first request after a start is already shared; a Redis that is down does not stop the start.
 */
export const PER_PROCESS_LIMITS = [
  'log-in lock-outs (per account and per address)',
  'erasure password guesses',
  'community per-member write lock',
  'chat rate limits',
  "users-permissions' /api/auth rate limit",
  "booking's calendar refreshes by hand",
];

export async function connectSharedLimits(log: { warn(message: string): void }, waitMs = 3000): Promise<void> {
  const warn = (message: string) => log.warn(message);
  if (!sharedRedisSettings()) {
    warn(`[limits] REDIS_URL is not set: these limits are kept per CMS process, so run only one process: ${PER_PROCESS_LIMITS.join('; ')}`);
    return;
  }
  if ((await connectSharedRedis(warn, waitMs)) === 'unreachable') {
    warn("[limits] Redis (REDIS_URL) does not answer yet: limits are kept in this process's memory until it does");
  }
}

export const closeSharedLimits = closeSharedRedis;
