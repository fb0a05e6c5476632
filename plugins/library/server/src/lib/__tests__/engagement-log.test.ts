/** The search log's normalisation (with long adversarial input under a time budget) and the once-per-day bound. */
import { describe, expect, it } from 'vitest';
import { LOGGED_QUERY_LENGTH, normaliseQuery } from '../search-log';
import { oncePerDay } from '../once-per-day';

describe('normaliseQuery', () => {
  it('trims, lower-cases, folds white space and compatibility forms', () => {
    expect(normaliseQuery('  Panic\tATTACKS \n at  night ')).toBe('panic attacks at night');
    expect(normaliseQuery('ｓｌｅｅｐ')).toBe('sleep');
    expect(normaliseQuery(' \n\t ')).toBeNull();
    expect(normaliseQuery('')).toBeNull();
  });

  it('keeps at most LOGGED_QUERY_LENGTH characters, never half an emoji', () => {
    expect(normaliseQuery('a'.repeat(500))).toHaveLength(LOGGED_QUERY_LENGTH);
    const emoji = normaliseQuery('😀'.repeat(150))!;
    expect(Array.from(emoji)).toHaveLength(LOGGED_QUERY_LENGTH);
    expect(emoji.isWellFormed()).toBe(true);
  });

  it('answers long adversarial input in linear time', () => {
    for (const input of [' '.repeat(200_000) + 'x', '\t \n'.repeat(100_000), 'a '.repeat(100_000)]) {
      const started = performance.now();
      normaliseQuery(input);
      expect(performance.now() - started).toBeLessThan(250);
    }
  });
});

describe('oncePerDay', () => {
  it('counts a visitor once per item and day, a new day afresh', () => {
    const once = oncePerDay({ perVisitor: 10, maxKeys: 100 });
    expect(once.admit('v1', 'a', '2026-01-01')).toBe(true);
    expect(once.admit('v1', 'a', '2026-01-01')).toBe(false);
    expect(once.admit('v2', 'a', '2026-01-01')).toBe(true);
    expect(once.admit('v1', 'b', '2026-01-01')).toBe(true);
    expect(once.admit('v1', 'a', '2026-01-02')).toBe(true);
  });

  it('bounds the items of one visitor and the memory of a day', () => {
    const once = oncePerDay({ perVisitor: 2, maxKeys: 3 });
    expect(['a', 'b', 'c'].map((item) => once.admit('v1', item, 'd'))).toEqual([true, true, false]);
    expect(once.admit('v2', 'a', 'd')).toBe(true);
    expect(once.admit('v3', 'a', 'd')).toBe(false);
  });
});
