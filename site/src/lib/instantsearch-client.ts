/**
 * An InstantSearch-compatible search client for Haven's own library search (the database engine),
 * used by the search island when the CMS does not run Meilisearch.
 *
 * InstantSearch sends `search(requests)`: Algolia-style requests `{indexName, params}` with `query`,
 * `page` (0-based), `hitsPerPage`, `facets`, `facetFilters` and highlight tags. Each request becomes one
 * GET of the SITE's /api/library/search (1-based `page`, `pageSize`, `category=a,b`, `kind=x,y`), and
 * each answer is reshaped into an Algolia result: hits with `objectID` and `_highlightResult`,
 * `nbHits`, `page`, `nbPages`, `hitsPerPage`, `facets`, `query`, `params`, `processingTimeMS`.
 */
import { CATEGORY_ATTRIBUTE, KIND_ATTRIBUTE, highlightParts, type LibraryHit, type LibrarySearchResult } from './library';

type Params = Record<string, unknown>;
export interface AlgoliaRequest {
  indexName: string;
  params?: Params | string;
}

interface HighlightResult {
  value: string;
  matchLevel: 'none' | 'partial' | 'full';
  matchedWords: string[];
  fullyHighlighted?: boolean;
}

export type AlgoliaHit = Omit<LibraryHit, 'highlight'> & {
  objectID: string;
  _highlightResult: { title: HighlightResult; summary: HighlightResult };
};

export interface AlgoliaResult {
  index: string;
  hits: AlgoliaHit[];
  nbHits: number;
  page: number;
  nbPages: number;
  hitsPerPage: number;
  facets: Record<string, Record<string, number>>;
  exhaustiveFacetsCount: boolean;
  exhaustiveNbHits: boolean;
  exhaustive: { facetsCount: boolean; nbHits: boolean };
  query: string;
  params: string;
  processingTimeMS: number;
  renderingContent: Record<string, never>;
}

/** Algolia's own defaults when a request names no highlight tags. */
const DEFAULT_PRE_TAG = '<em>';
const DEFAULT_POST_TAG = '</em>';
/** The CMS accepts 1 to 50 results a page and pages 1 to 1000. */
const MAX_PAGE_SIZE = 50;
const MAX_PAGE = 1000;

/** Old clients send params as a query string (arrays JSON-encoded); new ones as an object. */
function paramsOf(request: AlgoliaRequest): Params {
  const { params } = request;
  if (!params) return {};
  if (typeof params !== 'string') return params;
  const out: Params = {};
  for (const [key, value] of new URLSearchParams(params)) {
    try {
      out[key] = /^[[{]/.test(value) ? JSON.parse(value) : value;
    } catch {
      out[key] = value;
    }
  }
  return out;
}

const asNumber = (value: unknown, fallback: number) => {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isFinite(n) ? Math.trunc(n) : fallback;
};

/**
 * The values refined for each facet, from `facetFilters`: `[["categories:anxiety", "categories:sleep"],
 * ["kind:video", "kind:audio"]]`. Nested arrays are ORed, which is what the library search does within
 * each facet (both are disjunctive, "any of"); negated filters are not supported.
 */
export function refinementsOf(facetFilters: unknown): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const visit = (entry: unknown) => {
    if (Array.isArray(entry)) return entry.forEach(visit);
    if (typeof entry !== 'string') return;
    const colon = entry.indexOf(':');
    if (colon <= 0 || entry.startsWith('-')) return;
    const attribute = entry.slice(0, colon).trim();
    const value = entry.slice(colon + 1).trim().replace(/^\\-/, '-'); // InstantSearch escapes a leading "-"
    if (!value) return;
    (out[attribute] ??= []).includes(value) || out[attribute].push(value);
  };
  visit(typeof facetFilters === 'string' ? facetFilters.split(',') : facetFilters); // legacy "a:b,c:d" strings
  return out;
}

/** Our highlight (escaped HTML, <mark> around matches) as Algolia's: raw text between the request's tags. */
export function toHighlightResult(html: string, preTag: string, postTag: string): HighlightResult {
  const parts = highlightParts(html);
  const matchedWords = [...new Set(parts.filter((p) => p.marked).map((p) => p.text.toLowerCase()))];
  const marked = parts.filter((p) => p.marked).map((p) => p.text).join('');
  const whole = parts.map((p) => p.text).join('');
  return {
    value: parts.map((p) => (p.marked ? `${preTag}${p.text}${postTag}` : p.text)).join(''),
    matchLevel: matchedWords.length === 0 ? 'none' : marked.length === whole.length ? 'full' : 'partial',
    matchedWords,
    fullyHighlighted: matchedWords.length > 0 && marked.length === whole.length,
  };
}

function toAlgoliaHit(hit: LibraryHit, preTag: string, postTag: string): AlgoliaHit {
  const { highlight, ...fields } = hit;
  return {
    ...fields,
    objectID: hit.id,
    _highlightResult: {
      title: toHighlightResult(highlight?.title ?? '', preTag, postTag),
      summary: toHighlightResult(highlight?.summary ?? '', preTag, postTag),
    },
  };
}

/** The site endpoint's query string for one InstantSearch request. */
export function toQueryString(params: Params): { queryString: string; hitsPerPage: number } {
  const refined = refinementsOf(params.facetFilters);
  const hitsPerPage = Math.max(0, Math.min(MAX_PAGE_SIZE, asNumber(params.hitsPerPage, 20)));
  const page = Math.max(0, Math.min(MAX_PAGE - 1, asNumber(params.page, 0)));
  const search = new URLSearchParams();
  const query = typeof params.query === 'string' ? params.query : '';
  if (query) search.set('q', query);
  if (refined[CATEGORY_ATTRIBUTE]?.length) search.set('category', refined[CATEGORY_ATTRIBUTE].join(','));
  if (refined[KIND_ATTRIBUTE]?.length) search.set('kind', refined[KIND_ATTRIBUTE].join(','));
  // A facet-counts-only request (hitsPerPage 0, for a disjunctive facet) still needs a page of one.
  search.set('page', hitsPerPage === 0 ? '1' : String(page + 1));
  search.set('pageSize', String(hitsPerPage === 0 ? 1 : hitsPerPage));
  return { queryString: search.toString(), hitsPerPage };
}

export function toAlgoliaResult(indexName: string, params: Params, data: LibrarySearchResult, hitsPerPage: number): AlgoliaResult {
  const preTag = typeof params.highlightPreTag === 'string' ? params.highlightPreTag : DEFAULT_PRE_TAG;
  const postTag = typeof params.highlightPostTag === 'string' ? params.highlightPostTag : DEFAULT_POST_TAG;
  const countsOnly = hitsPerPage === 0;
  const encoded = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) encoded.set(key, typeof value === 'string' ? value : JSON.stringify(value));
  return {
    index: indexName,
    hits: countsOnly ? [] : data.hits.map((hit) => toAlgoliaHit(hit, preTag, postTag)),
    nbHits: data.total,
    page: countsOnly ? 0 : Math.max(0, data.page - 1),
    nbPages: data.pageCount,
    hitsPerPage: countsOnly ? 0 : data.pageSize,
    facets: { [CATEGORY_ATTRIBUTE]: { ...data.facets.category }, [KIND_ATTRIBUTE]: { ...data.facets.kind } },
    exhaustiveFacetsCount: true,
    exhaustiveNbHits: true,
    exhaustive: { facetsCount: true, nbHits: true },
    query: typeof params.query === 'string' ? params.query : '',
    params: encoded.toString(),
    processingTimeMS: data.processingTimeMs,
    renderingContent: {},
  };
}

