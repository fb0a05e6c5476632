/** The engagement answers' assembly: every day present, totals, percentiles from a minutes distribution, waiting time. */
import { describe, expect, it } from 'vitest';
import { engagementReport, libraryReport, moderationReport, percentileOf, turnaroundOf, waitingOf } from '../engagement-report';

const DAYS = { days: ['2026-01-01', '2026-01-02', '2026-01-03'] };
const AT = new Date('2026-01-04T00:00:00.000Z');

describe('percentileOf', () => {
  it('takes the nearest rank of a distribution, null when empty', () => {
    const spread = [
      { minutes: 120, items: 1 },
      { minutes: 5, items: 1 },
      { minutes: 30, items: 1 },
    ];
    expect(percentileOf(spread, 0.5)).toBe(30);
    expect(percentileOf(spread, 0.9)).toBe(120);
    expect(percentileOf([{ minutes: 7, items: 10 }], 0.9)).toBe(7);
    expect(percentileOf([{ minutes: 1, items: 9 }, { minutes: 60, items: 1 }], 0.9)).toBe(1);
    expect(percentileOf([{ minutes: 1, items: 8 }, { minutes: 60, items: 2 }], 0.9)).toBe(60);
    expect(percentileOf([], 0.5)).toBeNull();
    expect(turnaroundOf([])).toEqual({ decisions: 0, medianMinutes: null, p90Minutes: null });
  });

  it('says how long the oldest open flag has waited, in whole minutes', () => {
    expect(waitingOf({ flags: 2, items: 1, oldestAt: AT.getTime() - 90.5 * 60_000 }, AT.getTime())).toEqual({ flags: 2, items: 1, oldestMinutes: 90 });
    expect(waitingOf({ flags: 0, items: 0, oldestAt: null }, AT.getTime())).toEqual({ flags: 0, items: 0, oldestMinutes: null });
  });
});

describe('reports', () => {
  it('fills every day of the range and totals it', () => {
    const library = libraryReport(
      DAYS,
      { views: [{ day: '2026-01-02', count: 4 }], searches: [{ day: '2026-01-01', count: 2 }, { day: '2026-01-03', count: 1 }], noResults: [{ day: '2026-01-03', count: 1 }], topResources: [], topSearches: [], noResultSearches: [] },
      AT,
    );
    expect(library.days).toEqual([
      { day: '2026-01-01', views: 0, searches: 2, noResults: 0 },
      { day: '2026-01-02', views: 4, searches: 0, noResults: 0 },
      { day: '2026-01-03', views: 0, searches: 1, noResults: 1 },
    ]);
    expect(library.totals).toEqual({ views: 4, searches: 3, noResults: 1 });
    expect(library.range).toEqual({ from: '2026-01-01', to: '2026-01-03', days: 3 });

    const moderation = moderationReport(DAYS, { flags: [{ day: '2026-01-01', count: 3 }], decisions: [{ day: '2026-01-02', count: 1 }], turnaround: [{ minutes: 12, items: 1 }], open: { flags: 0, items: 0, oldestAt: null } }, AT);
    expect(moderation.totals).toEqual({ flags: 3, decisions: 1 });
    expect(moderation.turnaround).toEqual({ decisions: 1, medianMinutes: 12, p90Minutes: 12 });

    const activity = { checkIns: [{ day: '2026-01-03', count: 5 }], assessments: [], posts: [{ day: '2026-01-01', count: 1 }], replies: [] };
    const report = engagementReport(DAYS, activity, library, moderation, AT);
    expect(report.days[2]).toEqual({ day: '2026-01-03', checkIns: 5, assessments: 0, posts: 0, replies: 0 });
    expect(report.totals).toEqual({ checkIns: 5, assessments: 0, posts: 1, replies: 0 });
    expect(Object.keys(report.library).sort()).toEqual(['days', 'noResultSearches', 'topResources', 'topSearches', 'totals']);
    expect(Object.keys(report.moderation).sort()).toEqual(['days', 'totals', 'turnaround', 'waiting']);
  });
});
