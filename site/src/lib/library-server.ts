/**
 * The resource library's calls to the CMS (server side only): categories, search, one resource and
 * its related resources, and how browsers may search. Everything goes through `cms()`.
 */
import { trimTrailingSlashes } from '@haven/shared/text';
import { PREVIEW_TOKEN_HEADER } from '@haven/shared/preview';
import { cms, mediaUrl, PUBLIC_CMS_URL } from './cms';
import {
  isKind,
  PAGE_SIZE,
  searchQueryString,
  type BrowserSearchConfig,
  type Category,
  type LibraryHit,
  type LibrarySearchResult,
  type LibraryState,
} from './library';

export { PUBLIC_CMS_URL };

/** This site's public origin for canonical and Open Graph addresses: PUBLIC_SITE_URL when set, else the request's. */
export function siteOrigin(requestUrl: URL): string {
  const configured = trimTrailingSlashes((process.env.PUBLIC_SITE_URL || '').trim());
  return /^https?:\/\/[^/]+$/.test(configured) ? configured : requestUrl.origin;
}

export interface ResourceMedia {
  url: string;
  mime: string | null;
  name: string | null;
  alternativeText: string | null;
}

export interface Resource {
  documentId: string;
  title: string;
  slug: string;
  summary: string | null;
  body: string | null;
  kind: string;
  cover: { url: string; alternativeText: string | null } | null;
  media: ResourceMedia | null;
  videoUrl: string | null;
  externalUrl: string | null;
  /** Minutes to read, watch or listen (the CMS counts reading time for text kinds). */
  durationMinutes: number | null;
  tags: string[];
  seoTitle: string | null;
  seoDescription: string | null;
  categories: { name: string; slug: string }[];
  publishedAt: string | null;
  updatedAt: string | null;
}

export type SearchOutcome = { ok: true; data: LibrarySearchResult } | { ok: false; status: number; message: string };

const SEARCH_UNAVAILABLE = 'Search is taking a short rest. Please try again in a moment, or browse by category below.';

/** A few seconds of memory for data that changes rarely and is read on every library page. */
function remembered<T>(ttlMs: number, load: () => Promise<T | null>): () => Promise<T | null> {
  let value: { data: T; at: number } | null = null;
  return async () => {
    if (value && Date.now() - value.at < ttlMs) return value.data;
    const data = await load();
    if (data !== null) value = { data, at: Date.now() };
    return data ?? value?.data ?? null;
  };
}

/** Every category, sorted by name; null when the CMS cannot be reached. */
export const getCategories = remembered<Category[]>(30_000, async () => {
  const result = await cms<{ data: { name: string; slug: string; description: string | null }[] }>('/api/categories?pagination[pageSize]=100&sort=name');
  if (!result.ok || !Array.isArray(result.data?.data)) return null;
  return result.data.data.map((c) => ({ slug: c.slug, name: c.name, description: c.description ?? null }));
});

/** How the search island may search: Meilisearch directly (search-only key) or through this site. */
export const getBrowserSearchConfig = remembered<BrowserSearchConfig>(30_000, async () => {
  const result = await cms<BrowserSearchConfig>('/api/library/search/config');
  if (!result.ok || !result.data) return null;
  const { engine, host, apiKey, indexUid } = result.data;
  if (engine === 'meilisearch' && typeof host === 'string' && /^https?:\/\//.test(host) && typeof apiKey === 'string' && typeof indexUid === 'string') {
    return { engine, host, apiKey, indexUid };
  }
  return { engine: 'database' };
});

/** A hit as the site hands it on: cover pictures as absolute addresses. */
function normaliseHit(hit: LibraryHit): LibraryHit {
  return {
    id: String(hit.id),
    slug: String(hit.slug),
    title: String(hit.title ?? ''),
    summary: String(hit.summary ?? ''),
    kind: isKind(hit.kind) ? hit.kind : 'article',
    categories: Array.isArray(hit.categories) ? hit.categories.map(String) : [],
    coverUrl: mediaUrl(hit.coverUrl),
    durationMinutes: Number(hit.durationMinutes ?? 0),
    publishedAt: String(hit.publishedAt ?? ''),
    highlight: { title: String(hit.highlight?.title ?? ''), summary: String(hit.highlight?.summary ?? '') },
  };
}

/** Searches the library (GET /api/library/search on the CMS). */
export async function searchLibrary(state: LibraryState, options: { pageSize?: number; clientIp?: string } = {}): Promise<SearchOutcome> {
  return searchRaw(searchQueryString(state, options.pageSize ?? PAGE_SIZE), options.clientIp);
}

/** Passes an already-built query string to the CMS's search (the site's /api/library/search uses it). */
export async function searchRaw(queryString: string, clientIp?: string): Promise<SearchOutcome> {
  const result = await cms<LibrarySearchResult>(`/api/library/search?${queryString}`, { clientIp });
  if (!result.ok) {
    if (result.status === 400) return { ok: false, status: 400, message: result.message };
    return { ok: false, status: 503, message: SEARCH_UNAVAILABLE };
  }
  const data = result.data;
  if (!data || !Array.isArray(data.hits)) return { ok: false, status: 503, message: SEARCH_UNAVAILABLE };
  return {
    ok: true,
    data: {
      engine: data.engine,
      query: data.query ?? '',
      hits: data.hits.map(normaliseHit),
      facets: { category: data.facets?.category ?? {}, kind: data.facets?.kind ?? {} },
      page: Number(data.page ?? 1),
      pageSize: Number(data.pageSize ?? PAGE_SIZE),
      total: Number(data.total ?? 0),
      pageCount: Number(data.pageCount ?? 0),
      processingTimeMs: Number(data.processingTimeMs ?? 0),
    },
  };
}

