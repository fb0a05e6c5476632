import { describe, expect, it } from 'vitest';
import { parseQuietHours, quietUntil } from '../quiet-hours';

const NIGHT = { start: '22:00', end: '07:00' };
const at = (iso: string) => new Date(iso);
const iso = (date: Date | null) => date?.toISOString() ?? null;

describe('quietUntil: when a therapist may be mailed', () => {
  it('sends at once without quiet hours', () => {
    expect(quietUntil(null, at('2026-06-01T03:00:00Z'), 'UTC')).toBeNull();
  });

  it('holds a notice across midnight until the morning, before and after midnight', () => {
    expect(iso(quietUntil(NIGHT, at('2026-06-01T22:00:00Z'), 'UTC'))).toBe('2026-06-02T07:00:00.000Z');
    expect(iso(quietUntil(NIGHT, at('2026-06-01T23:59:59Z'), 'UTC'))).toBe('2026-06-02T07:00:00.000Z');
    expect(iso(quietUntil(NIGHT, at('2026-06-02T00:00:00Z'), 'UTC'))).toBe('2026-06-02T07:00:00.000Z');
    expect(iso(quietUntil(NIGHT, at('2026-06-02T06:59:59Z'), 'UTC'))).toBe('2026-06-02T07:00:00.000Z');
  });

  it('sends at once outside the window; the end is exclusive, the start inclusive', () => {
    expect(quietUntil(NIGHT, at('2026-06-02T07:00:00Z'), 'UTC')).toBeNull();
    expect(quietUntil(NIGHT, at('2026-06-02T12:00:00Z'), 'UTC')).toBeNull();
    expect(quietUntil(NIGHT, at('2026-06-02T21:59:59Z'), 'UTC')).toBeNull();
  });

  it('handles a window inside one day', () => {
    const lunch = { start: '12:00', end: '13:30' };
    expect(iso(quietUntil(lunch, at('2026-06-02T12:10:00Z'), 'UTC'))).toBe('2026-06-02T13:30:00.000Z');
    expect(quietUntil(lunch, at('2026-06-02T11:59:00Z'), 'UTC')).toBeNull();
    expect(quietUntil(lunch, at('2026-06-02T13:30:00Z'), 'UTC')).toBeNull();
  });

  it('reads the hours in the therapist’s own zone, far from UTC on either side', () => {
    // 14:00 UTC is midnight in Kiritimati (UTC+14): quiet there until 07:00 local = 17:00 UTC.
    expect(iso(quietUntil(NIGHT, at('2026-06-01T14:00:00Z'), 'Pacific/Kiritimati'))).toBe('2026-06-01T17:00:00.000Z');
    // 10:00 UTC is 23:00 the day before in Pago Pago (UTC−11): quiet until 07:00 local the next day = 18:00 UTC.
    expect(iso(quietUntil(NIGHT, at('2026-06-02T10:00:00Z'), 'Pacific/Pago_Pago'))).toBe('2026-06-02T18:00:00.000Z');
    // A half-hour zone: 03:00 UTC is 08:30 in Kolkata, after the window: at once.
    expect(quietUntil(NIGHT, at('2026-06-02T03:00:00Z'), 'Asia/Kolkata')).toBeNull();
    // 20:00 UTC is 01:30 in Kolkata: until 07:00 local = 01:30 UTC.
    expect(iso(quietUntil(NIGHT, at('2026-06-01T20:00:00Z'), 'Asia/Kolkata'))).toBe('2026-06-02T01:30:00.000Z');
    // The same instant, a quiet hour for one therapist and a working hour for another.
    const instant = at('2026-06-02T05:00:00Z');
    expect(iso(quietUntil(NIGHT, instant, 'Europe/London'))).toBe('2026-06-02T06:00:00.000Z'); // 06:00 BST
    expect(iso(quietUntil(NIGHT, instant, 'America/New_York'))).toBe('2026-06-02T11:00:00.000Z'); // 01:00 EDT
    expect(quietUntil(NIGHT, instant, 'Asia/Tokyo')).toBeNull(); // 14:00 JST
  });

  it('counts an unknown zone as UTC rather than losing the notice', () => {
    expect(iso(quietUntil(NIGHT, at('2026-06-01T23:00:00Z'), 'Not/AZone'))).toBe('2026-06-02T07:00:00.000Z');
  });

  describe('America/New_York on the daylight-saving days', () => {
    const NY = 'America/New_York';
    it('spring forward (8 March 2026, 02:00 EST → 03:00 EDT): the night is an hour shorter, 07:00 is EDT', () => {
      // 23:00 EST on the 7th (04:00 UTC on the 8th) → 07:00 EDT on the 8th = 11:00 UTC.
      expect(iso(quietUntil(NIGHT, at('2026-03-08T04:00:00Z'), NY))).toBe('2026-03-08T11:00:00.000Z');
      // 01:30 EST (06:30 UTC), just before the change: the same end.
      expect(iso(quietUntil(NIGHT, at('2026-03-08T06:30:00Z'), NY))).toBe('2026-03-08T11:00:00.000Z');
      // 03:30 EDT (07:30 UTC), just after it.
      expect(iso(quietUntil(NIGHT, at('2026-03-08T07:30:00Z'), NY))).toBe('2026-03-08T11:00:00.000Z');
      // 07:00 EDT itself: mailed at once.
      expect(quietUntil(NIGHT, at('2026-03-08T11:00:00Z'), NY)).toBeNull();
    });

    it('spring forward: an end inside the skipped hour moves after it, never before the start', () => {
      const short = { start: '01:00', end: '02:30' };
      // 01:30 EST (06:30 UTC): 02:30 does not exist that night; the notice waits until 03:30 EDT (07:30 UTC).
      expect(iso(quietUntil(short, at('2026-03-08T06:30:00Z'), NY))).toBe('2026-03-08T07:30:00.000Z');
    });

    it('fall back (1 November 2026, 02:00 EDT → 01:00 EST): the night is an hour longer, 07:00 is EST', () => {
      // 23:00 EDT on 31 October (03:00 UTC) → 07:00 EST on 1 November = 12:00 UTC.
      expect(iso(quietUntil(NIGHT, at('2026-11-01T03:00:00Z'), NY))).toBe('2026-11-01T12:00:00.000Z');
      // 01:30 EDT (05:30 UTC) and 01:30 EST (06:30 UTC), the hour lived twice: the same end.
      expect(iso(quietUntil(NIGHT, at('2026-11-01T05:30:00Z'), NY))).toBe('2026-11-01T12:00:00.000Z');
      expect(iso(quietUntil(NIGHT, at('2026-11-01T06:30:00Z'), NY))).toBe('2026-11-01T12:00:00.000Z');
      // 06:59 EST (11:59 UTC): one minute left.
      expect(iso(quietUntil(NIGHT, at('2026-11-01T11:59:00Z'), NY))).toBe('2026-11-01T12:00:00.000Z');
      expect(quietUntil(NIGHT, at('2026-11-01T12:00:00Z'), NY)).toBeNull();
    });

    it('a window starting the evening before a change ends at the local morning time after it', () => {
      // 22:30 EST on 7 March (03:30 UTC on the 8th): the next morning is the first EDT one.
      expect(iso(quietUntil(NIGHT, at('2026-03-08T03:30:00Z'), NY))).toBe('2026-03-08T11:00:00.000Z');
      // 22:30 EDT on 31 October (02:30 UTC on 1 November): the next morning is the first EST one.
      expect(iso(quietUntil(NIGHT, at('2026-11-01T02:30:00Z'), NY))).toBe('2026-11-01T12:00:00.000Z');
    });
  });

  it('parses the setting it is given', () => {
    expect(parseQuietHours('')).toBeNull();
    expect(parseQuietHours('  ')).toBeNull();
    expect(parseQuietHours('21:30-06:45')).toEqual({ start: '21:30', end: '06:45' });
    expect(() => parseQuietHours('21:30-')).toThrow(/SAFETY_QUIET_HOURS/);
  });
});
