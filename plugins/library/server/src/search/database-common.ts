import type { Core } from '@strapi/strapi';
import type { SearchDocument, SearchHit, SearchQuery, SearchResult } from './types';
import { escapeHtml, markedHtml, queryTerms, wordsOf } from './text';
import { searchHitView } from '../views';

/** A row of library_search_docs as the engines select it (with highlights when the query had words). */
export interface DocRow {
  document_id: string;
  slug: string;
  title: string;
  summary: string | null;
  kind: string;
  /** SQLite keeps a JSON array as text; PostgreSQL a text[]. */
  categories: string | string[] | null;
  cover_url: string | null;
  duration_minutes: number | string | null;
  published_at: number | string;
  hl_title?: string | null;
  hl_summary?: string | null;
}

/** One (kind, category mask) group of the facet pass. */
export interface FacetGroup {
  kind: string;
  mask: number | string;
  count: number | string;
}

/** Words worth remembering for typo matching: those of the title, summary, tags and categories. */
export function vocabularyOf(doc: SearchDocument): string[] {
  return [...new Set(wordsOf([doc.title, doc.summary, doc.tags.join(' '), doc.categoryNames.join(' ')].join(' ')).filter((w) => w.length >= 4))];
}

export interface Page {
  rows: DocRow[];
  /** Documents passing every filter. */
  total: number;
  kindCounts: { key: string; count: number }[];
  categoryCounts: { key: string; count: number }[];
}

/**
 * Categories as bits of one integer per document, so that one GROUP BY (kind, mask) over the
 * matches yields both facets, and a category filter is a mask test instead of a join per row.
 * Bits are assigned once per slug and kept; JavaScript reads masks arithmetically (53-bit safe).
 */
export const MAX_CATEGORY_BITS = 50;

export class CategoryBits {
  private readonly bitOf = new Map<string, number>();

  load(rows: { slug: string; bit: number | string }[]) {
    this.bitOf.clear();
    for (const row of rows) this.bitOf.set(row.slug, Number(row.bit));
  }

  get(slug: string): number | undefined {
    return this.bitOf.get(slug);
  }

  /** Slugs that still need a bit, with the bit each would get; slugs past the limit get none. */
  assign(slugs: string[]): { slug: string; bit: number }[] {
    const fresh: { slug: string; bit: number }[] = [];
    for (const slug of slugs) {
      if (this.bitOf.has(slug)) continue;
      const bit = this.bitOf.size;
      if (bit >= MAX_CATEGORY_BITS) continue;
      this.bitOf.set(slug, bit);
      fresh.push({ slug, bit });
    }
    return fresh;
  }

  maskOf(slugs: string[]): number {
    let mask = 0;
    for (const slug of new Set(slugs)) {
      const bit = this.bitOf.get(slug);
      if (bit !== undefined) mask += 2 ** bit;
    }
    return mask;
  }

  /**
   * The mask of "any of these slugs" (categories are a disjunctive facet, as InstantSearch's
   * refinement lists are: ticking a second category widens the results). Slugs without a bit belong
   * to no document and add nothing; 0 when none has one (then nothing matches).
   */
  anyMask(slugs: string[]): number {
    return this.maskOf(slugs);
  }

  /** Per-category counts from (mask, count) groups. */
  facetCounts(groups: { mask: number | string; count: number | string }[]): { key: string; count: number }[] {
    const totals = new Map<string, number>();
    for (const group of groups) {
      const mask = Number(group.mask);
      for (const [slug, bit] of this.bitOf) {
        if (Math.floor(mask / 2 ** bit) % 2 === 1) totals.set(slug, (totals.get(slug) ?? 0) + Number(group.count));
      }
    }
    return [...totals].map(([key, count]) => ({ key, count }));
  }
}

/** Sums (kind, mask, count) groups into kind counts. */
export function kindCounts(groups: { kind: string; count: number | string }[]) {
  const totals = new Map<string, number>();
  for (const group of groups) totals.set(group.kind, (totals.get(group.kind) ?? 0) + Number(group.count));
  return [...totals].map(([key, count]) => ({ key, count }));
}