const RESOURCE_FIELDS = [
  'populate[categories][fields][0]=name',
  'populate[categories][fields][1]=slug',
  'populate[cover][fields][0]=url',
  'populate[cover][fields][1]=alternativeText',
  'populate[media][fields][0]=url',
  'populate[media][fields][1]=mime',
  'populate[media][fields][2]=name',
  'populate[media][fields][3]=alternativeText',
  'populate[tags][fields][0]=name',
].join('&');

/** A resource's tags (a repeatable `library.tag` component: `{ name }` each) as their names. */
function tagNames(tags: unknown): string[] {
  if (!Array.isArray(tags)) return [];
  return tags.map((tag: { name?: unknown } | null) => (typeof tag?.name === 'string' ? tag.name.trim() : '')).filter((name) => name !== '');
}

/** Slugs as Strapi's uid fields allow them. */
export const RESOURCE_SLUG = /^[A-Za-z0-9._~-]{1,200}$/;

/** One published resource by slug: `resource` null when there is none, `ok` false when the CMS failed. */
export async function getResource(slug: string): Promise<{ ok: true; resource: Resource | null } | { ok: false; status: number }> {
  if (!RESOURCE_SLUG.test(slug)) return { ok: true, resource: null };
  const result = await cms<{ data: any[] }>(`/api/resources?filters[slug][$eq]=${encodeURIComponent(slug)}&${RESOURCE_FIELDS}`);
  if (!result.ok) return result.status === 404 ? { ok: true, resource: null } : { ok: false, status: result.status };
  const row = Array.isArray(result.data?.data) ? result.data.data[0] : null;
  return { ok: true, resource: row ? resourceFromRow(row) : null };
}

/**
 * Counts a view of a published resource page for the staff dashboards. The visitor's address goes
 * along (X-Forwarded-For) only so the CMS can count each visitor once per resource and day; it is
 * never stored. Fire and forget: the page never waits for it, and a failure changes nothing.
 */
export function countView(slug: string, clientIp?: string): void {
  void cms(`/api/library/resources/${encodeURIComponent(slug)}/views`, { method: 'POST', clientIp });
}

/**
 * A resource's DRAFT for the editors' preview: the CMS answers only with the signed preview token
 * (sent as a header, so no request log writes it). 401/403/404 pass through; anything else is 503.
 */
export async function getDraftResource(documentId: string, token: string): Promise<{ ok: true; resource: Resource } | { ok: false; status: number }> {
  const result = await cms<{ data: any }>(`/api/resource-previews/${encodeURIComponent(documentId)}?${RESOURCE_FIELDS}`, { headers: { [PREVIEW_TOKEN_HEADER]: token } });
  if (!result.ok) return { ok: false, status: [401, 403, 404].includes(result.status) ? result.status : 503 };
  return result.data?.data ? { ok: true, resource: resourceFromRow(result.data.data) } : { ok: false, status: 404 };
}

/** A resource as the CMS's REST API answers it, with the site's population (RESOURCE_FIELDS). */
function resourceFromRow(row: any): Resource {
  const coverUrl = mediaUrl(row.cover?.url);
  const mediaHref = mediaUrl(row.media?.url);
  return {
    documentId: String(row.documentId),
    title: String(row.title ?? ''),
    slug: String(row.slug),
    summary: row.summary ?? null,
    body: row.body ?? null,
    kind: isKind(row.kind) ? row.kind : 'article',
    cover: coverUrl ? { url: coverUrl, alternativeText: row.cover?.alternativeText ?? null } : null,
    media: mediaHref ? { url: mediaHref, mime: row.media?.mime ?? null, name: row.media?.name ?? null, alternativeText: row.media?.alternativeText ?? null } : null,
    videoUrl: row.videoUrl ?? null,
    externalUrl: row.externalUrl ?? null,
    durationMinutes: row.durationMinutes ?? null,
    tags: tagNames(row.tags),
    seoTitle: row.seoTitle || null,
    seoDescription: row.seoDescription || null,
    categories: Array.isArray(row.categories) ? row.categories.map((c: any) => ({ name: String(c.name), slug: String(c.slug) })) : [],
    publishedAt: row.publishedAt ?? null,
    updatedAt: row.updatedAt ?? null,
  };
}

/**
 * Up to `limit` other resources that share a category with this one: those sharing the most
 * categories first, then the newest. Searches its first three categories; never fails the page.
 */
export async function getRelated(resource: Resource, limit = 3): Promise<LibraryHit[]> {
  const slugs = resource.categories.map((c) => c.slug).slice(0, 3);
  if (slugs.length === 0) return [];
  const answers = await Promise.all(
    slugs.map((slug) => searchLibrary({ q: '', categories: [slug], kinds: [], page: 1 }, { pageSize: limit + 1 })),
  );
  const own = new Set(slugs);
  const found = new Map<string, { hit: LibraryHit; order: number }>();
  let order = 0;
  for (const answer of answers) {
    if (!answer.ok) continue;
    for (const hit of answer.data.hits) {
      if (hit.id === resource.documentId || hit.slug === resource.slug || found.has(hit.id)) continue;
      found.set(hit.id, { hit, order: order++ });
    }
  }
  const shared = (hit: LibraryHit) => hit.categories.filter((c) => own.has(c)).length;
  return [...found.values()]
    .sort((a, b) => shared(b.hit) - shared(a.hit) || a.order - b.order)
    .slice(0, limit)
    .map((entry) => entry.hit);
}
