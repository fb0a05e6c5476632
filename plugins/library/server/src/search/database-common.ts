import type { Core } from '@strapi/strapi';
import type { SearchDocument, SearchHit, SearchQuery, SearchResult } from './types';
import { escapeHtml, markedHtml, queryTerms, wordsOf } from './text';

/** Rows of a knex raw() result, whichever driver answered. */
export function rowsOf(result: any): any[] {
  if (Array.isArray(result)) return result;
  return result?.rows ?? [];
}

/** Words worth remembering for typo matching: those of the title, summary, tags and categories. */
export function vocabularyOf(doc: SearchDocument): string[] {
  return [...new Set(wordsOf([doc.title, doc.summary, doc.tags.join(' '), doc.categoryNames.join(' ')].join(' ')).filter((w) => w.length >= 4))];
}

export interface Page {
  rows: any[];
  kindCounts: { key: string; count: number }[];
  categoryCounts: { key: string; count: number }[];
}

/** Builds the engine-neutral result from the rows a database engine read. */
export function toResult(query: SearchQuery, page: Page, started: number): SearchResult {
  const kind: Record<string, number> = {};
  for (const { key, count } of page.kindCounts) kind[key] = Number(count);
  const category: Record<string, number> = {};
  for (const { key, count } of page.categoryCounts) category[key] = Number(count);
  const total = Object.values(kind).reduce((a, b) => a + b, 0);
  const hits: SearchHit[] = page.rows.map((row) => ({
    id: row.document_id,
    slug: row.slug,
    title: row.title,
    summary: row.summary ?? '',
    kind: row.kind,
    categories: typeof row.categories === 'string' ? JSON.parse(row.categories) : row.categories ?? [],
    coverUrl: row.cover_url ?? null,
    timeMinutes: Number(row.time_minutes ?? 0),
    publishedAt: new Date(Number(row.published_at)).toISOString(),
    highlight: {
      title: row.hl_title != null ? markedHtml(row.hl_title) : escapeHtml(row.title),
      summary: row.hl_summary != null ? markedHtml(row.hl_summary) : escapeHtml(row.summary ?? ''),
    },
  }));
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