/** Whether a document's category mask shares a bit with a filter's mask (BigInt: masks go past 32 bits). */
export const sharesBit = (mask: number | string, any: number) => (BigInt(mask) & BigInt(any)) !== 0n;

/**
 * Disjunctive facets from one grouped pass over the text matches (no facet filter applied in SQL):
 * each facet is counted with the OTHER facet's filter only, so ticking Sleep leaves every category
 * with the count it would add, and the results are the groups that pass both filters.
 */
export function disjunctiveFacets(groups: FacetGroup[], query: Pick<SearchQuery, 'categories' | 'kinds'>, bits: CategoryBits): Omit<Page, 'rows'> {
  const any = bits.anyMask(query.categories);
  const inKinds = (g: FacetGroup) => !query.kinds.length || query.kinds.includes(g.kind);
  const inCategories = (g: FacetGroup) => !query.categories.length || sharesBit(g.mask, any);
  const total = groups.filter((g) => inKinds(g) && inCategories(g)).reduce((sum, g) => sum + Number(g.count), 0);
  return { total, kindCounts: kindCounts(groups.filter(inCategories)), categoryCounts: bits.facetCounts(groups.filter(inKinds)) };
}

/** The SQL filter of the hits: kinds any of, categories any of (a shared mask bit). */
export function facetFilter(query: Pick<SearchQuery, 'categories' | 'kinds'>, bits: CategoryBits, dialect: 'sqlite' | 'postgres'): { where: string[]; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  if (query.kinds.length) {
    if (dialect === 'postgres') {
      where.push('d.kind = ANY(?)');
      params.push(query.kinds);
    } else {
      where.push(`d.kind IN (${query.kinds.map(() => '?').join(',')})`);
      params.push(...query.kinds);
    }
  }
  if (query.categories.length) {
    const any = bits.anyMask(query.categories);
    if (any === 0) where.push(dialect === 'postgres' ? 'false' : '0');
    else {
      where.push(dialect === 'postgres' ? '(d.cat_mask & ?::bigint) <> 0' : '(d.cat_mask & ?) <> 0');
      params.push(any);
    }
  }
  return { where, params };
}

/** Bumped whenever the search tables change shape: a mismatch rebuilds them from the resources. */
export const SEARCH_SCHEMA_VERSION = '4';

/** Builds the engine-neutral result from the rows a database engine read. */
export function toResult(query: SearchQuery, page: Page, started: number): SearchResult {
  const kind: Record<string, number> = {};
  for (const { key, count } of page.kindCounts) kind[key] = Number(count);
  const category: Record<string, number> = {};
  for (const { key, count } of page.categoryCounts) category[key] = Number(count);
  const total = page.total;
  const hits: SearchHit[] = page.rows.map((row) =>
    searchHitView.pick({
      id: row.document_id,
      slug: row.slug,
      title: row.title,
      summary: row.summary ?? '',
      kind: row.kind,
      categories: typeof row.categories === 'string' ? JSON.parse(row.categories) : row.categories ?? [],
      coverUrl: row.cover_url ?? null,
      durationMinutes: Number(row.duration_minutes ?? 0),
      publishedAt: new Date(Number(row.published_at)).toISOString(),
      highlight: {
        title: row.hl_title != null ? markedHtml(row.hl_title) : escapeHtml(row.title),
        summary: row.hl_summary != null ? markedHtml(row.hl_summary) : escapeHtml(row.summary ?? ''),
      },
    }),
  );
  return {
    engine: 'database',
    query: query.q,
    hits,
    facets: { category, kind },
    page: query.page,
    pageSize: query.pageSize,
    total,
    pageCount: Math.ceil(total / query.pageSize),
    processingTimeMs: Date.now() - started,
  };
}

export const hasText = (query: SearchQuery) => queryTerms(query.q).length > 0;

export type Strapi = Core.Strapi;
