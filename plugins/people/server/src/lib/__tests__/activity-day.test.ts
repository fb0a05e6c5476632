import { describe, expect, it } from 'vitest';
import { addDays, isDay, isoWeekStart, utcDayOf } from '../activity-day';

describe('activity days', () => {
  it('takes the UTC day of an instant, whatever the local zone', () => {
    expect(utcDayOf(new Date('2025-03-01T23:59:59.999Z'))).toBe('2025-03-01');
    expect(utcDayOf(Date.parse('2025-03-02T00:00:00.000Z'))).toBe('2025-03-02');
  });

  it('starts ISO weeks on Mondays, across months and years', () => {
    expect(isoWeekStart('2025-03-03')).toBe('2025-03-03'); // a Monday
    expect(isoWeekStart('2025-03-09')).toBe('2025-03-03'); // its Sunday
    expect(isoWeekStart('2025-03-10')).toBe('2025-03-10');
    expect(isoWeekStart('2025-01-01')).toBe('2024-12-30'); // ISO week 1 of 2025 starts in 2024
    expect(isoWeekStart('2024-02-29')).toBe('2024-02-26');
  });

  it('accepts only real calendar days', () => {
    expect(isDay('2024-02-29')).toBe(true);
    for (const text of ['2025-02-29', '2025-13-01', '2025-3-1', 'today', '2025-03-01T00:00']) expect(isDay(text), text).toBe(false);
  });

  it('moves by whole days', () => {
    expect(addDays('2025-03-01', -1)).toBe('2025-02-28');
    expect(addDays('2024-12-31', 400)).toBe('2026-02-04');
  });
});
