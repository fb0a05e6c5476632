/**
 * Per-person budgets of every socket event (and of REST sends), with rate-limiter-flexible: in
 * memory for one process, in Redis when REDIS_URL joins several, so that a person's budget holds over
 * all their connections and all processes. If Redis stops answering, a per-process memory limiter
 * takes over rather than letting everything through.
 *
 * Every incoming socket event is charged to its kind's budget before its handler runs (budgets.ts's
 * middleware), so a flood costs one counter step per event and a refusal, never a database query.
 */
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { ChatConfig } from '../config';

export interface Limiter {
  /** null when allowed; otherwise how long until the next attempt may pass (ms). */
  take(userId: number): Promise<number | null>;
}

export type BudgetKind = 'message' | 'typing' | 'read' | 'sync' | 'presence' | 'signal' | 'call' | 'token' | 'other';
export type Limiters = Record<BudgetKind, Limiter>;

/**
 * Which budget each client event spends (a REST send spends the `message` budget in send()); an
 * event the server does not know spends `other` and is then refused.
 */
export const EVENT_BUDGETS: Record<string, BudgetKind> = {
  'message:send': 'message',
  typing: 'typing',
  'message:read': 'read',
  sync: 'sync',
  'presence:query': 'presence',
  'rtc:signal': 'signal',
  'rtc:join': 'call',
  'rtc:leave': 'call',
  'auth:token': 'token',
};

/** What a refusal calls each kind, in "Too many … in a short time". */
export const BUDGET_WORDS: Record<BudgetKind, string> = {
  message: 'messages',
  typing: 'typing notices',
  read: 'read receipts',
  sync: 'catch-up requests',
  presence: 'presence requests',
  signal: 'call signals',
  call: 'call joins',
  token: 'token renewals',
  other: 'requests',
};

function limiter(config: ChatConfig, redis: Redis | null, name: BudgetKind, points: number): Limiter {
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
    read: limiter(config, redis, 'read', config.readPoints),
    sync: limiter(config, redis, 'sync', config.syncPoints),
    presence: limiter(config, redis, 'presence', config.presencePoints),
    // A call's start exchanges a few dozen ICE candidates; the default allows several restarts a window.
    signal: limiter(config, redis, 'signal', config.signalPoints),
    // Joining, leaving and renewing happen a few times a session; these need no setting of their own.
    call: limiter(config, redis, 'call', 20),
    token: limiter(config, redis, 'token', 10),
    other: limiter(config, redis, 'other', 20),
  };
}
