/**
 * Failed log-ins counted per key (an account, an address), with a lock-out that doubles with each
 * failure past the free ones. Attempts still under way count as failures until they succeed, so a
 * burst of parallel guesses cannot slip past the count. In memory: one CMS process (see README,
 * "Security", for more than one). Pure (no Strapi): the CMS's log-in throttle and the privacy plugin's
 * password check before an erasure both use it.
 */
export interface LockoutPolicy {
  /** Failures allowed before the first lock-out. */
  freeFailures: number;
  /** The first lock-out; each further failure doubles it. */
  baseDelayMs: number;
  /** The longest lock-out. */
  maxDelayMs: number;
  /** A key with no failure for this long starts again from zero. */
  forgetAfterMs: number;
}

interface Entry {
  failures: number;
  pending: number;
  lockedUntil: number;
  lastFailure: number;
}

/** Keys kept at most; the oldest are dropped first (an attacker spraying addresses cannot exhaust memory). */
const MAX_KEYS = 100_000;

export class FailureLedger {
  private readonly entries = new Map<string, Entry>();

  constructor(
    readonly policy: LockoutPolicy,
    private readonly now: () => number = Date.now,
  ) {}

  /** The delay after `failures` failures (0 while they are free). */
  delayFor(failures: number): number {
    const over = failures - this.policy.freeFailures;
    if (over < 0) return 0;
    return Math.min(this.policy.maxDelayMs, this.policy.baseDelayMs * 2 ** Math.min(over, 40));
  }

  private entry(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    const now = this.now();
    if (entry.pending === 0 && entry.lockedUntil <= now && now - entry.lastFailure > this.policy.forgetAfterMs) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  /** Milliseconds until `key` may try again (0: now). Attempts under way count as failures. */
  retryAfter(key: string): number {
    const entry = this.entry(key);
    if (!entry) return 0;
    const now = this.now();
    if (entry.lockedUntil > now) return entry.lockedUntil - now;
    if (entry.pending > 0 && entry.failures + entry.pending >= this.policy.freeFailures) return Math.max(1000, this.delayFor(entry.failures + entry.pending));
    return 0;
  }

  /** An attempt starts: it counts until `fail`, `succeed` or `release`. */
  begin(key: string) {
    let entry = this.entry(key);
    if (!entry) {
      entry = { failures: 0, pending: 0, lockedUntil: 0, lastFailure: this.now() };
      if (this.entries.size >= MAX_KEYS) this.entries.delete(this.entries.keys().next().value as string);
      this.entries.set(key, entry);
    }
    entry.pending += 1;
  }

  fail(key: string) {
    const entry = this.entries.get(key);
    if (!entry) return;
    entry.pending = Math.max(0, entry.pending - 1);
    entry.failures += 1;
    const now = this.now();
    entry.lastFailure = now;
    const delay = this.delayFor(entry.failures);
    if (delay > 0) entry.lockedUntil = Math.max(entry.lockedUntil, now + delay);
  }

  /** The right password: the account starts again from zero. */
  succeed(key: string) {
    this.entries.delete(key);
  }

  /** The attempt was neither (a validation error, a blocked account): it does not count. */
  release(key: string) {
    const entry = this.entries.get(key);
    if (entry) entry.pending = Math.max(0, entry.pending - 1);
  }

  failures(key: string): number {
    return this.entry(key)?.failures ?? 0;
  }
}
