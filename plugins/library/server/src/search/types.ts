import type { BrowserSearchConfig, SearchEngineName, SearchQuery, SearchResult } from '@haven/shared/library';

export type { BrowserSearchConfig, SearchHit, SearchQuery, SearchResult } from '@haven/shared/library';

/** One resource as the search engines store it: published content only, flattened. */
export interface SearchDocument {
  id: string; // the resource's documentId
  slug: string;
  title: string;
  summary: string;
  body: string; // plain text
  kind: string;
  categories: string[]; // category slugs
  categoryNames: string[];
  tags: string[];
  coverUrl: string | null;
  durationMinutes: number;
  publishedAt: number; // epoch milliseconds
}

/** The one interface both engines implement. */
export interface SearchEngine {
  readonly name: SearchEngineName;
  /** Set by init() when the stored index had an older shape and was emptied: it must be rebuilt. */
  needsRebuild?: boolean;
  /** Creates tables or applies index settings; safe to run at every start. */
  init(): Promise<void>;
  upsert(documents: SearchDocument[]): Promise<void>;
  remove(ids: string[]): Promise<void>;
  /** Empties the index before a full rebuild. */
  clear(): Promise<void>;
  search(query: SearchQuery): Promise<SearchResult>;
  browserConfig(): Promise<BrowserSearchConfig>;
  destroy?(): Promise<void>;
}
