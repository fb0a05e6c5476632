import { describe, expect, it } from 'vitest';
import { addDays, bucketStartDay, dateOfDay, dayNumber, localClock, localToday, minutesOfTime, nextBucketStartDay, parseIsoDate } from '../dates';

const at = (iso: string) => new Date(iso);

describe('the local day', () => {
  it('is decided by the time zone: one instant, three dates', () => {
    const instant = at('2024-06-15T11:30:00Z');
    expect(localToday('Pacific/Kiritimati', instant)).toBe('2024-06-16'); // UTC+14
    expect(localToday('UTC', instant)).toBe('2024-06-15');
    expect(localToday('Pacific/Pago_Pago', instant)).toBe('2024-06-15'); // UTC−11: 00:30
    expect(localToday('Pacific/Pago_Pago', at('2024-06-15T10:59:59Z'))).toBe('2024-06-14');
  });

  it('turns at local midnight on both sides of a spring-forward change (New York, 2024-03-10)', () => {
    expect(localToday('America/New_York', at('2024-03-10T04:59:59Z'))).toBe('2024-03-09'); // 23:59:59 EST
    expect(localToday('America/New_York', at('2024-03-10T05:00:00Z'))).toBe('2024-03-10'); // 00:00 EST
    // The day of the change is 23 hours long: the next midnight comes at 04:00Z (EDT).
    expect(localToday('America/New_York', at('2024-03-11T03:59:59Z'))).toBe('2024-03-10');
    expect(localToday('America/New_York', at('2024-03-11T04:00:00Z'))).toBe('2024-03-11');
  });

  it('turns at local midnight around a fall-back change (New York, 2024-11-03: a 25-hour day)', () => {
    expect(localToday('America/New_York', at('2024-11-03T03:59:59Z'))).toBe('2024-11-02'); // 23:59:59 EDT
    expect(localToday('America/New_York', at('2024-11-03T04:00:00Z'))).toBe('2024-11-03');
    expect(localToday('America/New_York', at('2024-11-04T04:59:59Z'))).toBe('2024-11-03'); // 23:59:59 EST
    expect(localToday('America/New_York', at('2024-11-04T05:00:00Z'))).toBe('2024-11-04');
  });

  it('follows Europe/London and a half-hour change (Lord Howe Island)', () => {
    expect(localToday('Europe/London', at('2024-03-30T23:59:59Z'))).toBe('2024-03-30');
    expect(localToday('Europe/London', at('2024-10-26T23:00:00Z'))).toBe('2024-10-27'); // 00:00 BST
    // Lord Howe moves by half an hour: midnight is at +11 before its change (2024-04-07) and at +10:30 after.
    expect(localToday('Australia/Lord_Howe', at('2024-04-06T12:59:59Z'))).toBe('2024-04-06');
    expect(localToday('Australia/Lord_Howe', at('2024-04-06T13:00:00Z'))).toBe('2024-04-07');
    expect(localToday('Australia/Lord_Howe', at('2024-04-07T13:29:59Z'))).toBe('2024-04-07');
    expect(localToday('Australia/Lord_Howe', at('2024-04-07T13:30:00Z'))).toBe('2024-04-08');
  });

  it('knows a day that never happened locally (Samoa skipped 2011-12-30)', () => {
    expect(localToday('Pacific/Apia', at('2011-12-30T09:59:59Z'))).toBe('2011-12-29');
    expect(localToday('Pacific/Apia', at('2011-12-30T10:00:00Z'))).toBe('2011-12-31');
  });

  it('falls back to UTC for a zone it does not know', () => {
    expect(localToday('Mars/Olympus_Mons', at('2024-06-15T23:30:00Z'))).toBe('2024-06-15');
  });

  it('reads the local clock for reminders across a change', () => {
    expect(localClock('America/New_York', at('2024-03-10T12:00:00Z'))).toEqual({ date: '2024-03-10', minutes: 8 * 60 }); // 08:00 EDT
    expect(localClock('America/New_York', at('2024-03-09T13:00:00Z'))).toEqual({ date: '2024-03-09', minutes: 8 * 60 }); // 08:00 EST
  });
});

describe('calendar dates', () => {
  it('accepts only real YYYY-MM-DD dates', () => {
    expect(parseIsoDate('2024-02-29')).toBe('2024-02-29');
    for (const bad of ['2023-02-29', '2024-13-01', '2024-1-01', '20240101', '2024-01-01T00:00', ' 2024-01-01', 42, null]) expect(parseIsoDate(bad)).toBeNull();
  });

  it('adds days through month, leap-year and DST boundaries exactly', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-03-09', 2)).toBe('2024-03-11');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(dateOfDay(dayNumber('1999-12-31'))).toBe('1999-12-31');
    expect(dayNumber('2024-03-11') - dayNumber('2024-03-10')).toBe(1);
  });

  it('starts weeks on Monday and months on the 1st', () => {
    expect(dateOfDay(bucketStartDay(dayNumber('2024-03-10'), 'week'))).toBe('2024-03-04'); // a Sunday
    expect(dateOfDay(bucketStartDay(dayNumber('2024-03-11'), 'week'))).toBe('2024-03-11'); // a Monday
    expect(dateOfDay(bucketStartDay(dayNumber('1970-01-01'), 'week'))).toBe('1969-12-29');
    expect(dateOfDay(bucketStartDay(dayNumber('2024-02-29'), 'month'))).toBe('2024-02-01');
    expect(dateOfDay(nextBucketStartDay(dayNumber('2024-12-01'), 'month'))).toBe('2025-01-01');
  });

  it('reads HH:MM times', () => {
    expect(minutesOfTime('00:00')).toBe(0);
    expect(minutesOfTime('23:59')).toBe(1439);
    for (const bad of ['24:00', '7:30', '12:60', '', 'noon']) expect(minutesOfTime(bad)).toBeNull();
  });
});

describe('day numbers', () => {
  it('agree with Date for every day from 1999 to 2101', () => {
    for (let day = Date.UTC(1999, 0, 1) / 86_400_000; day <= Date.UTC(2101, 11, 31) / 86_400_000; day++) {
      const iso = new Date(day * 86_400_000).toISOString().slice(0, 10);
      if (dayNumber(iso) !== day || dateOfDay(day) !== iso) throw new Error(`${iso}: ${dayNumber(iso)} / ${dateOfDay(day)} ≠ ${day}`);
    }
  });
});
