/**
 * Where a FailureLedger's counts live: this process's memory, or Redis when REDIS_URL joins several
 * CMS processes, so that wrong passwords sent to process A and process B add up to one lock-out.
 *
 * `begin` checks and counts in one step (in Redis, one Lua script: atomic), so parallel guesses on
 * several processes cannot all pass the check before any of them is counted. Keys are hashed
 * (SHA-256): Redis never holds an email or an address in clear. Every Redis key expires once it no
 * longer matters (lock-out over, quiet for `forgetAfterMs`, attempts under way finished), so Redis
 * never fills up. If Redis stops answering, the store falls back to this process's memory (the limits
 * then hold per process, as without Redis) and logs that at most once a minute; it never refuses
 * everyone and never crashes the CMS.
 */
import crypto from 'node:crypto';
import type { Redis } from 'ioredis';
import { FailureLedger, type LockoutPolicy } from './failure-ledger';
import { sharedRedis, throttledWarn, type SharedRedis } from './shared-redis';

export type { LockoutPolicy } from './failure-ledger';

export interface FailureStore {
  /** Where the counts are kept: 'redis' (shared) or 'memory' (this process). */
  readonly kind: 'redis' | 'memory';
  /** Starts an attempt unless `key` is locked out: 0 and the attempt counts as a failure until it ends; else milliseconds to wait (nothing counted). */
  begin(key: string): Promise<number>;
  /** A wrong password: the attempt becomes a failure (and maybe a longer lock-out). */
  fail(key: string): Promise<void>;
  /** The right password: the key starts again from zero. */
  succeed(key: string): Promise<void>;
  /** The attempt was neither (a validation error, a blocked account): it does not count. */
  release(key: string): Promise<void>;
  failures(key: string): Promise<number>;
}

/** One process's memory (the FailureLedger itself). */
export class MemoryFailureStore implements FailureStore {
  readonly kind = 'memory';
  readonly ledger: FailureLedger;
  constructor(policy: LockoutPolicy, now: () => number = Date.now) {
    this.ledger = new FailureLedger(policy, now);
  }
  async begin(key: string) {
    const wait = this.ledger.retryAfter(key);
    if (wait > 0) return wait;
    this.ledger.begin(key);
    return 0;
  }
  async fail(key: string) {
    this.ledger.fail(key);
  }
  async succeed(key: string) {
    this.ledger.succeed(key);
  }
  async release(key: string) {
    this.ledger.release(key);
  }
  async failures(key: string) {
    return this.ledger.failures(key);
  }
}

/**
 * An attempt under way longer than this no longer counts (a process that died mid-attempt must not
 * leave the key counting it for ever); a log-in or a password check takes well under a second.
 */
export const PENDING_TTL_MS = 60_000;

/**
 * The FailureLedger's rules over one Redis hash per key (f: failures, p: attempts under way,
 * pa: when the last one began, l: locked until, lf: last failure; times in ms of the caller's clock).
 * ARGV: op, now, freeFailures, baseDelayMs, maxDelayMs, forgetAfterMs, pendingTtlMs.
 */
