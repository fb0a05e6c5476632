import type { SearchDocument, SearchEngine, SearchQuery } from './types';
import { queryTerms, typoMatches } from './text';
import { rawRows } from '@haven/shared/server/db';
import { CategoryBits, disjunctiveFacets, facetFilter, type DocRow, type FacetGroup, SEARCH_SCHEMA_VERSION, toResult, vocabularyOf, type Strapi } from './database-common';

/**
 * Database search on SQLite: an FTS5 table (porter stemming, diacritics folded) ranked with bm25,
 * highlighted with FTS5's highlight(); typos are matched against a vocabulary of indexed words.
 */
export class SqliteSearchEngine implements SearchEngine {
  readonly name = 'database' as const;
  needsRebuild = false;
  private vocabulary = new Set<string>();
  private readonly bits = new CategoryBits();

  constructor(private readonly strapi: Strapi) {}

  private get knex() {
    return this.strapi.db.connection;
  }

  async init() {
    await this.knex.raw('CREATE TABLE IF NOT EXISTS library_search_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
    const version = rawRows<{ value: string }>(await this.knex.raw("SELECT value FROM library_search_meta WHERE key = 'schema'"))[0]?.value;
    if (version !== SEARCH_SCHEMA_VERSION) {
      // Search tables are derived data: rebuild them in the current shape, then refill from the resources.
      for (const table of ['library_search_fts', 'library_search_categories', 'library_search_docs', 'library_search_words', 'library_search_category_bits']) {
        await this.knex.raw(`DROP TABLE IF EXISTS ${table}`);
      }
      this.needsRebuild = version !== undefined;
    }
    const statements = [
      `CREATE TABLE IF NOT EXISTS library_search_docs (
         rowid INTEGER PRIMARY KEY, document_id TEXT NOT NULL UNIQUE, slug TEXT NOT NULL, title TEXT NOT NULL,
         summary TEXT, kind TEXT NOT NULL, categories TEXT NOT NULL, cat_mask INTEGER NOT NULL DEFAULT 0,
         cover_url TEXT, duration_minutes INTEGER, published_at INTEGER NOT NULL)`,
      `CREATE TABLE IF NOT EXISTS library_search_category_bits (slug TEXT PRIMARY KEY, bit INTEGER NOT NULL UNIQUE)`,
      `CREATE INDEX IF NOT EXISTS library_search_docs_kind ON library_search_docs (kind, published_at)`,
      `CREATE INDEX IF NOT EXISTS library_search_docs_published ON library_search_docs (published_at)`,
      `CREATE TABLE IF NOT EXISTS library_search_categories (slug TEXT NOT NULL, doc_rowid INTEGER NOT NULL, PRIMARY KEY (slug, doc_rowid)) WITHOUT ROWID`,
      `CREATE INDEX IF NOT EXISTS library_search_categories_doc ON library_search_categories (doc_rowid)`,
      `CREATE VIRTUAL TABLE IF NOT EXISTS library_search_fts USING fts5(
         title, summary, tags, category_names, body, tokenize = 'porter unicode61 remove_diacritics 2')`,
      `CREATE TABLE IF NOT EXISTS library_search_words (word TEXT PRIMARY KEY) WITHOUT ROWID`,
    ];
    for (const sql of statements) await this.knex.raw(sql);
    await this.knex.raw("INSERT OR REPLACE INTO library_search_meta (key, value) VALUES ('schema', ?)", [SEARCH_SCHEMA_VERSION]);
    this.bits.load(rawRows<{ slug: string; bit: number | string }>(await this.knex.raw('SELECT slug, bit FROM library_search_category_bits')));
    const words = rawRows<{ word: string }>(await this.knex.raw('SELECT word FROM library_search_words'));
    this.vocabulary = new Set(words.map((w) => w.word));
  }

  async upsert(documents: SearchDocument[]) {
    if (!documents.length) return;
    const freshBits = this.bits.assign([...new Set(documents.flatMap((d) => d.categories))]);
    await this.knex.transaction(async (trx) => {
      for (const { slug, bit } of freshBits) await trx.raw('INSERT OR IGNORE INTO library_search_category_bits (slug, bit) VALUES (?, ?)', [slug, bit]);
      for (const doc of documents) {
        const existing = rawRows<{ rowid: number }>(await trx.raw('SELECT rowid FROM library_search_docs WHERE document_id = ?', [doc.id]))[0];
        if (existing) {
          await trx.raw('DELETE FROM library_search_fts WHERE rowid = ?', [existing.rowid]);
          await trx.raw('DELETE FROM library_search_categories WHERE doc_rowid = ?', [existing.rowid]);
          await trx.raw('DELETE FROM library_search_docs WHERE rowid = ?', [existing.rowid]);
        }
        const inserted = rawRows<{ rowid: number }>(
          await trx.raw(
            `INSERT INTO library_search_docs (document_id, slug, title, summary, kind, categories, cat_mask, cover_url, duration_minutes, published_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING rowid`,
            [doc.id, doc.slug, doc.title, doc.summary, doc.kind, JSON.stringify(doc.categories), this.bits.maskOf(doc.categories), doc.coverUrl, doc.durationMinutes, doc.publishedAt],
          ),
        )[0];
        await trx.raw('INSERT INTO library_search_fts (rowid, title, summary, tags, category_names, body) VALUES (?, ?, ?, ?, ?, ?)', [
          inserted.rowid,
          doc.title,
          doc.summary,
          doc.tags.join(' '),
          doc.categoryNames.join(' '),
          doc.body,
        ]);
        for (const slug of doc.categories) {
          await trx.raw('INSERT OR IGNORE INTO library_search_categories (slug, doc_rowid) VALUES (?, ?)', [slug, inserted.rowid]);
        }
        const fresh = vocabularyOf(doc).filter((w) => !this.vocabulary.has(w));
        for (const word of fresh) await trx.raw('INSERT OR IGNORE INTO library_search_words (word) VALUES (?)', [word]);
      }
    });
    for (const doc of documents) for (const word of vocabularyOf(doc)) this.vocabulary.add(word);
  }

  async remove(ids: string[]) {
    if (!ids.length) return;
    await this.knex.transaction(async (trx) => {
      for (const id of ids) {
        const row = rawRows<{ rowid: number }>(await trx.raw('SELECT rowid FROM library_search_docs WHERE document_id = ?', [id]))[0];
        if (!row) continue;
        await trx.raw('DELETE FROM library_search_fts WHERE rowid = ?', [row.rowid]);
        await trx.raw('DELETE FROM library_search_categories WHERE doc_rowid = ?', [row.rowid]);
        await trx.raw('DELETE FROM library_search_docs WHERE rowid = ?', [row.rowid]);
      }
    });
  }

  async clear() {
    for (const table of ['library_search_fts', 'library_search_categories', 'library_search_docs', 'library_search_words']) {
      await this.knex.raw(`DELETE FROM ${table}`);
    }
    this.vocabulary.clear();
    this.needsRebuild = false;
  }

  /** An FTS5 query from plain words only: each term (or a typo-corrected word) quoted; the last one also as a prefix. */
  private matchExpression(terms: string[]): string {
    return terms
      .map((term, i) => {
        const alternatives = [`"${term}"`, ...typoMatches(term, this.vocabulary).map((w) => `"${w}"`)];
        if (i === terms.length - 1 && term.length >= 2) alternatives.push(`"${term}"*`);
        return `(${alternatives.join(' OR ')})`;
      })
      .join(' AND ');
  }

  async search(query: SearchQuery) {
    const started = Date.now();
    const terms = queryTerms(query.q);
    const { where, params } = facetFilter(query, this.bits, 'sqlite');
    const offset = (query.page - 1) * query.pageSize;
    // Both facets from one pass over the text matches (no facet filter): counts per (kind, category mask).
    const page = (rows: unknown, groups: unknown) => ({ rows: rawRows<DocRow>(rows), ...disjunctiveFacets(rawRows<FacetGroup>(groups), query, this.bits) });

    if (!terms.length) {
      const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
      const rows = await this.knex.raw(`SELECT d.* FROM library_search_docs d ${filter} ORDER BY d.published_at DESC, d.rowid DESC LIMIT ? OFFSET ?`, [...params, query.pageSize, offset]);
      const groups = await this.knex.raw('SELECT d.kind AS kind, d.cat_mask AS mask, COUNT(*) AS count FROM library_search_docs d GROUP BY d.kind, d.cat_mask');
      return toResult(query, page(rows, groups), started);
    }

    const match = this.matchExpression(terms);
    const filter = ['library_search_fts MATCH ?', ...where].join(' AND ');
    const from = 'library_search_fts f JOIN library_search_docs d ON d.rowid = f.rowid';
    const rows = await this.knex.raw(
      `SELECT d.*, highlight(library_search_fts, 0, char(1), char(2)) AS hl_title, highlight(library_search_fts, 1, char(1), char(2)) AS hl_summary
       FROM ${from} WHERE ${filter}
       ORDER BY bm25(library_search_fts, 10.0, 4.0, 3.0, 3.0, 1.0), d.published_at DESC LIMIT ? OFFSET ?`,
      [match, ...params, query.pageSize, offset],
    );
    const groups = await this.knex.raw(`SELECT d.kind AS kind, d.cat_mask AS mask, COUNT(*) AS count FROM ${from} WHERE library_search_fts MATCH ? GROUP BY d.kind, d.cat_mask`, [match]);
    return toResult(query, page(rows, groups), started);
  }

  async browserConfig() {
    return { engine: 'database' as const };
  }
}
