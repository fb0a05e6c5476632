import { describe, expect, it } from 'vitest';
import { weekdayCounts } from '../weekday-counts';

describe('weekdayCounts', () => {
  it('counts each weekday once in a Monday-to-Sunday week', () => {
    expect(weekdayCounts('2025-03-03', '2025-03-09')).toEqual([1, 1, 1, 1, 1, 1, 1]);
  });

  it('counts a single day on its own weekday (a Sunday last)', () => {
    expect(weekdayCounts('2025-03-09', '2025-03-09')).toEqual([0, 0, 0, 0, 0, 0, 1]);
  });

  it('counts a leap February and across a year end', () => {
    expect(weekdayCounts('2024-02-01', '2024-02-29')).toEqual([4, 4, 4, 5, 4, 4, 4]);
    expect(weekdayCounts('2025-12-29', '2026-01-04').reduce((a, b) => a + b, 0)).toBe(7);
  });

  it('counts nothing for a reversed range', () => {
    expect(weekdayCounts('2025-03-09', '2025-03-03')).toEqual([0, 0, 0, 0, 0, 0, 0]);
  });
});
