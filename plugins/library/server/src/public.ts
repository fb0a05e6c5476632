/**
 * The library's public contract: the only way other Haven code reaches this plugin
 * (`import { library } from '@haven/plugin-library/public'`). Plain functions over the plugin's own
 * services, plus the types they speak; nothing else of the plugin is meant to be imported.
 */
import type { BrowserSearchConfig, SearchQuery, SearchResult } from '@haven/shared/library';
import { getService } from './get-service';
import type { DaySpan, DayTotal, QueryCount, ResourceViewCount, SearchDays } from './services/engagement';
import { personalData } from './personal-data';

export type { BrowserSearchConfig, SearchHit, SearchQuery, SearchResult } from '@haven/shared/library';
export type { DaySpan, DayTotal, QueryCount, ResourceViewCount, SearchDays };

export const library = {
  /** The person's data this plugin holds, for issue 20's export and erasure (./personal-data.ts). */
  personalData,
  /** One search with the configured engine; an engine failure is a kind 503 (HavenError). */
  search: (query: SearchQuery): Promise<SearchResult> => getService('search').search(query),

  /** How a browser may search by itself (Meilisearch: a search-only key), or { engine: 'database' }. */
  browserConfig: (): Promise<BrowserSearchConfig> => getService('search').browserConfig(),

  /** Rebuilds the whole index from every published resource; reports progress as (done, total). */
  reindex: (onProgress?: (done: number, total: number) => void): Promise<{ total: number }> => getService('search').reindex(onProgress),

  /** Queues a resource's search entry for refresh (never throws; the outbox retries until it succeeds). */
  queueSync: (resourceDocumentId: string): Promise<void> => getService('sync').enqueue(resourceDocumentId),

  // Staff dashboards: counts over UTC days ('YYYY-MM-DD', both ends included), one grouped query each, never who.
  /** Searches per day, and how many of them found nothing. */
  searchesPerDay: (span: DaySpan): Promise<SearchDays> => getService('engagement').searchesPerDay(span),
  /** The most frequent normalised queries. */
  topSearches: (span: DaySpan, limit: number): Promise<QueryCount[]> => getService('engagement').topSearches(span, limit),
  /** The queries that most often found nothing: what editors could write next. */
  noResultSearches: (span: DaySpan, limit: number): Promise<QueryCount[]> => getService('engagement').noResultSearches(span, limit),
  /** Resource views per day (each visitor at most once per resource and day). */
  viewsPerDay: (span: DaySpan): Promise<DayTotal[]> => getService('engagement').viewsPerDay(span),
  /** The most viewed resources, with their published slug and title. */
  topResources: (span: DaySpan, limit: number): Promise<ResourceViewCount[]> => getService('engagement').topResources(span, limit),

  // The demo seed's past: a search or a view at a given time, counted as the routes count them (once per visitor and day).
  /** A first-page search for `query` that found `found` resources at `at`, by `visitor` (any stable key, hashed in memory only). */
  recordSearch: (visitor: string, query: string, found: number, at: Date): Promise<void> => getService('engagement').recordSearch(visitor, query, found, 1, at.getTime()),
  /** A view of the published resource `slug` at `at` (a NotFound HavenError when it has none). */
  recordView: (visitor: string, slug: string, at: Date): Promise<void> => getService('engagement').recordView(visitor, slug, at.getTime()),
};
