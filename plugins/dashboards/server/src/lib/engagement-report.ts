/**
 * The engagement dashboards' answers, assembled from the owners' aggregates: every day of the range
 * present (0 where nothing happened), totals over the range, moderation turnaround as median and 90th
 * percentile of a minutes distribution (counted in SQL, so no row is read here). Counts only: nothing
 * in them says who. Pure (no Strapi), unit-tested; the answer's types live in @haven/shared/engagement.
 */
import type { DayCount } from '@haven/shared/usage';
import type {
  EngagementDay,
  EngagementReport,
  LibraryDay,
  LibraryReport,
  ModerationDay,
  ModerationReport,
  ModerationTurnaround,
  ModerationWaiting,
  ResourceViews,
  SearchCount,
} from '@haven/shared/engagement';

export type { EngagementReport, LibraryReport, ModerationReport };

const MINUTE_MS = 60_000;

export interface RangeDays {
  /** Every UTC day of the range, in order. */
  days: string[];
}

export interface LibraryInputs {
  views: DayCount[];
  searches: DayCount[];
  noResults: DayCount[];
  topResources: ResourceViews[];
  topSearches: SearchCount[];
  noResultSearches: SearchCount[];
}

export interface ModerationInputs {
  flags: DayCount[];
  decisions: DayCount[];
  /** Decided items per whole minute waited. */
  turnaround: { minutes: number; items: number }[];
  open: { flags: number; items: number; oldestAt: number | null };
}

export interface ActivityInputs {
  checkIns: DayCount[];
  assessments: DayCount[];
  posts: DayCount[];
  replies: DayCount[];
}

const byDay = (counts: DayCount[]) => new Map(counts.map((c) => [c.day, c.count]));
const sum = (values: number[]) => values.reduce((total, n) => total + n, 0);
const rangeOf = (days: string[]) => ({ from: days[0], to: days[days.length - 1], days: days.length });

/** Each day of `days` with each series' count on it (0 when absent). */
function perDay<Key extends string>(days: string[], series: Record<Key, DayCount[]>): ({ day: string } & Record<Key, number>)[] {
  const maps = Object.entries<DayCount[]>(series).map(([key, counts]) => [key, byDay(counts)] as const);
  return days.map((day) => Object.fromEntries([['day', day], ...maps.map(([key, counts]) => [key, counts.get(day) ?? 0])]) as { day: string } & Record<Key, number>);
}

function totalsOf<Key extends string>(rows: Record<Key, number>[], keys: readonly Key[]): Record<Key, number> {
  return Object.fromEntries(keys.map((key) => [key, sum(rows.map((row) => row[key]))])) as Record<Key, number>;
}

/**
 * The smallest value with at least `share` of the items at or below it (the nearest-rank percentile),
 * from a distribution of (value, items); null for an empty one.
 */
export function percentileOf(distribution: { minutes: number; items: number }[], share: number): number | null {
  const sorted = [...distribution].filter((b) => b.items > 0).sort((a, b) => a.minutes - b.minutes);
  const total = sum(sorted.map((b) => b.items));
  if (!total) return null;
  const rank = Math.max(1, Math.ceil(share * total));
  let seen = 0;
  for (const bucket of sorted) {
    seen += bucket.items;
    if (seen >= rank) return bucket.minutes;
  }
  return sorted[sorted.length - 1].minutes;
}

export function turnaroundOf(distribution: ModerationInputs['turnaround']): ModerationTurnaround {
  return {
    decisions: sum(distribution.map((b) => b.items)),
    medianMinutes: percentileOf(distribution, 0.5),
    p90Minutes: percentileOf(distribution, 0.9),
  };
}

export function waitingOf(open: ModerationInputs['open'], now: number): ModerationWaiting {
  return { flags: open.flags, items: open.items, oldestMinutes: open.oldestAt === null ? null : Math.max(0, Math.floor((now - open.oldestAt) / MINUTE_MS)) };
}

export function libraryReport(range: RangeDays, input: LibraryInputs, countedAt: Date): LibraryReport {
  const days: LibraryDay[] = perDay(range.days, { views: input.views, searches: input.searches, noResults: input.noResults });
  return {
    range: rangeOf(range.days),
    days,
    totals: totalsOf(days, ['views', 'searches', 'noResults'] as const),
    topResources: input.topResources,
    topSearches: input.topSearches,
    noResultSearches: input.noResultSearches,
    countedAt: countedAt.toISOString(),
  };
}

export function moderationReport(range: RangeDays, input: ModerationInputs, countedAt: Date): ModerationReport {
  const days: ModerationDay[] = perDay(range.days, { flags: input.flags, decisions: input.decisions });
  return {
    range: rangeOf(range.days),
    days,
    totals: totalsOf(days, ['flags', 'decisions'] as const),
    waiting: waitingOf(input.open, countedAt.getTime()),
    turnaround: turnaroundOf(input.turnaround),
    countedAt: countedAt.toISOString(),
  };
}

export function engagementReport(range: RangeDays, activity: ActivityInputs, library: LibraryReport, moderation: ModerationReport, countedAt: Date): EngagementReport {
  const days: EngagementDay[] = perDay(range.days, activity);
  return {
    range: rangeOf(range.days),
    days,
    totals: totalsOf(days, ['checkIns', 'assessments', 'posts', 'replies'] as const),
    moderation: { days: moderation.days, totals: moderation.totals, waiting: moderation.waiting, turnaround: moderation.turnaround },
    library: {
      days: library.days,
      totals: library.totals,
      topResources: library.topResources,
      topSearches: library.topSearches,
      noResultSearches: library.noResultSearches,
    },
    countedAt: countedAt.toISOString(),
  };
}
