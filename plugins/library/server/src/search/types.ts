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
  timeMinutes: number;
  publishedAt: number; // epoch milliseconds
}

export interface SearchQuery {
  q: string;
  categories: string[];
  kinds: string[];
  page: number;
  pageSize: number;
}

export interface SearchHit {
  id: string;
  slug: string;
  title: string;
  summary: string;
  kind: string;
  categories: string[];
  coverUrl: string | null;
  timeMinutes: number;
  publishedAt: string;
  /** HTML-escaped text where matches are wrapped in <mark>…</mark>: safe to render as HTML. */
  highlight: { title: string; summary: string };
}

export interface SearchResult {
  engine: 'database' | 'meilisearch';
  query: string;
  hits: SearchHit[];
  facets: { category: Record<string, number>; kind: Record<string, number> };
  page: number;
  pageSize: number;
  total: number;
  pageCount: number;
  processingTimeMs: number;
}

/** What a browser needs to search by itself (Meilisearch only), never an admin key. */
export interface BrowserSearchConfig {
  engine: 'database' | 'meilisearch';
  host?: string;
  apiKey?: string;
  indexUid?: string;
}

/** The one interface both engines implement. */
export interface SearchEngine {
  readonly name: 'database' | 'meilisearch';
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
