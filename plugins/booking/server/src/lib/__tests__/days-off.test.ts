import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { dayOffInput, defaultRules, type AvailabilityRules, type Weekday } from '../rules';
import { freeSlots } from '../slots';
import { daysOffMinutes } from '../days-off-minutes';

const utc = (iso: string) => DateTime.fromISO(iso, { zone: 'utc' }).toMillis();
const localDates = (starts: number[], zone: string) => [...new Set(starts.map((s) => DateTime.fromMillis(s, { zone }).toISODate()))];

function rules(zone: string, overrides: Partial<AvailabilityRules> = {}): AvailabilityRules {
  const days: Weekday[] = [1, 2, 3, 4, 5, 6, 7];
  return { ...defaultRules(zone, 24), minNoticeHours: 0, bufferAfterMinutes: 0, horizonDays: 365, incrementMinutes: 60, weeklyHours: days.map((weekday) => ({ weekday, start: '22:00', end: '24:00' })), ...overrides };
}
const slotsOf = (r: AvailabilityRules, from: string, to: string) => freeSlots({ rules: r, sessionMinutes: 60, now: utc('2026-01-01T00:00:00Z'), bookings: [], externalBusy: [] }, utc(from), utc(to));

describe('days off as ranges', () => {
  it('remove every day of the range, both ends included, read as local dates of the therapist', () => {
    // Los Angeles 22:00 is already the next date in UTC: the range must be read in the therapist's zone.
    for (const zone of ['Asia/Tokyo', 'America/Los_Angeles']) {
      const r = rules(zone, { daysOff: [{ id: 'a', from: '2026-03-10', to: '2026-03-12', note: null }] });
      const dates = localDates(slotsOf(r, '2026-03-08T00:00:00Z', '2026-03-16T00:00:00Z'), zone);
      expect(dates).not.toContain('2026-03-10');
      expect(dates).not.toContain('2026-03-11');
      expect(dates).not.toContain('2026-03-12');
      expect(dates).toContain('2026-03-09');
      expect(dates).toContain('2026-03-13');
    }
  });

  it('win over extra hours on the same date', () => {
    const r = rules('UTC', { weeklyHours: [], overrides: [{ date: '2026-03-10', kind: 'extra', start: '09:00', end: '12:00' }], daysOff: [{ id: 'a', from: '2026-03-10', to: '2026-03-10', note: null }] });
    expect(slotsOf(r, '2026-03-09T00:00:00Z', '2026-03-12T00:00:00Z')).toEqual([]);
  });

  it('validate order, real dates and length', () => {
    expect(dayOffInput.safeParse({ from: '2026-03-10', to: '2026-03-10' }).success).toBe(true);
    expect(dayOffInput.safeParse({ from: '2026-03-10', to: '2026-03-09' }).success).toBe(false);
    expect(dayOffInput.safeParse({ from: '2026-02-29', to: '2026-03-01' }).success).toBe(false);
    expect(dayOffInput.safeParse({ from: '2026-01-01', to: '2027-01-01' }).success).toBe(true);
    expect(dayOffInput.safeParse({ from: '2026-01-01', to: '2027-01-02' }).success).toBe(false);
    expect(dayOffInput.safeParse({ from: '2026-01-01', to: '2026-01-02', extra: 1 }).success).toBe(false);
  });

  it('take off the offered minutes the hours-and-overrides count gave their dates', () => {
    // Mon–Fri 09:00–12:00 (180 minutes), plus 2 extra hours and 1 hour off on Tuesday 2026-03-10.
    const r = {
      weeklyHours: ([1, 2, 3, 4, 5] as Weekday[]).map((weekday) => ({ weekday, start: '09:00', end: '12:00' })),
      overrides: [
        { date: '2026-03-10', kind: 'extra' as const, start: '14:00', end: '16:00' },
        { date: '2026-03-10', kind: 'off' as const, start: '09:00', end: '10:00' },
      ],
      daysOff: [{ id: 'a', from: '2026-03-09', to: '2026-03-15', note: null }],
    };
    // Mon 180 + Tue (180 + 120 − 60) + Wed–Fri 3 × 180; the weekend offers nothing.
    expect(daysOffMinutes(r, '2026-03-01', '2026-03-31')).toBe(180 + 240 + 540);
    // Only the part of the range inside the dates asked for.
    expect(daysOffMinutes(r, '2026-03-11', '2026-03-12')).toBe(360);
    expect(daysOffMinutes(r, '2026-04-01', '2026-04-30')).toBe(0);
  });
});
