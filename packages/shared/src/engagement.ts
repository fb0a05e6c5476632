/**
 * The engagement dashboards (admin): what the dashboards plugin builds from wellness', community's and
 * the library's aggregates, and what its admin pages and widgets read.
 *   GET /dashboards/engagement  everything below (plugin::dashboards.engagement, super admins)
 *   GET /dashboards/library     views and searches only (plugin::dashboards.library, editors)
 *   GET /dashboards/moderation  flags and moderation turnaround only (plugin::dashboards.moderation, moderators)
 * Counts only: no score, answer, reflection, account or alias is ever part of these answers.
 */
import type { DayCount } from './usage';

export type { DayCount };

export interface DayRangeInfo {
  from: string;
  to: string;
  days: number;
}

/** Flags still open now: how many, on how many posts and replies, and how long the oldest has waited. */
export interface ModerationWaiting {
  flags: number;
  items: number;
  /** Whole minutes since the oldest open flag was raised; null when nothing waits. */
  oldestMinutes: number | null;
}

/**
 * From an item's first open flag to the moderator's decision on it (approve, hide or remove), for the
 * decisions taken in the range, in whole minutes. Null when no decision was taken.
 */
export interface ModerationTurnaround {
  decisions: number;
  medianMinutes: number | null;
  p90Minutes: number | null;
}

export interface ModerationDay {
  day: string;
  flags: number;
  decisions: number;
}

export interface ModerationReport {
  range: DayRangeInfo;
  days: ModerationDay[];
  totals: { flags: number; decisions: number };
  waiting: ModerationWaiting;
  turnaround: ModerationTurnaround;
  countedAt: string;
}

/** A search people made, normalised (trimmed, lower-cased, bounded), and how often it was made in the range. */
export interface SearchCount {
  query: string;
  searches: number;
  /** Of those searches, how many found nothing. */
  noResults: number;
}

/** A published resource and how many times it was viewed in the range. */
export interface ResourceViews {
  /** The resource's documentId. */
  id: string;
  slug: string;
  title: string;
  views: number;
}

export interface LibraryDay {
  day: string;
  views: number;
  searches: number;
  noResults: number;
}

export interface LibraryReport {
  range: DayRangeInfo;
  days: LibraryDay[];
  totals: { views: number; searches: number; noResults: number };
  /** Most viewed resources, most first. */
  topResources: ResourceViews[];
  /** Most frequent searches, most first. */
  topSearches: SearchCount[];
  /** Searches that found nothing, most frequent first: what editors could write next. */
  noResultSearches: SearchCount[];
  countedAt: string;
}

/** One day of the wellness and community charts. */
export interface EngagementDay {
  day: string;
  /** Check-ins, on the person's own day they are for. */
  checkIns: number;
  /** PHQ-9 and GAD-7 taken (UTC day), counted, never scored here. */
  assessments: number;
  posts: number;
  replies: number;
}

export interface EngagementReport {
  range: DayRangeInfo;
  days: EngagementDay[];
  totals: { checkIns: number; assessments: number; posts: number; replies: number };
  moderation: Omit<ModerationReport, 'range' | 'countedAt'>;
  library: Omit<LibraryReport, 'range' | 'countedAt'>;
  countedAt: string;
}

/** How many of the top searches and resources an answer lists. */
export const TOP_LIMIT = 10;
