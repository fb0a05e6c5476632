/**
 * The library's public contract: the only way other Haven code reaches this plugin
 * (`import { library } from '@haven/plugin-library/public'`). Plain functions over the plugin's own
 * services, plus the types they speak; nothing else of the plugin is meant to be imported.
 */
import type { BrowserSearchConfig, SearchQuery, SearchResult } from '@haven/shared/library';
import { getService } from './get-service';

export type { BrowserSearchConfig, SearchHit, SearchQuery, SearchResult } from '@haven/shared/library';

export const library = {
  /** One search with the configured engine; an engine failure is a kind 503 (HavenError). */
  search: (query: SearchQuery): Promise<SearchResult> => getService('search').search(query),

  /** How a browser may search by itself (Meilisearch: a search-only key), or { engine: 'database' }. */
  browserConfig: (): Promise<BrowserSearchConfig> => getService('search').browserConfig(),

  /** Rebuilds the whole index from every published resource; reports progress as (done, total). */
  reindex: (onProgress?: (done: number, total: number) => void): Promise<{ total: number }> => getService('search').reindex(onProgress),

  /** Queues a resource's search entry for refresh (never throws; the outbox retries until it succeeds). */
  queueSync: (resourceDocumentId: string): Promise<void> => getService('sync').enqueue(resourceDocumentId),
};
