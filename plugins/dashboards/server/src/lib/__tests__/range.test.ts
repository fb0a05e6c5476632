import { describe, expect, it } from 'vitest';
import { HavenError } from '@haven/shared/errors';
import { rangeQuery, resolveRange } from '../range';

const NOW = Date.parse('2026-03-15T18:30:00Z');

describe('dashboard ranges', () => {
  it('defaults to the last 30 UTC days, today included', () => {
    const range = resolveRange({}, NOW);
    expect(range).toMatchObject({ from: '2026-02-14', to: '2026-03-15' });
    expect(range.days).toHaveLength(30);
    expect(range.days[0]).toBe('2026-02-14');
    expect(range.start.toISOString()).toBe('2026-02-14T00:00:00.000Z');
    expect(range.end.toISOString()).toBe('2026-03-16T00:00:00.000Z');
  });

  it('takes both ends as given, both included', () => {
    const range = resolveRange({ from: '2024-02-27', to: '2024-03-01' }, NOW);
    expect(range.days).toEqual(['2024-02-27', '2024-02-28', '2024-02-29', '2024-03-01']);
  });

  it('fills a missing end with 30 days from the start (never past today) or 30 days up to the end', () => {
    expect(resolveRange({ from: '2026-01-01' }, NOW).to).toBe('2026-01-30');
    expect(resolveRange({ from: '2026-03-10' }, NOW).to).toBe('2026-03-15');
    expect(resolveRange({ to: '2026-01-30' }, NOW).from).toBe('2026-01-01');
  });

  it('refuses reversed and too long ranges', () => {
    expect(() => resolveRange({ from: '2026-03-02', to: '2026-03-01' }, NOW)).toThrow(HavenError);
    expect(resolveRange({ from: '2024-01-01', to: '2024-12-31' }, NOW).days).toHaveLength(366);
    expect(() => resolveRange({ from: '2024-01-01', to: '2025-01-01' }, NOW)).toThrow(/at most 366 days/);
  });

  it('accepts only calendar dates and no other parameter', () => {
    expect(rangeQuery.safeParse({ from: '2026-02-30' }).success).toBe(false);
    expect(rangeQuery.safeParse({ from: '2026-2-3' }).success).toBe(false);
    expect(rangeQuery.safeParse({ from: ['2026-02-03'] }).success).toBe(false);
    expect(rangeQuery.safeParse({ since: '2026-02-03' }).success).toBe(false);
    expect(rangeQuery.safeParse({ from: '2026-02-03', to: '2026-02-04' }).success).toBe(true);
  });
});
