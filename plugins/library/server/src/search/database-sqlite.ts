import type { SearchDocument, SearchEngine, SearchQuery } from './types';
import { queryTerms, typoMatches } from './text';
import { rowsOf, toResult, vocabularyOf, type Strapi } from './database-common';

/**
 * Database search on SQLite: an FTS5 table (porter stemming, diacritics folded) ranked with bm25,
 * highlighted with FTS5's highlight(); typos are matched against a vocabulary of indexed words.
 */
export class SqliteSearchEngine implements SearchEngine {
  readonly name = 'database' as const;
  private vocabulary = new Set<string>();

  constructor(private readonly strapi: Strapi) {}

  private get knex() {
    return this.strapi.db.connection;
  }

  async init() {
    const statements = [
      `CREATE TABLE IF NOT EXISTS library_search_docs (
         rowid INTEGER PRIMARY KEY, document_id TEXT NOT NULL UNIQUE, slug TEXT NOT NULL, title TEXT NOT NULL,
         summary TEXT, kind TEXT NOT NULL, categories TEXT NOT NULL, cover_url TEXT, time_minutes INTEGER, published_at INTEGER NOT NULL)`,
      `CREATE INDEX IF NOT EXISTS library_search_docs_kind ON library_search_docs (kind, published_at)`,
      `CREATE INDEX IF NOT EXISTS library_search_docs_published ON library_search_docs (published_at)`,
      `CREATE TABLE IF NOT EXISTS library_search_categories (slug TEXT NOT NULL, doc_rowid INTEGER NOT NULL, PRIMARY KEY (slug, doc_rowid)) WITHOUT ROWID`,
      `CREATE INDEX IF NOT EXISTS library_search_categories_doc ON library_search_categories (doc_rowid)`,
      `CREATE VIRTUAL TABLE IF NOT EXISTS library_search_fts USING fts5(
         title, summary, tags, category_names, body, tokenize = 'porter unicode61 remove_diacritics 2')`,
      `CREATE TABLE IF NOT EXISTS library_search_words (word TEXT PRIMARY KEY) WITHOUT ROWID`,
    ];
    for (const sql of statements) await this.knex.raw(sql);
    const words = rowsOf(await this.knex.raw('SELECT word FROM library_search_words'));
    this.vocabulary = new Set(words.map((w) => w.word));
  }

  async upsert(documents: SearchDocument[]) {
    if (!documents.length) return;
    await this.knex.transaction(async (trx: any) => {
      for (const doc of documents) {
        const existing = rowsOf(await trx.raw('SELECT rowid FROM library_search_docs WHERE document_id = ?', [doc.id]))[0];
        if (existing) {
          await trx.raw('DELETE FROM library_search_fts WHERE rowid = ?', [existing.rowid]);
          await trx.raw('DELETE FROM library_search_categories WHERE doc_rowid = ?', [existing.rowid]);
          await trx.raw('DELETE FROM library_search_docs WHERE rowid = ?', [existing.rowid]);
        }
        const inserted = rowsOf(
          await trx.raw(
            `INSERT INTO library_search_docs (document_id, slug, title, summary, kind, categories, cover_url, time_minutes, published_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING rowid`,
            [doc.id, doc.slug, doc.title, doc.summary, doc.kind, JSON.stringify(doc.categories), doc.coverUrl, doc.timeMinutes, doc.publishedAt],
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
    await this.knex.transaction(async (trx: any) => {
      for (const id of ids) {
        const row = rowsOf(await trx.raw('SELECT rowid FROM library_search_docs WHERE document_id = ?', [id]))[0];
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
    const where: string[] = [];
    const params: unknown[] = [];
    if (query.kinds.length) {
      where.push(`d.kind IN (${query.kinds.map(() => '?').join(',')})`);
      params.push(...query.kinds);
    }
    for (const slug of query.categories) {
      where.push('EXISTS (SELECT 1 FROM library_search_categories c WHERE c.doc_rowid = d.rowid AND c.slug = ?)');
      params.push(slug);
    }
    const offset = (query.page - 1) * query.pageSize;

    if (!terms.length) {
      const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
      const [rows, kindCounts, categoryCounts] = await Promise.all([
        this.knex.raw(`SELECT d.* FROM library_search_docs d ${filter} ORDER BY d.published_at DESC, d.rowid DESC LIMIT ? OFFSET ?`, [...params, query.pageSize, offset]),
        this.knex.raw(`SELECT d.kind AS key, COUNT(*) AS count FROM library_search_docs d ${filter} GROUP BY d.kind`, params),
        this.knex.raw(
          `SELECT c.slug AS key, COUNT(*) AS count FROM library_search_categories c JOIN library_search_docs d ON d.rowid = c.doc_rowid ${filter} GROUP BY c.slug`,
          params,
        ),
      ]);
      return toResult(query, { rows: rowsOf(rows), kindCounts: rowsOf(kindCounts), categoryCounts: rowsOf(categoryCounts) }, started);
    }

    const match = this.matchExpression(terms);
    const filter = ['library_search_fts MATCH ?', ...where].join(' AND ');
    const allParams = [match, ...params];
    const from = 'library_search_fts f JOIN library_search_docs d ON d.rowid = f.rowid';
    const [rows, kindCounts, categoryCounts] = await Promise.all([
      this.knex.raw(
        `SELECT d.*, highlight(library_search_fts, 0, char(1), char(2)) AS hl_title, highlight(library_search_fts, 1, char(1), char(2)) AS hl_summary
         FROM ${from} WHERE ${filter}
         ORDER BY bm25(library_search_fts, 10.0, 4.0, 3.0, 3.0, 1.0), d.published_at DESC LIMIT ? OFFSET ?`,
        [...allParams, query.pageSize, offset],
      ),
      this.knex.raw(`SELECT d.kind AS key, COUNT(*) AS count FROM ${from} WHERE ${filter} GROUP BY d.kind`, allParams),
      this.knex.raw(
        `SELECT c.slug AS key, COUNT(*) AS count FROM ${from} JOIN library_search_categories c ON c.doc_rowid = d.rowid WHERE ${filter} GROUP BY c.slug`,
        allParams,
      ),
    ]);
    return toResult(query, { rows: rowsOf(rows), kindCounts: rowsOf(kindCounts), categoryCounts: rowsOf(categoryCounts) }, started);
  }

  async browserConfig() {
    return { engine: 'database' as const };
  }
}