export interface LibrarySearchClientOptions {
  /** The site's search endpoint (default /api/library/search). */
  endpoint?: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export const SEARCH_ERROR_MESSAGE = 'Search is taking a short rest. Please try again in a moment.';

/** A `searchClient` for <InstantSearch>. Identical requests in flight at once share one fetch. */
export function createLibrarySearchClient(options: LibrarySearchClientOptions = {}) {
  const endpoint = options.endpoint ?? '/api/library/search';
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init));
  const timeoutMs = options.timeoutMs ?? 10_000;
  const inFlight = new Map<string, Promise<LibrarySearchResult>>();

  async function load(queryString: string): Promise<LibrarySearchResult> {
    let response: Response;
    try {
      response = await doFetch(`${endpoint}?${queryString}`, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(timeoutMs) });
    } catch {
      throw new Error(SEARCH_ERROR_MESSAGE);
    }
    const body = await response.json().catch(() => null);
    if (!response.ok || !body || !Array.isArray(body.hits)) {
      const message = response.status === 400 && typeof body?.error?.message === 'string' ? body.error.message : SEARCH_ERROR_MESSAGE;
      throw Object.assign(new Error(message), { status: response.status });
    }
    return body as LibrarySearchResult;
  }

  function shared(queryString: string): Promise<LibrarySearchResult> {
    let pending = inFlight.get(queryString);
    if (!pending) {
      pending = load(queryString).finally(() => inFlight.delete(queryString));
      inFlight.set(queryString, pending);
    }
    return pending;
  }

  return {
    async search(requests: readonly AlgoliaRequest[]): Promise<{ results: AlgoliaResult[] }> {
      const results = await Promise.all(
        requests.map(async (request) => {
          const params = paramsOf(request);
          const { queryString, hitsPerPage } = toQueryString(params);
          return toAlgoliaResult(request.indexName, params, await shared(queryString), hitsPerPage);
        }),
      );
      return { results };
    },
    /** Facet values are few (ten categories, five kinds): there is nothing to search within them. */
    async searchForFacetValues(requests: readonly unknown[]) {
      return requests.map(() => ({ facetHits: [], exhaustiveFacetsCount: true, processingTimeMS: 0 }));
    },
    clearCache() {
      inFlight.clear();
      return Promise.resolve();
    },
  };
}
