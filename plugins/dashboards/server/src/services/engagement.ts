/**
 * The engagement dashboards: wellness (check-ins, assessments), community (posts, replies, flags,
 * moderation turnaround) and library (views, searches) over a range of UTC days, each series one
 * aggregate query in the plugin that owns the data, cached per range for `cacheSeconds` (config.ts).
 * The library and moderation figures are also answered alone, for the Editor's and the Moderator's
 * widgets; the full report reuses the library's cached answer and asks community's counts once.
 */
import { community, type CommunityActivity } from '@haven/plugin-community/public';
import { library } from '@haven/plugin-library/public';
import { wellness } from '@haven/plugin-wellness/public';
import { TOP_LIMIT } from '@haven/shared/engagement';
import { config } from '../get-service';
import { engagementReport, libraryReport, moderationReport, type EngagementReport, type LibraryReport, type ModerationReport } from '../lib/engagement-report';
import type { DayRange } from '../lib/range';
import { ttlCache } from '../lib/ttl-cache';

export type { EngagementReport, LibraryReport, ModerationReport };

const keyOf = (range: DayRange) => `${range.from}/${range.to}`;

export default () => {
  const ttl = () => config().cacheSeconds * 1000;
  const engagementCache = ttlCache<EngagementReport>(ttl);
  const libraryCache = ttlCache<LibraryReport>(ttl);
  const moderationCache = ttlCache<ModerationReport>(ttl);

  async function countLibrary(range: DayRange): Promise<LibraryReport> {
    const span = { firstDay: range.from, lastDay: range.to };
    const [views, searches, topResources, topSearches, noResultSearches] = await Promise.all([
      library.viewsPerDay(span),
      library.searchesPerDay(span),
      library.topResources(span, TOP_LIMIT),
      library.topSearches(span, TOP_LIMIT),
      library.noResultSearches(span, TOP_LIMIT),
    ]);
    return libraryReport(range, { views, searches: searches.searches, noResults: searches.noResults, topResources, topSearches, noResultSearches }, new Date());
  }

  /** The moderation figures, from community's activity per day (asked once by the caller, who may need its other series too). */
  async function countModeration(range: DayRange, activity: Promise<CommunityActivity>): Promise<ModerationReport> {
    const [{ flags, decisions }, turnaround, open] = await Promise.all([activity, community.moderationTurnaround(range.start, range.end), community.openFlags()]);
    return moderationReport(range, { flags, decisions, turnaround, open }, new Date());
  }

  const service = {
    /** Views, searches, top resources and searches with no result (cached briefly per range). */
    library: (range: DayRange): Promise<LibraryReport> => libraryCache.get(keyOf(range), () => countLibrary(range)),

    /** Flags and decisions per day, flags waiting, turnaround (cached briefly per range). */
    moderation: (range: DayRange): Promise<ModerationReport> => moderationCache.get(keyOf(range), () => countModeration(range, community.activityPerDay(range.start, range.end))),

    /** Everything: wellness and community activity per day, with the library and moderation figures. */
    report(range: DayRange): Promise<EngagementReport> {
      return engagementCache.get(keyOf(range), async () => {
        const posts = community.activityPerDay(range.start, range.end);
        const [checks, postsPerDay, libraryFigures, moderationFigures] = await Promise.all([
          wellness.activityPerDay(range.start, range.end),
          posts,
          service.library(range),
          countModeration(range, posts),
        ]);
        const activity = { checkIns: checks.checkIns, assessments: checks.assessments, posts: postsPerDay.posts, replies: postsPerDay.replies };
        return engagementReport(range, activity, libraryFigures, moderationFigures, new Date());
      });
    },
  };
  return service;
};
