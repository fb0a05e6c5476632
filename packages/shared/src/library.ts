/** The resource library's vocabulary and the search API's shapes, as the CMS answers and the site reads them. */

export const RESOURCE_KINDS = ['article', 'video', 'audio', 'worksheet', 'link'] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

export const KIND_LABELS: Record<ResourceKind, { one: string; many: string }> = {
  article: { one: 'Article', many: 'Articles' },
  video: { one: 'Video', many: 'Videos' },
  audio: { one: 'Audio', many: 'Audio' },
  worksheet: { one: 'Worksheet', many: 'Worksheets' },
  link: { one: 'Link', many: 'Links' },
};

export const isKind = (value: unknown): value is ResourceKind => typeof value === 'string' && (RESOURCE_KINDS as readonly string[]).includes(value);

/** Characters of a search query that count: longer queries are cut, not refused. */
export const MAX_QUERY_LENGTH = 200;
/** Values of one filter (categories, kinds) a search may name. */
export const MAX_FILTER_VALUES = 10;

export type SearchEngineName = 'database' | 'meilisearch';

/** What a search asks for: `page` counts from 1. */
export interface SearchQuery {
  q: string;
  categories: string[];
  kinds: string[];
  page: number;
  pageSize: number;
}

/** One hit of GET /api/library/search. */
export interface SearchHit {
  /** The resource's documentId. */
  id: string;
  slug: string;
  title: string;
  summary: string;
  kind: string;
  /** Category slugs. */
  categories: string[];
  coverUrl: string | null;
  durationMinutes: number;
  publishedAt: string;
  /** HTML-escaped text where matches are wrapped in <mark>…</mark>. */
  highlight: { title: string; summary: string };
}

/** GET /api/library/search: the same answer whichever engine runs. */
export interface SearchResult {
  engine: SearchEngineName;
  query: string;
  hits: SearchHit[];
  facets: { category: Record<string, number>; kind: Record<string, number> };
  page: number;
  pageSize: number;
  total: number;
  pageCount: number;
  processingTimeMs: number;
}

/** GET /api/library/search/config: what a browser needs to search by itself (Meilisearch only), never an admin key. */
export interface BrowserSearchConfig {
  engine: SearchEngineName;
  host?: string;
  apiKey?: string;
  indexUid?: string;
}
