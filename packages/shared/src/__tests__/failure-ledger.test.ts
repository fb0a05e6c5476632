import { describe, expect, it } from 'vitest';
import { FailureLedger } from '../server/failure-ledger';

const MINUTE = 60_000;

/** The erasure form's policy (plugins/privacy services/erasure.ts): 5 wrong passwords, then 15 minutes. */
function erasurePolicy() {
  let now = 1_000_000;
  const ledger = new FailureLedger({ freeFailures: 5, baseDelayMs: 15 * MINUTE, maxDelayMs: 15 * MINUTE, forgetAfterMs: 15 * MINUTE }, () => now);
  return { ledger, advance: (ms: number) => (now += ms) };
}

const wrong = (ledger: FailureLedger, key: string) => {
  ledger.begin(key);
  ledger.fail(key);
};

describe('FailureLedger', () => {
  it('allows the free failures, then locks the key for the window, right answer or not', () => {
    const { ledger, advance } = erasurePolicy();
    for (let i = 0; i < 4; i += 1) wrong(ledger, 'a');
    expect(ledger.retryAfter('a')).toBe(0);
    wrong(ledger, 'a');
    expect(ledger.retryAfter('a')).toBe(15 * MINUTE);
    advance(14 * MINUTE);
    expect(ledger.retryAfter('a')).toBe(MINUTE);
    advance(MINUTE + 1);
    expect(ledger.retryAfter('a')).toBe(0);
    // Another key is its own count.
    expect(ledger.failures('b')).toBe(0);
  });

  it('counts attempts under way, so parallel guesses cannot slip past the count', () => {
    const { ledger } = erasurePolicy();
    for (let i = 0; i < 4; i += 1) wrong(ledger, 'a');
    ledger.begin('a');
    expect(ledger.retryAfter('a')).toBeGreaterThan(0);
    ledger.release('a');
    expect(ledger.retryAfter('a')).toBe(0);
  });

  it('forgets a key after a quiet window, and a success clears it', () => {
    const { ledger, advance } = erasurePolicy();
    for (let i = 0; i < 4; i += 1) wrong(ledger, 'a');
    advance(15 * MINUTE + 1);
    expect(ledger.failures('a')).toBe(0);
    for (let i = 0; i < 4; i += 1) wrong(ledger, 'a');
    ledger.begin('a');
    ledger.succeed('a');
    expect(ledger.failures('a')).toBe(0);
  });
});
