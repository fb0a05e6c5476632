/**
 * Per-person rate limits of the chat (messages, typing notices, call signals), with
 * rate-limiter-flexible: in memory for one process, in Redis when REDIS_URL joins several, so that a
 * person's limit holds over all their connections and all processes. If Redis stops answering, a
 * per-process memory limiter takes over rather than letting everything through.
 */
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { ChatConfig } from '../config';

export interface Limiter {
  /** null when allowed; otherwise how long until the next attempt may pass (ms). */
  take(userId: number): Promise<number | null>;
}

export interface Limiters {
  message: Limiter;
  typing: Limiter;
  signal: Limiter;
}

function limiter(config: ChatConfig, redis: Redis | null, name: string, points: number): Limiter {
  const options = { points, duration: config.rateWindowSeconds, keyPrefix: `${config.redisPrefix}:chat-rate:${name}` };
  const memory = new RateLimiterMemory(options);
  const engine: RateLimiterAbstract = redis ? new RateLimiterRedis({ ...options, storeClient: redis, useRedisPackage: false, insuranceLimiter: memory }) : memory;
  return {
    async take(userId) {
      try {
        await engine.consume(String(userId));
        return null;
      } catch (err) {
        if (err instanceof RateLimiterRes) return Math.max(1, err.msBeforeNext);
        throw err;
      }
    },
  };
}

export function createLimiters(config: ChatConfig, redis: Redis | null): Limiters {
  return {
    message: limiter(config, redis, 'message', config.ratePoints),
    typing: limiter(config, redis, 'typing', config.typingPoints),
    // A call's start exchanges a few dozen ICE candidates; this allows several restarts a window.
    signal: limiter(config, redis, 'signal', 300),
  };
}
