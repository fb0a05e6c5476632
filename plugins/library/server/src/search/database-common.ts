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

  /** The mask requiring every slug, or null when a slug has no bit (nothing can match it then). */
  requiredMask(slugs: string[]): number | null {
    if (slugs.some((slug) => !this.bitOf.has(slug))) return null;
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

/** Bumped whenever the search tables change shape: a mismatch rebuilds them from the resources. */
export const SEARCH_SCHEMA_VERSION = '4';

/** Builds the engine-neutral result from the rows a database engine read. */
export function toResult(query: SearchQuery, page: Page, started: number): SearchResult {
  const kind: Record<string, number> = {};
  for (const { key, count } of page.kindCounts) kind[key] = Number(count);
  const category: Record<string, number> = {};
  for (const { key, count } of page.categoryCounts) category[key] = Number(count);
  const total = Object.values(kind).reduce((a, b) => a + b, 0);
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
