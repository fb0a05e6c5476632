import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { claimRange } from '../claims';
import { refundFor } from '../policy';
import { defaultRules, type AvailabilityRules, type Weekday } from '../rules';
import { explainStart, freeSlots, weeklyOccurrences, type ActiveBooking, type SlotContext } from '../slots';

const utc = (iso: string) => DateTime.fromISO(iso, { zone: 'utc' }).toMillis();
const iso = (ms: number) => new Date(ms).toISOString().replace('.000', '');

function rules(zone: string, overrides: Partial<AvailabilityRules> = {}): AvailabilityRules {
  return { ...defaultRules(zone, 24), minNoticeHours: 0, bufferAfterMinutes: 0, horizonDays: 365, ...overrides };
}

const every = (days: Weekday[], start: string, end: string) => days.map((weekday) => ({ weekday, start, end }));

function ctx(r: AvailabilityRules, now: string, sessionMinutes = 60, bookings: ActiveBooking[] = []): SlotContext {
  return { rules: r, sessionMinutes, now: utc(now), bookings, externalBusy: [] };
}

const booking = (start: string, minutes: number, before = 0, after = 0): ActiveBooking => {
  const s = utc(start);
  const e = s + minutes * 60_000;
  return { start: s, end: e, units: claimRange(s, e, before, after) };
};

describe('slots across daylight-saving changes', () => {
  it('America/New_York, spring forward on 2026-03-08: 00:00–06:00 local holds five real hours', () => {
    const r = rules('America/New_York', { weeklyHours: every([7], '00:00', '06:00'), incrementMinutes: 60 });
    const slots = freeSlots(ctx(r, '2026-03-01T00:00:00Z'), utc('2026-03-08T00:00:00Z'), utc('2026-03-09T00:00:00Z'));
    expect(slots.map(iso)).toEqual(['2026-03-08T05:00:00Z', '2026-03-08T06:00:00Z', '2026-03-08T07:00:00Z', '2026-03-08T08:00:00Z', '2026-03-08T09:00:00Z']);
    // Wall-clock times the therapist sees: 02:00 does not exist that night.
    expect(slots.map((s) => DateTime.fromMillis(s, { zone: 'America/New_York' }).toFormat('HH:mm'))).toEqual(['00:00', '01:00', '03:00', '04:00', '05:00']);
  });

  it('America/New_York, fall back on 2026-11-01: 01:00 happens twice and both are offered', () => {
    const r = rules('America/New_York', { weeklyHours: every([7], '00:00', '04:00'), incrementMinutes: 60 });
    const slots = freeSlots(ctx(r, '2026-10-20T00:00:00Z'), utc('2026-11-01T00:00:00Z'), utc('2026-11-02T00:00:00Z'));
    expect(slots.map(iso)).toEqual(['2026-11-01T04:00:00Z', '2026-11-01T05:00:00Z', '2026-11-01T06:00:00Z', '2026-11-01T07:00:00Z', '2026-11-01T08:00:00Z']);
    expect(slots.map((s) => DateTime.fromMillis(s, { zone: 'America/New_York' }).toFormat('HH:mm ZZZZ'))).toEqual(['00:00 EDT', '01:00 EDT', '01:00 EST', '02:00 EST', '03:00 EST']);
  });

  it('Europe/Berlin, 2026-03-29: 09:00 local moves from 08:00Z to 07:00Z', () => {
    const r = rules('Europe/Berlin', { weeklyHours: every([5, 6, 7, 1], '09:00', '10:00') });
    const slots = freeSlots(ctx(r, '2026-03-20T00:00:00Z'), utc('2026-03-27T00:00:00Z'), utc('2026-03-31T00:00:00Z'));
    expect(slots.map(iso)).toEqual(['2026-03-27T08:00:00Z', '2026-03-28T08:00:00Z', '2026-03-29T07:00:00Z', '2026-03-30T07:00:00Z']);
  });

  it('a Berlin therapist and a New York client on opposite sides of a change: the client sees 03:00, then 04:00, then 03:00', () => {
    // New York changes on 8 March, Berlin on 29 March: for three weeks the gap is five hours, not six.
    const r = rules('Europe/Berlin', { weeklyHours: every([1], '09:00', '10:00') });
    const slots = freeSlots(ctx(r, '2026-02-25T00:00:00Z'), utc('2026-03-02T00:00:00Z'), utc('2026-04-07T00:00:00Z'));
    const inNewYork = slots.map((s) => DateTime.fromMillis(s, { zone: 'America/New_York' }).toFormat('yyyy-MM-dd HH:mm'));
    expect(inNewYork).toEqual(['2026-03-02 03:00', '2026-03-09 04:00', '2026-03-16 04:00', '2026-03-23 04:00', '2026-03-30 03:00', '2026-04-06 03:00']);
    // …while the therapist's own wall clock says 09:00 every week.
    expect(new Set(slots.map((s) => DateTime.fromMillis(s, { zone: 'Europe/Berlin' }).toFormat('HH:mm')))).toEqual(new Set(['09:00']));
  });

  it('a weekly series keeps the therapist\'s wall-clock time across their change', () => {
    const weeks = weeklyOccurrences(utc('2026-03-16T08:00:00Z'), 4, 'Europe/Berlin');
    expect(weeks.map(iso)).toEqual(['2026-03-16T08:00:00Z', '2026-03-23T08:00:00Z', '2026-03-30T07:00:00Z', '2026-04-06T07:00:00Z']);
  });
});