const SCRIPT = `
local key = KEYS[1]
local op = ARGV[1]
local now = tonumber(ARGV[2])
local free = tonumber(ARGV[3])
local base = tonumber(ARGV[4])
local maxd = tonumber(ARGV[5])
local forget = tonumber(ARGV[6])
local pttl = tonumber(ARGV[7])

local function delay(failures)
  local over = failures - free
  if over < 0 then return 0 end
  return math.min(maxd, base * 2 ^ math.min(over, 40))
end

local function load()
  local v = redis.call('HMGET', key, 'f', 'p', 'pa', 'l', 'lf')
  if not v[1] then return nil end
  local e = { f = tonumber(v[1]), p = tonumber(v[2]), pa = tonumber(v[3]), l = tonumber(v[4]), lf = tonumber(v[5]) }
  if e.p > 0 and now - e.pa > pttl then e.p = 0 end
  if e.p == 0 and e.l <= now and now - e.lf > forget then
    redis.call('DEL', key)
    return nil
  end
  return e
end

local function save(e)
  redis.call('HSET', key, 'f', e.f, 'p', e.p, 'pa', e.pa, 'l', e.l, 'lf', e.lf)
  local keep = math.max(e.l, e.lf + forget)
  if e.p > 0 then keep = math.max(keep, e.pa + pttl) end
  redis.call('PEXPIRE', key, math.max(1, math.ceil(keep - now)))
end

local function wait(e)
  if e.l > now then return e.l - now end
  if e.p > 0 and e.f + e.p >= free then return math.max(1000, delay(e.f + e.p)) end
  return 0
end

if op == 'begin' then
  local e = load()
  if not e then e = { f = 0, p = 0, pa = now, l = 0, lf = now } end
  local w = wait(e)
  if w > 0 then return math.ceil(w) end
  e.p = e.p + 1
  e.pa = now
  save(e)
  return 0
elseif op == 'fail' then
  local e = load()
  if not e then return 0 end
  e.p = math.max(0, e.p - 1)
  e.f = e.f + 1
  e.lf = now
  local d = delay(e.f)
  if d > 0 then e.l = math.max(e.l, now + d) end
  save(e)
  return 0
elseif op == 'release' then
  local e = load()
  if not e then return 0 end
  e.p = math.max(0, e.p - 1)
  save(e)
  return 0
elseif op == 'succeed' then
  redis.call('DEL', key)
  return 0
elseif op == 'failures' then
  local e = load()
  if not e then return 0 end
  return e.f
end
return redis.error_reply('unknown ledger operation')
`;

type Op = 'begin' | 'fail' | 'release' | 'succeed' | 'failures';

export interface RedisFailureStoreOptions {
  redis: Redis;
  /** The key prefix, e.g. `haven:limits:ledger:login-account:`; the hashed key follows it. */
  keyPrefix: string;
  policy: LockoutPolicy;
  /** Used while Redis does not answer (default: a memory store on the same policy). */
  fallback?: FailureStore;
  warn?: (message: string) => void;
  now?: () => number;
}

/** The shared store: Redis first, this process's memory while Redis is down. */
export class RedisFailureStore implements FailureStore {
  readonly kind = 'redis';
  private readonly fallback: FailureStore;
  private readonly warn: (message: string) => void;
  private readonly now: () => number;

  constructor(private readonly options: RedisFailureStoreOptions) {
    this.now = options.now ?? Date.now;
    this.fallback = options.fallback ?? new MemoryFailureStore(options.policy, this.now);
    this.warn = throttledWarn(options.warn ?? console.warn);
  }

  /** The Redis key for `key`: hashed, so no email or address is stored in clear. */
  keyOf(key: string): string {
    return this.options.keyPrefix + crypto.createHash('sha256').update(key).digest('hex').slice(0, 40);
  }

  private async run(op: Op, key: string): Promise<number> {
    const { policy, redis } = this.options;
    const answer = await redis.eval(SCRIPT, 1, this.keyOf(key), op, this.now(), policy.freeFailures, policy.baseDelayMs, policy.maxDelayMs, policy.forgetAfterMs, PENDING_TTL_MS);
    return Number(answer);
  }

  private async either<T>(op: Op, key: string, shared: (n: number) => T, local: () => Promise<T>): Promise<T> {
    try {
      return shared(await this.run(op, key));
    } catch (err) {
      this.warn(`[limits] Redis did not answer (${err instanceof Error ? err.message : String(err)}): this process counts failed attempts in its own memory until it does`);
      return local();
    }
  }

  begin(key: string) {
    return this.either('begin', key, (wait) => wait, () => this.fallback.begin(key));
  }
  fail(key: string) {
    return this.either('fail', key, () => undefined, () => this.fallback.fail(key));
  }
  succeed(key: string) {
    return this.either('succeed', key, () => undefined, () => this.fallback.succeed(key));
  }
  release(key: string) {
    return this.either('release', key, () => undefined, () => this.fallback.release(key));
  }
  failures(key: string) {
    return this.either('failures', key, (count) => count, () => this.fallback.failures(key));
  }
}

/**
 * The store for one ledger (`name`: what it counts, e.g. `login-account`): in Redis when REDIS_URL
 * is set (shared by every process), else in this process's memory.
 */
export function failureStore(name: string, policy: LockoutPolicy, warn: (message: string) => void = console.warn, shared: SharedRedis | null = sharedRedis()): FailureStore {
  if (!shared) return new MemoryFailureStore(policy);
  return new RedisFailureStore({ redis: shared.redis, keyPrefix: shared.key(`ledger:${name}:`), policy, warn });
}
