/**
 * The resource library's shared vocabulary: kinds and their labels, the /library URL (the one format
 * the server-rendered page, the facet links and the search island all read and write), safe
 * highlights, reading/watching times and safe video embeds. No Node APIs: the island imports it too.
 */
import { trimTrailingSlashes } from '@haven/shared/text';

import { isKind, KIND_LABELS, MAX_FILTER_VALUES, MAX_QUERY_LENGTH, RESOURCE_KINDS, type ResourceKind } from '@haven/shared/library';
import { isSlug } from '@haven/shared/ids';
import { escapeHtml, unescapeHtml } from '@haven/shared/html';

export { escapeHtml, isKind, KIND_LABELS, MAX_QUERY_LENGTH, unescapeHtml };
export { VIDEO_FRAME_HOSTS, videoEmbedFor, type VideoEmbed } from '@haven/shared/media';
export type { BrowserSearchConfig, SearchHit as LibraryHit, SearchResult as LibrarySearchResult } from '@haven/shared/library';

export const KINDS = RESOURCE_KINDS;
export type Kind = ResourceKind;
export const kindLabel = (kind: string) => (isKind(kind) ? KIND_LABELS[kind].one : 'Resource');

/** Results per page, on the server-rendered page and in the island alike. */
export const PAGE_SIZE = 10;

/** The names the search engines give the two facets (Meilisearch's index uses the same). */
export const CATEGORY_ATTRIBUTE = 'categories';
export const KIND_ATTRIBUTE = 'kind';

export interface Category {
  slug: string;
  name: string;
  description: string | null;
}

/** What a search on /library asks for. `page` counts from 1, as in the URL. */
export interface LibraryState {
  q: string;
  categories: string[];
  kinds: Kind[];
  page: number;
}

/** Values of a list parameter, given repeated (`category=a&category=b`) or comma-separated (`category=a,b`). */
function listParam(params: URLSearchParams, name: string): string[] {
  return params
    .getAll(name)
    .flatMap((value) => value.split(','))
    .map((value) => value.trim().toLowerCase())
    .filter(Boolean);
}

const unique = <T,>(values: T[]) => [...new Set(values)];

/** Reads /library's query string. Values that cannot be right are dropped rather than refused. */
export function parseLibraryParams(params: URLSearchParams): LibraryState {
  const q = (params.get('q') ?? '').replace(/\s+/g, ' ').trim().slice(0, MAX_QUERY_LENGTH);
  const categories = unique(listParam(params, 'category').filter(isSlug)).slice(0, MAX_FILTER_VALUES);
  const kinds = unique(listParam(params, 'kind').filter(isKind));
  const requested = Number(params.get('page') ?? '1');
  const page = Number.isInteger(requested) && requested >= 1 && requested <= 1000 ? requested : 1;
  return { q, categories, kinds, page };
}

/** `/library?q=…&category=a,b&kind=…&page=…`: only what is set, commas left readable. */
export function libraryHref(state: Partial<LibraryState>, base = '/library'): string {
  const parts: string[] = [];
  if (state.q) parts.push(`q=${encodeURIComponent(state.q)}`);
  if (state.categories?.length) parts.push(`category=${state.categories.map(encodeURIComponent).join(',')}`);
  if (state.kinds?.length) parts.push(`kind=${state.kinds.map(encodeURIComponent).join(',')}`);
  if (state.page && state.page > 1) parts.push(`page=${state.page}`);
  return parts.length ? `${base}?${parts.join('&')}` : base;
}

/** The same state with one category or kind switched on or off (and back to the first page). */
export function toggled(state: LibraryState, facet: 'categories' | 'kinds', value: string): LibraryState {
  const current = state[facet] as string[];
  const next = current.includes(value) ? current.filter((v) => v !== value) : [...current, value];
  return { ...state, [facet]: next, page: 1 } as LibraryState;
}

/** The query string for the CMS's (or the site's) GET /api/library/search. */
export function searchQueryString(state: LibraryState, pageSize = PAGE_SIZE): string {
  const params = new URLSearchParams();
  if (state.q) params.set('q', state.q);
  if (state.categories.length) params.set('category', state.categories.join(','));
  if (state.kinds.length) params.set('kind', state.kinds.join(','));
  params.set('page', String(state.page));
  params.set('pageSize', String(pageSize));
  return params.toString();
}

// ---- highlights ------------------------------------------------------------------------------------

/**
 * Splits a search highlight ("HTML-escaped text with <mark> around matches") into plain-text parts.
 * Only <mark> and </mark> mean anything; every other character, tag-like or not, is text.
 */
export function highlightParts(html: string | null | undefined): { text: string; marked: boolean }[] {
  const parts: { text: string; marked: boolean }[] = [];
  let marked = false;
  for (const piece of (html ?? '').split(/(<\/?mark>)/i)) {
    if (/^<mark>$/i.test(piece)) marked = true;
    else if (/^<\/mark>$/i.test(piece)) marked = false;
    else if (piece) parts.push({ text: unescapeHtml(piece), marked });
  }
  return parts;
}

/** A highlight made safe to inject as HTML: the text escaped again here, only <mark> let through. */
export function safeHighlightHtml(html: string | null | undefined): string {
  return highlightParts(html)
    .map((part) => (part.marked ? `<mark>${escapeHtml(part.text)}</mark>` : escapeHtml(part.text)))
    .join('');
}

// ---- reading and watching time --------------------------------------------------------------------

/** "5 min read", "8 min watch", "10 min listen"; null when the CMS did not compute one. */
export function timeLabel(kind: string, minutes: number | null | undefined): string | null {
  if (!minutes || !Number.isFinite(minutes) || minutes <= 0) return null;
  const verb = kind === 'video' ? 'watch' : kind === 'audio' ? 'listen' : 'read';
  return `${Math.round(minutes)} min ${verb}`;
}

/** An http(s) address, or null: what may become a link's href. */
export function safeHttpUrl(value: string | null | undefined): string | null {
  if (!value || typeof value !== 'string') return null;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.toString() : null;
  } catch {
    return null;
  }
}

/** A media address made absolute against the CMS's public URL (S3 addresses are absolute already). */
export function absoluteMediaUrl(path: string | null | undefined, base: string): string | null {
  if (!path || typeof path !== 'string') return null;
  if (/^https?:\/\//i.test(path)) return path;
  if (path.startsWith('//')) return null;
  return `${trimTrailingSlashes(base)}${path.startsWith('/') ? '' : '/'}${path}`;
}
