import { Meilisearch, type Index, type MultiSearchQuery } from 'meilisearch';
import type { Core } from '@strapi/strapi';
import type { LibraryConfig } from '../config';
import type { BrowserSearchConfig, SearchDocument, SearchEngine, SearchHit, SearchQuery, SearchResult } from './types';
import { escapeHtml, MAX_QUERY_LENGTH, markedHtml } from './text';
import { searchHitView } from '../views';

/** Index settings applied at every start: what is searchable, filterable and sortable. */
export const INDEX_SETTINGS = {
  searchableAttributes: ['title', 'summary', 'tags', 'categoryNames', 'body'],
  filterableAttributes: ['categories', 'kind'],
  sortableAttributes: ['publishedAt'],
  displayedAttributes: ['id', 'slug', 'title', 'summary', 'kind', 'categories', 'coverUrl', 'durationMinutes', 'publishedAt'],
  typoTolerance: { enabled: true },
};

/** Per-request time limit when none is configured: a Meilisearch that stops answering must not stall the sync worker or searches. */
export const DEFAULT_TIMEOUT_MS = 10_000;

/** A key Meilisearch lists under GET /keys. */
interface ListedKey {
  key: string;
  actions: string[];
  indexes: string[];
  expiresAt: Date | string | null;
}

/** Whether an API key's index patterns ("*", "name", "prefix*") cover an index. */
function coversIndex(patterns: string[], indexUid: string): boolean {
  return patterns.some((pattern) => pattern === '*' || pattern === indexUid || (pattern.endsWith('*') && indexUid.startsWith(pattern.slice(0, -1))));
}

/**
 * The client reports a failed request as "Request to … has failed" and keeps the reason (connection
 * refused, time-out, DNS) in `cause`: spell the whole chain out, for the outbox's lastError and the logs.
 */
function explained(err: unknown): Error {
  if (!(err instanceof Error)) return new Error(String(err));
  const parts = [err.message];
  let cause: unknown = err.cause;
  for (let depth = 0; cause && depth < 4; depth++, cause = (cause as { cause?: unknown }).cause) {
    const fields = cause as { message?: unknown; code?: unknown };
    const text = cause instanceof Error ? cause.message : typeof cause === 'object' ? String(fields.message ?? fields.code ?? '') : String(cause);
    if (text && !parts.some((p) => p.includes(text))) parts.push(text);
  }
  if (parts.length === 1) return err;
  return Object.assign(new Error(parts.join(': '), { cause: err }), { name: err.name });
}

/** Meilisearch through its official client; only published resources are ever sent to it. */
export class MeilisearchEngine implements SearchEngine {
  readonly name = 'meilisearch' as const;
  private readonly client: Meilisearch;
  private readonly index: Index<SearchDocument>;
  private searchKey: string | null;
  /** Whether the index settings were applied since start; if Meilisearch was away then, they are applied before its first use. */
  private prepared = false;

  constructor(
    private readonly strapi: Core.Strapi,
    private readonly config: LibraryConfig['meilisearch'] & { timeoutMs?: number },
  ) {
    this.client = new Meilisearch({ host: config.host, apiKey: config.apiKey || undefined, timeout: config.timeoutMs ?? DEFAULT_TIMEOUT_MS });
    this.index = this.client.index<SearchDocument>(config.indexUid);
    this.searchKey = config.searchKey || null;
  }