describe('sessions that run past midnight', () => {
  // Monday 20:00–24:00 and Tuesday 00:00–01:00 in UTC: one stretch of work across midnight.
  const nights = () => rules('UTC', { weeklyHours: [...every([1], '20:00', '24:00'), ...every([2], '00:00', '01:00')], incrementMinutes: 30 });

  it('offers a 90-minute session that starts before midnight and ends after it', () => {
    const slots = freeSlots(ctx(nights(), '2026-11-30T00:00:00Z', 90), utc('2026-12-07T00:00:00Z'), utc('2026-12-09T00:00:00Z'));
    expect(slots.map(iso)).toEqual(['2026-12-07T20:00:00Z', '2026-12-07T20:30:00Z', '2026-12-07T21:00:00Z', '2026-12-07T21:30:00Z', '2026-12-07T22:00:00Z', '2026-12-07T22:30:00Z', '2026-12-07T23:00:00Z', '2026-12-07T23:30:00Z']);
  });

  it('a round-the-clock week: every hour is a start, also when the session crosses midnight', () => {
    const r = rules('UTC', { weeklyHours: every([1, 2, 3, 4, 5, 6, 7], '00:00', '24:00'), incrementMinutes: 60 });
    const slots = freeSlots(ctx(r, '2026-11-30T00:00:00Z', 90), utc('2026-12-07T22:00:00Z'), utc('2026-12-08T02:00:00Z'));
    expect(slots.map(iso)).toEqual(['2026-12-07T22:00:00Z', '2026-12-07T23:00:00Z', '2026-12-08T00:00:00Z', '2026-12-08T01:00:00Z']);
  });

  it("time off on the next date stops a session that would run into it", () => {
    const r = { ...nights(), overrides: [{ date: '2026-12-08', kind: 'off' as const, start: '00:00', end: '00:30' }] };
    const slots = freeSlots(ctx(r, '2026-11-30T00:00:00Z', 90), utc('2026-12-07T00:00:00Z'), utc('2026-12-09T00:00:00Z'));
    expect(slots.map(iso)).toEqual(['2026-12-07T20:00:00Z', '2026-12-07T20:30:00Z', '2026-12-07T21:00:00Z', '2026-12-07T21:30:00Z', '2026-12-07T22:00:00Z', '2026-12-07T22:30:00Z']);
  });

  it('a stretch that does not touch the next day still ends at its own end', () => {
    const r = rules('UTC', { weeklyHours: [...every([1], '20:00', '23:30'), ...every([2], '00:00', '01:00')], incrementMinutes: 30 });
    const slots = freeSlots(ctx(r, '2026-11-30T00:00:00Z', 90), utc('2026-12-07T00:00:00Z'), utc('2026-12-08T00:00:00Z'));
    expect(slots.map(iso).at(-1)).toBe('2026-12-07T22:00:00Z');
  });
});

