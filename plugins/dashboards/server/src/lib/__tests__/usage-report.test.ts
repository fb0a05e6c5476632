import { describe, expect, it } from 'vitest';
import { usageReport } from '../usage-report';

const none = { booked: [], held: [], cancelled: [], declined: [], noShow: [] };
const quiet = { active: [], activeWeeks: [], activePeople: 0, outstanding: { now: [], created: [] } };

describe('usageReport', () => {
  it('gives every day of the range, zero where nothing happened, and totals over the range', () => {
    const report = usageReport(
      {
        days: ['2026-01-01', '2026-01-02', '2026-01-03'],
        signups: [{ day: '2026-01-01', count: 2 }, { day: '2026-01-03', count: 1 }],
        sessions: { ...none, held: [{ day: '2026-01-02', count: 4 }], noShow: [{ day: '2026-01-02', count: 1 }] },
        revenue: [],
        refunds: [],
        ...quiet,
      },
      new Date('2026-01-04T00:00:00Z'),
    );
    expect(report.range).toEqual({ from: '2026-01-01', to: '2026-01-03', days: 3 });
    expect(report.days).toEqual([
      { day: '2026-01-01', signups: 2, active: 0, booked: 0, held: 0, cancelled: 0, declined: 0, noShow: 0 },
      { day: '2026-01-02', signups: 0, active: 0, booked: 0, held: 4, cancelled: 0, declined: 0, noShow: 1 },
      { day: '2026-01-03', signups: 1, active: 0, booked: 0, held: 0, cancelled: 0, declined: 0, noShow: 0 },
    ]);
    expect(report.totals).toEqual({ signups: 3, active: 0, booked: 0, held: 4, cancelled: 0, declined: 0, noShow: 1 });
    expect(report.money).toEqual([]);
    expect(report.countedAt).toBe('2026-01-04T00:00:00.000Z');
  });

  it('keeps money per currency, never adding two currencies together', () => {
    const report = usageReport(
      {
        days: ['2026-01-01', '2026-01-02'],
        signups: [],
        sessions: none,
        revenue: [
          { day: '2026-01-01', currency: 'USD', count: 2, amountMinor: 10000 },
          { day: '2026-01-02', currency: 'EUR', count: 1, amountMinor: 8000 },
        ],
        refunds: [{ day: '2026-01-02', currency: 'USD', count: 1, amountMinor: 2500 }],
        ...quiet,
      },
      new Date(0),
    );
    expect(report.money.map((m) => [m.currency, m.revenueMinor, m.refundsMinor, m.payments, m.refunds])).toEqual([
      ['EUR', 8000, 0, 1, 0],
      ['USD', 10000, 2500, 2, 1],
    ]);
    expect(report.money[1].days).toEqual([
      { day: '2026-01-01', revenueMinor: 10000, refundsMinor: 0, payments: 2, refunds: 0 },
      { day: '2026-01-02', revenueMinor: 0, refundsMinor: 2500, payments: 0, refunds: 1 },
    ]);
  });

  it('gives active people per day, every ISO week the range touches, and the different people of the whole range', () => {
    const report = usageReport(
      {
        days: ['2026-01-04', '2026-01-05', '2026-01-06'], // Sunday, Monday, Tuesday
        signups: [],
        sessions: none,
        revenue: [],
        refunds: [],
        active: [{ day: '2026-01-04', count: 3 }, { day: '2026-01-06', count: 2 }],
        activeWeeks: [{ day: '2025-12-29', count: 5 }],
        activePeople: 4,
        outstanding: { now: [], created: [] },
      },
      new Date(0),
    );
    expect(report.days.map((d) => d.active)).toEqual([3, 0, 2]);
    expect(report.weeks).toEqual([{ week: '2025-12-29', active: 5 }, { week: '2026-01-05', active: 0 }]);
    expect(report.totals.active).toBe(4);
  });

  it('lists outstanding direct payments per currency now, with those created on each day', () => {
    const report = usageReport(
      {
        days: ['2026-01-01', '2026-01-02'],
        signups: [],
        sessions: none,
        revenue: [],
        refunds: [],
        ...quiet,
        outstanding: {
          now: [{ currency: 'USD', count: 3, amountMinor: 30000 }, { currency: 'EUR', count: 1, amountMinor: 9000 }],
          created: [{ day: '2026-01-02', currency: 'USD', count: 1, amountMinor: 12000 }],
        },
      },
      new Date(0),
    );
    expect(report.outstanding).toEqual([
      { currency: 'EUR', count: 1, amountMinor: 9000, days: [{ day: '2026-01-01', count: 0, amountMinor: 0 }, { day: '2026-01-02', count: 0, amountMinor: 0 }] },
      { currency: 'USD', count: 3, amountMinor: 30000, days: [{ day: '2026-01-01', count: 0, amountMinor: 0 }, { day: '2026-01-02', count: 1, amountMinor: 12000 }] },
    ]);
  });
});