  /** Runs a call to Meilisearch, turning its errors into ones that say why. */
  private async call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw explained(err);
    }
  }

  async init() {
    await this.call(async () => {
      await this.client.createIndex(this.config.indexUid, { primaryKey: 'id' }).waitTask().catch(() => undefined); // exists already: fine
      const task = await this.index.updateSettings(INDEX_SETTINGS).waitTask();
      if (task.status === 'failed') throw new Error(`Meilisearch refused the index settings: ${task.error?.message ?? 'unknown error'}`);
    });
    this.prepared = true;
  }

  /** Applies the settings first when Meilisearch could not be prepared at start (else documents would land in an index without filters). */
  private async ready() {
    if (!this.prepared) await this.init();
  }

  async upsert(documents: SearchDocument[]) {
    if (!documents.length) return;
    await this.ready();
    const task = await this.call(() => this.index.addDocuments(documents, { primaryKey: 'id' }).waitTask());
    if (task.status === 'failed') throw new Error(`Meilisearch refused the documents: ${task.error?.message ?? 'unknown error'}`);
  }

  async remove(ids: string[]) {
    if (!ids.length) return;
    await this.ready();
    const task = await this.call(() => this.index.deleteDocuments(ids).waitTask());
    if (task.status === 'failed') throw new Error(`Meilisearch could not delete documents: ${task.error?.message ?? 'unknown error'}`);
  }

  async clear() {
    await this.ready();
    const task = await this.call(() => this.index.deleteAllDocuments().waitTask());
    if (task.status === 'failed') throw new Error(`Meilisearch could not empty the index: ${task.error?.message ?? 'unknown error'}`);
  }

  async search(query: SearchQuery): Promise<SearchResult> {
    const started = Date.now();
    await this.ready();
    // Values are checked against a slug/enum pattern by the controller; quotes are escaped anyway.
    const quote = (value: string) => `"${value.replace(/["\\]/g, '')}"`;
    // Both facets are disjunctive ("any of"), as InstantSearch's refinement lists: the hits pass both
    // filters, and each refined facet is counted by one more query without its own filter (the other
    // facet's filter kept), all in one multi-search round trip.
    const kindFilter = query.kinds.length ? [`kind IN [${query.kinds.map(quote).join(', ')}]`] : [];
    const categoryFilter = query.categories.length ? [`categories IN [${query.categories.map(quote).join(', ')}]`] : [];
    const q = query.q.slice(0, MAX_QUERY_LENGTH);
    const countsOf = (facet: 'categories' | 'kind', filter: string[]): MultiSearchQuery => ({ indexUid: this.config.indexUid, q, filter, facets: [facet], hitsPerPage: 0, page: 1 });
    const main: MultiSearchQuery = {
      indexUid: this.config.indexUid,
      q,
      filter: [...kindFilter, ...categoryFilter],
      facets: ['categories', 'kind'],
      hitsPerPage: query.pageSize,
      page: query.page,
      attributesToHighlight: ['title', 'summary'],
      highlightPreTag: '\u0001',
      highlightPostTag: '\u0002',
      ...(query.q.trim() ? {} : { sort: ['publishedAt:desc'] }),
    };
    const queries = [main, ...(categoryFilter.length ? [countsOf('categories', kindFilter)] : []), ...(kindFilter.length ? [countsOf('kind', categoryFilter)] : [])];
    const { results } = await this.call(() => this.client.multiSearch<{ queries: MultiSearchQuery[] }, SearchDocument>({ queries }));
    const [response] = results;
    const categoryCounts = (categoryFilter.length ? results[1] : response).facetDistribution?.categories ?? {};
    const kindCounts = (kindFilter.length ? results[results.length - 1] : response).facetDistribution?.kind ?? {};
    // The whole engine hit goes into the record; the answer is picked from it.
    const hits: SearchHit[] = response.hits.map((hit) =>
      searchHitView.pick({
        ...hit,
        summary: hit.summary ?? '',
        categories: hit.categories ?? [],
        coverUrl: hit.coverUrl ?? null,
        durationMinutes: hit.durationMinutes ?? 0,
        publishedAt: new Date(hit.publishedAt).toISOString(),
        highlight: {
          title: hit._formatted?.title != null ? markedHtml(hit._formatted.title) : escapeHtml(hit.title),
          summary: hit._formatted?.summary != null ? markedHtml(hit._formatted.summary) : escapeHtml(hit.summary ?? ''),
        },
      }),
    );
    const total = 'totalHits' in response && typeof response.totalHits === 'number' ? response.totalHits : hits.length;
    return {
      engine: 'meilisearch',
      query: query.q,
      hits,
      facets: { category: { ...categoryCounts }, kind: { ...kindCounts } },
      page: query.page,
      pageSize: query.pageSize,
      total,
      pageCount: Math.ceil(total / query.pageSize),
      processingTimeMs: Date.now() - started,
    };
  }

  /**
   * The browser gets a search-only key: the configured one, or a key the instance lists whose only
   * action is search, that never expires and that may search this index (another application's
   * search key on the same instance would not work, and is not ours to hand out).
   */
  async browserConfig(): Promise<BrowserSearchConfig> {
    if (!this.searchKey) {
      const { results } = await this.call(() => this.client.getKeys({ limit: 1000 }));
      const searchOnly = (results as ListedKey[]).find(
        (key) => key.actions.length === 1 && key.actions[0] === 'search' && !key.expiresAt && coversIndex(key.indexes ?? [], this.config.indexUid),
      );
      if (!searchOnly) throw new Error(`No search-only Meilisearch key for index "${this.config.indexUid}": set MEILISEARCH_SEARCH_KEY`);
      this.searchKey = searchOnly.key;
    }
    return { engine: 'meilisearch', host: this.config.publicHost || this.config.host, apiKey: this.searchKey, indexUid: this.config.indexUid };
  }
}
