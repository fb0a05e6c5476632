import crypto from 'node:crypto';
import { Stores, type Hit, type RateLimitOptions } from 'koa2-ratelimit';
import { sharedRedis, sharedRedisWarn } from '@haven/shared/server/shared-redis';

/**
 * Where users-permissions' own rate limit on /api/auth/* (AUTH_RATE_LIMIT_*, koa2-ratelimit) counts:
 * by default koa2-ratelimit keeps one process's memory; with REDIS_URL this store keeps the counts in
 * Redis, so N processes do not allow N times the limit. One fixed window per key (the library's own
 * rule): INCRBY and the window's expiry in one Lua script. Keys name an email and an address, so they
 * are hashed. While Redis does not answer, the library's memory store counts (per process).
 */
const INCR = `
local c = redis.call('INCRBY', KEYS[1], ARGV[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  ttl = tonumber(ARGV[2])
end
return {c, ttl}
`;

export class SharedAuthRateLimitStore extends Stores.Store {
  private readonly memory = new Stores.Memory();

  private keyOf(prefixed: (name: string) => string, key: string): string {
    return prefixed(`auth-rate:${crypto.createHash('sha256').update(key).digest('hex').slice(0, 40)}`);
  }

  async incr(key: string, options: RateLimitOptions, weight: number): Promise<Hit> {
    const shared = sharedRedis();
    if (!shared) return this.memory.incr(key, options, weight);
    try {
      const answer = await shared.redis.eval(INCR, 1, this.keyOf(shared.key, key), weight, Math.max(1, Math.round(options.interval)));
      const [counter, ttl] = Array.isArray(answer) ? answer.map(Number) : [Number.NaN, Number.NaN];
      if (!Number.isFinite(counter) || !Number.isFinite(ttl)) throw new Error('unexpected answer');
      return { counter, dateEnd: Date.now() + ttl };
    } catch (err) {
      sharedRedisWarn(`[limits] Redis did not answer (${err instanceof Error ? err.message : String(err)}): /api/auth rate limits count in this process's memory until it does`);
      return this.memory.incr(key, options, weight);
    }
  }

  decrement(key: string, options: RateLimitOptions, weight: number): void {
    const shared = sharedRedis();
    if (!shared) return this.memory.decrement(key, options, weight);
    // Only used with skipFailedRequests (off here); a lost decrement only errs on the strict side.
    shared.redis.decrby(this.keyOf(shared.key, key), weight).catch(() => undefined);
  }

  saveAbuse(): void {}
}
