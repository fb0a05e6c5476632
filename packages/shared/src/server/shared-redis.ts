/**
 * The one Redis connection per CMS process that shares limits between processes (log-in lock-outs,
 * the erasure form's password guesses, community's per-member write lock). Configured by REDIS_URL
 * (the chat's socket.io adapter uses the same server) and REDIS_PREFIX; without REDIS_URL every
 * limit stays in this process's memory.
 *
 * Commands fail fast while Redis is unreachable (no offline queue, a short command timeout), so a
 * caller can fall back to its per-process memory at once instead of hanging a log-in.
 */
import { Redis } from 'ioredis';

export interface SharedRedisSettings {
  url: string;
  /** Every key starts with `<prefix>:limits:`. */
  prefix: string;
}

const PREFIX = /^[A-Za-z0-9:_-]{1,40}$/;

/** REDIS_URL and REDIS_PREFIX (default: CHAT_REDIS_PREFIX, else `haven`); null without REDIS_URL. */
export function sharedRedisSettings(env: NodeJS.ProcessEnv = process.env): SharedRedisSettings | null {
  const url = (env.REDIS_URL ?? '').trim();
  if (!url) return null;
  const prefix = (env.REDIS_PREFIX || env.CHAT_REDIS_PREFIX || 'haven').trim();
  if (!PREFIX.test(prefix)) throw new Error('REDIS_PREFIX must be 1 to 40 letters, digits, ":", "_" or "-"');
  return { url, prefix };
}

export interface SharedRedis {
  redis: Redis;
  /** `<prefix>:limits:<name>` */
  key(name: string): string;
}

let current: SharedRedis | null = null;
/** Where connection trouble is told: the CMS hands Strapi's logger over at start (connectSharedRedis). */
let logger: (message: string) => void = console.warn;
const outageWarn = throttledWarn((message) => logger(message));

/** A warning about the shared limits (Redis not answering), through the CMS's logger, at most once a minute. */
export function sharedRedisWarn(message: string): void {
  outageWarn(message);
}

/** Logs at most one line per minute per kind of trouble: an outage must not flood the log. */
export function throttledWarn(warn: (message: string) => void, everyMs = 60_000): (message: string) => void {
  let last = 0;
  return (message) => {
    const now = Date.now();
    if (now - last < everyMs) return;
    last = now;
    warn(message);
  };
}

/** This process's shared-limits connection (opened on first use), or null without REDIS_URL. */
export function sharedRedis(): SharedRedis | null {
  const settings = sharedRedisSettings();
  if (!settings) return null;
  if (current) return current;
  const redis = new Redis(settings.url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: 1000, connectTimeout: 2000 });
  // ioredis reconnects by itself; without a listener an outage would be an uncaught 'error' event.
  const log = throttledWarn((message) => logger(message));
  redis.on('error', (err: Error) => log(`[limits] Redis: ${err.message}; limits fall back to this process's memory until it answers again`));
  const base = `${settings.prefix}:limits:`;
  current = { redis, key: (name) => base + name };
  return current;
}

/**
 * Opens the connection at start and waits (at most `timeoutMs`) until it answers, so the first
 * log-in after a start is already shared; a Redis that is down only delays the start, never stops it.
 */
export async function connectSharedRedis(warn: (message: string) => void, timeoutMs = 3000): Promise<'ready' | 'unreachable' | 'off'> {
  logger = warn;
  const shared = sharedRedis();
  if (!shared) return 'off';
  if (shared.redis.status === 'ready') return 'ready';
  return new Promise((resolve) => {
    const done = (state: 'ready' | 'unreachable') => {
      clearTimeout(timer);
      shared.redis.off('ready', onReady);
      resolve(state);
    };
    const onReady = () => done('ready');
    const timer = setTimeout(() => done('unreachable'), timeoutMs);
    shared.redis.once('ready', onReady);
  });
}

/** Closes the connection (the CMS's destroy); a later sharedRedis() opens a new one. */
export async function closeSharedRedis(): Promise<void> {
  const closing = current;
  current = null;
  if (closing) await closing.redis.quit().catch(() => closing.redis.disconnect());
}