describe('slot rules', () => {
  const base = () => rules('UTC', { weeklyHours: every([1, 2, 3, 4, 5], '09:00', '12:00'), incrementMinutes: 30 });

  it('buffers of neighbouring sessions add up', () => {
    const r = { ...base(), bufferBeforeMinutes: 10, bufferAfterMinutes: 10 };
    // Existing 09:00–09:50 session with a 10-minute buffer after: it holds until 10:00.
    const existing = booking('2026-06-01T09:00:00Z', 50, 10, 10);
    const c = ctx(r, '2026-05-25T00:00:00Z', 50, [existing]);
    // 10:00 would need its own 10 minutes before, from 09:50: taken. 10:30 is free.
    expect(explainStart(c, utc('2026-06-01T10:00:00Z'))).toBe('taken');
    expect(explainStart(c, utc('2026-06-01T10:30:00Z'))).toBeNull();
    // Without buffers before, 10:00 is free.
    expect(explainStart({ ...c, rules: { ...r, bufferBeforeMinutes: 0 } }, utc('2026-06-01T10:00:00Z'))).toBeNull();
  });

  it('a longer session elsewhere on the grid still blocks overlapping starts', () => {
    const c = ctx(base(), '2026-05-25T00:00:00Z', 50, [booking('2026-06-01T09:30:00Z', 90)]);
    expect(explainStart(c, utc('2026-06-01T10:30:00Z'))).toBe('taken');
    expect(explainStart(c, utc('2026-06-01T09:00:00Z'))).toBe('taken');
    expect(explainStart(c, utc('2026-06-01T11:00:00Z'))).toBeNull();
  });

  it('refuses starts off the grid, in the past, inside notice and beyond the horizon', () => {
    const r = { ...base(), minNoticeHours: 24, horizonDays: 30 };
    const c = ctx(r, '2026-06-01T08:00:00Z', 50);
    expect(explainStart(c, utc('2026-05-29T09:00:00Z'))).toBe('past');
    expect(explainStart(c, utc('2026-06-01T10:00:00Z'))).toBe('notice');
    expect(explainStart(c, utc('2026-06-03T09:10:00Z'))).toBe('off_grid');
    expect(explainStart(c, utc('2026-06-06T09:00:00Z'))).toBe('off_grid'); // a Saturday
    expect(explainStart(c, utc('2026-07-15T09:00:00Z'))).toBe('horizon');
    expect(explainStart(c, utc('2026-06-03T09:00:00Z'))).toBeNull();
  });

  it('"no same-day bookings" counts calendar days in the therapist\'s zone', () => {
    const r = rules('Asia/Tokyo', { weeklyHours: every([1, 2, 3, 4, 5, 6, 7], '09:00', '18:00'), minNoticeDays: 1 });
    // 08:00Z on 1 June is 17:00 in Tokyo: later that day is refused, the next morning is fine.
    const c = ctx(r, '2026-06-01T07:00:00Z', 50);
    const slots = freeSlots(c, utc('2026-06-01T00:00:00Z'), utc('2026-06-03T00:00:00Z'));
    expect(DateTime.fromMillis(slots[0], { zone: 'Asia/Tokyo' }).toISO()).toBe('2026-06-02T09:00:00.000+09:00');
  });

  it('time off and extra hours on one date, limits per day and per week', () => {
    const r = {
      ...base(),
      overrides: [
        { date: '2026-06-01', kind: 'off' as const },
        { date: '2026-06-02', kind: 'off' as const, start: '10:00', end: '12:00' },
        { date: '2026-06-06', kind: 'extra' as const, start: '14:00', end: '15:00' },
      ],
    };
    const slots = freeSlots(ctx(r, '2026-05-25T00:00:00Z', 60), utc('2026-06-01T00:00:00Z'), utc('2026-06-07T00:00:00Z'));
    const byDay = (day: string) => slots.filter((s) => iso(s).startsWith(day)).map((s) => iso(s).slice(11, 16));
    expect(byDay('2026-06-01')).toEqual([]);
    expect(byDay('2026-06-02')).toEqual(['09:00']);
    expect(byDay('2026-06-06')).toEqual(['14:00']);
    const limited = { ...base(), maxPerDay: 1, maxPerWeek: 2 };
    const c = ctx(limited, '2026-05-25T00:00:00Z', 60, [booking('2026-06-01T09:00:00Z', 60), booking('2026-06-02T09:00:00Z', 60)]);
    expect(explainStart(c, utc('2026-06-01T11:00:00Z'))).toBe('day_limit');
    expect(explainStart(c, utc('2026-06-03T11:00:00Z'))).toBe('week_limit');
    expect(explainStart(c, utc('2026-06-08T11:00:00Z'))).toBeNull();
  });

  it('external busy times block sessions and their buffers', () => {
    const r = { ...base(), bufferAfterMinutes: 15 };
    const c: SlotContext = { ...ctx(r, '2026-05-25T00:00:00Z', 45), externalBusy: [{ start: utc('2026-06-01T09:55:00Z'), end: utc('2026-06-01T10:30:00Z') }] };
    expect(explainStart(c, utc('2026-06-01T09:00:00Z'))).toBe('busy'); // 09:45 + 15 min buffer reaches into 09:55
    expect(explainStart(c, utc('2026-06-01T10:30:00Z'))).toBeNull();
  });
});

describe('cancellation policy', () => {
  const policy = { freeCancellationHours: 24, lateCancellationRefundPercent: 0 };
  const start = utc('2026-06-10T10:00:00Z');
  it('full refund up to 24 h before, none later, always full when the therapist cancels', () => {
    expect(refundFor(policy, 'client', start, start - 25 * 3_600_000, 9000, 'USD')).toEqual({ kind: 'full', percent: 100, amountMinor: 9000, currency: 'USD' });
    expect(refundFor(policy, 'client', start, start - 23 * 3_600_000, 9000, 'USD')).toEqual({ kind: 'none', percent: 0, amountMinor: 0, currency: 'USD' });
    expect(refundFor(policy, 'therapist', start, start - 3_600_000, 9000, 'USD').kind).toBe('full');
  });
  it('a partial late refund in minor units', () => {
    expect(refundFor({ freeCancellationHours: 48, lateCancellationRefundPercent: 50 }, 'client', start, start - 3_600_000, 12345, 'EUR')).toEqual({
      kind: 'partial',
      percent: 50,
      amountMinor: 6173,
      currency: 'EUR',
    });
  });
});

describe('local ISO times', () => {
  it('match luxon exactly, across changes and in zones with odd offsets', async () => {
    const { localIsoTimes } = await import('../slots');
    for (const zone of ['America/New_York', 'Europe/Berlin', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'America/St_Johns', 'UTC']) {
      const instants = Array.from({ length: 2000 }, (_, i) => utc('2026-03-01T00:00:00Z') + i * 15 * 60_000 * 11);
      expect(localIsoTimes(instants, zone)).toEqual(instants.map((ms) => DateTime.fromMillis(ms, { zone }).toISO({ suppressMilliseconds: true })));
    }
  });
});
