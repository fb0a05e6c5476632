import { Meilisearch, type Index } from 'meilisearch';
import type { Core } from '@strapi/strapi';
import type { LibraryConfig } from '../config';
import type { BrowserSearchConfig, SearchDocument, SearchEngine, SearchHit, SearchQuery, SearchResult } from './types';
import { escapeHtml, MAX_QUERY_LENGTH, markedHtml } from './text';

/** Index settings applied at every start: what is searchable, filterable and sortable. */
export const INDEX_SETTINGS = {
  searchableAttributes: ['title', 'summary', 'tags', 'categoryNames', 'body'],
  filterableAttributes: ['categories', 'kind'],
  sortableAttributes: ['publishedAt'],
  displayedAttributes: ['id', 'slug', 'title', 'summary', 'kind', 'categories', 'coverUrl', 'timeMinutes', 'publishedAt'],
  typoTolerance: { enabled: true },
};

/** Meilisearch through its official client; only published resources are ever sent to it. */
export class MeilisearchEngine implements SearchEngine {
  readonly name = 'meilisearch' as const;
  private readonly client: Meilisearch;
  private readonly index: Index<SearchDocument>;
  private searchKey: string | null;

  constructor(
    private readonly strapi: Core.Strapi,
    private readonly config: LibraryConfig['meilisearch'],
  ) {
    this.client = new Meilisearch({ host: config.host, apiKey: config.apiKey || undefined });
    this.index = this.client.index<SearchDocument>(config.indexUid);
    this.searchKey = config.searchKey || null;
  }

  async init() {
    await this.client.createIndex(this.config.indexUid, { primaryKey: 'id' }).waitTask().catch(() => undefined); // exists already: fine
    await this.index.updateSettings(INDEX_SETTINGS).waitTask();
  }

  async upsert(documents: SearchDocument[]) {
    if (!documents.length) return;
    const task = await this.index.addDocuments(documents, { primaryKey: 'id' }).waitTask();
    if (task.status === 'failed') throw new Error(`Meilisearch refused the documents: ${task.error?.message ?? 'unknown error'}`);
  }

  async remove(ids: string[]) {
    if (!ids.length) return;
    const task = await this.index.deleteDocuments(ids).waitTask();
    if (task.status === 'failed') throw new Error(`Meilisearch could not delete documents: ${task.error?.message ?? 'unknown error'}`);
  }

  async clear() {
    await this.index.deleteAllDocuments().waitTask();
  }

  async search(query: SearchQuery): Promise<SearchResult> {
    const started = Date.now();
    const filter: string[] = [];
    // Values are checked against a slug/enum pattern by the controller; quotes are escaped anyway.
    const quote = (value: string) => `"${value.replace(/["\\]/g, '')}"`;
    if (query.kinds.length) filter.push(`kind IN [${query.kinds.map(quote).join(', ')}]`);
    for (const slug of query.categories) filter.push(`categories = ${quote(slug)}`);
    const response = await this.index.search(query.q.slice(0, MAX_QUERY_LENGTH), {
      filter,
      facets: ['categories', 'kind'],
      hitsPerPage: query.pageSize,
      page: query.page,
      attributesToHighlight: ['title', 'summary'],
      highlightPreTag: '\u0001',
      highlightPostTag: '\u0002',
      ...(query.q.trim() ? {} : { sort: ['publishedAt:desc'] }),
    });
    const hits: SearchHit[] = response.hits.map((hit: any) => ({
      id: hit.id,
      slug: hit.slug,
      title: hit.title,
      summary: hit.summary ?? '',
      kind: hit.kind,
      categories: hit.categories ?? [],
      coverUrl: hit.coverUrl ?? null,
      timeMinutes: hit.timeMinutes ?? 0,
      publishedAt: new Date(hit.publishedAt).toISOString(),
      highlight: {
        title: hit._formatted?.title != null ? markedHtml(hit._formatted.title) : escapeHtml(hit.title),
        summary: hit._formatted?.summary != null ? markedHtml(hit._formatted.summary) : escapeHtml(hit.summary ?? ''),
      },
    }));
    const total = (response as any).totalHits ?? hits.length;
    return {
      engine: 'meilisearch',
      query: query.q,
      hits,
      facets: {
        category: (response.facetDistribution?.categories as Record<string, number>) ?? {},
        kind: (response.facetDistribution?.kind as Record<string, number>) ?? {},
      },
      page: query.page,
      pageSize: query.pageSize,
      total,
      pageCount: Math.ceil(total / query.pageSize),
      processingTimeMs: Date.now() - started,
    };
  }

  /** The browser gets a search-only key: the configured one, or the instance's default search key. */
  async browserConfig(): Promise<BrowserSearchConfig> {
    if (!this.searchKey) {
      const { results } = await this.client.getKeys({ limit: 100 });
      const searchOnly = results.find((key) => key.actions.length === 1 && key.actions[0] === 'search' && !key.expiresAt);
      if (!searchOnly) throw new Error('No search-only Meilisearch key: set MEILISEARCH_SEARCH_KEY');
      this.searchKey = searchOnly.key;
    }
    return { engine: 'meilisearch', host: this.config.publicHost || this.config.host, apiKey: this.searchKey, indexUid: this.config.indexUid };
  }
}
