import { describe, expect, it } from 'vitest';
import { availabilityBody } from '../availability-form';
import { clockHint, clockLocale, clockOf, formatClock, formatInstantClock, quarterHours } from '../clock';

describe('the viewer\'s clock format', () => {
  it('follows the language: 12-hour for en-US, 24-hour for en-GB and de', () => {
    expect(clockOf('en-US')).toBe('h12');
    expect(clockOf('en-GB')).toBe('h23');
    expect(clockOf('de-DE')).toBe('h23');
    expect(formatClock('09:00', 'en-US', 'h12')).toBe('9:00 AM');
    expect(formatClock('17:30', 'en-US', 'h12')).toBe('5:30 PM');
    expect(formatClock('09:00', 'en-GB', 'h23')).toBe('09:00');
    expect(formatClock('24:00', 'en-GB', 'h23')).toBe('24:00');
    expect(formatClock('24:00', 'en-US', 'h12')).toBe('12:00 AM (midnight)');
    expect(formatInstantClock('2026-12-07T17:00:00Z', 'America/Los_Angeles', 'en-US', 'h12')).toBe('9:00 AM');
    expect(clockHint('en-US', 'h12')).toContain('12-hour format');
    expect(clockHint('en-GB', 'h23')).toContain('09:00 to 17:30');
  });

  it('falls back to en-GB for a missing or malformed language', () => {
    expect(clockLocale(null)).toBe('en-GB');
    expect(clockLocale('not a tag!')).toBe('en-GB');
    expect(clockLocale('en-US')).toBe('en-US');
  });

  it('offers quarter hours, with 24:00 as an end', () => {
    expect(quarterHours(false)).toHaveLength(96);
    expect(quarterHours(true).at(-1)).toBe('24:00');
  });
});

describe('the availability form body', () => {
  it('reads blocks, keeps overrides and numbers, and turns an old 23:59 end into 24:00', () => {
    const form = new FormData();
    form.set('timeZone', 'Europe/Berlin');
    form.set('d1b0start', '09:00');
    form.set('d1b0end', '23:59');
    form.set('d3b1start', '14:00');
    form.set('d3b1end', '');
    form.append('keepOverride', JSON.stringify({ date: '2027-01-04', kind: 'off' }));
    form.append('keepOverride', '{broken');
    form.set('incrementMinutes', '30');
    form.set('maxPerDay', '');
    const body = availabilityBody(form);
    expect(body.weeklyHours).toEqual([
      { weekday: 1, start: '09:00', end: '24:00' },
      { weekday: 3, start: '14:00', end: '' },
    ]);
    expect(body.overrides).toEqual([{ date: '2027-01-04', kind: 'off' }]);
    expect(body.incrementMinutes).toBe(30);
    expect(body.maxPerDay).toBeNull();
  });
});
