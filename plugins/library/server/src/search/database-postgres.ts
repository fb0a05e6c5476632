import type { SearchDocument, SearchEngine, SearchQuery } from './types';
import { queryTerms, typoBudget, typoDistance } from './text';
import { rawRows } from '@haven/shared/server/db';
import { CategoryBits, disjunctiveFacets, facetFilter, type DocRow, type FacetGroup, SEARCH_SCHEMA_VERSION, toResult, vocabularyOf, type Strapi } from './database-common';

/**
 * Database search on PostgreSQL: a weighted tsvector (English stemming) with a GIN index, ranked by
 * ts_rank_cd and highlighted with ts_headline; typos are found with pg_trgm similarity over a
 * vocabulary of indexed words, then confirmed by edit distance.
 */
export class PostgresSearchEngine implements SearchEngine {
  readonly name = 'database' as const;
  needsRebuild = false;
  private trigrams = false;
  private readonly bits = new CategoryBits();

  constructor(private readonly strapi: Strapi) {}

  private get knex() {
    return this.strapi.db.connection;
  }

  async init() {
    try {
      await this.knex.raw('CREATE EXTENSION IF NOT EXISTS pg_trgm');
      this.trigrams = true;
    } catch (err) {
      this.strapi.log.warn(`[library] pg_trgm is not available (${(err as Error).message}): searches will not forgive typos`);
    }
    await this.knex.raw('CREATE TABLE IF NOT EXISTS library_search_meta (key text PRIMARY KEY, value text NOT NULL)');
    const version = rawRows<{ value: string }>(await this.knex.raw("SELECT value FROM library_search_meta WHERE key = 'schema'"))[0]?.value;
    if (version !== SEARCH_SCHEMA_VERSION) {
      // Search tables are derived data: rebuild them in the current shape, then refill from the resources.
      await this.knex.raw('DROP TABLE IF EXISTS library_search_docs, library_search_words, library_search_category_bits');
      this.needsRebuild = version !== undefined;
    }
    // `search` (everything, for matching) and `rank_vector` (title, tags, categories, summary: small,
    // stored inline) — ranking on the small one spares detoasting every matching body.
    // Vectors are computed on insert and the body itself is not kept: rows stay narrow, so a scan
    // over many matches reads few pages. `rank_vector` (title, tags, categories, summary) is small
    // and stored inline, so ranking never detoasts the full `search` vector.
    await this.knex.raw(`CREATE TABLE IF NOT EXISTS library_search_docs (
      document_id text PRIMARY KEY, slug text NOT NULL, title text NOT NULL, summary text,
      kind text NOT NULL, categories text[] NOT NULL DEFAULT '{}', cat_mask bigint NOT NULL DEFAULT 0,
      cover_url text, duration_minutes integer, published_at bigint NOT NULL,
      search tsvector NOT NULL, rank_vector tsvector NOT NULL)`);
    await this.knex.raw('CREATE TABLE IF NOT EXISTS library_search_category_bits (slug text PRIMARY KEY, bit integer NOT NULL UNIQUE)');
    await this.knex.raw("INSERT INTO library_search_meta (key, value) VALUES ('schema', ?) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value", [SEARCH_SCHEMA_VERSION]);
    this.bits.load(rawRows<{ slug: string; bit: number | string }>(await this.knex.raw('SELECT slug, bit FROM library_search_category_bits')));
    await this.knex.raw('CREATE INDEX IF NOT EXISTS library_search_docs_search ON library_search_docs USING GIN (search)');
    await this.knex.raw('CREATE INDEX IF NOT EXISTS library_search_docs_mask ON library_search_docs (cat_mask)');
    await this.knex.raw('CREATE INDEX IF NOT EXISTS library_search_docs_kind ON library_search_docs (kind, published_at DESC)');
    await this.knex.raw('CREATE INDEX IF NOT EXISTS library_search_docs_published ON library_search_docs (published_at DESC)');
    await this.knex.raw('CREATE TABLE IF NOT EXISTS library_search_words (word text PRIMARY KEY)');
    if (this.trigrams) {
      // GiST, not GIN: it serves the nearest-neighbour ORDER BY word <-> term as well as the % filter.
      await this.knex.raw('DROP INDEX IF EXISTS library_search_words_trgm');
      await this.knex.raw('CREATE INDEX IF NOT EXISTS library_search_words_trgm_gist ON library_search_words USING GIST (word gist_trgm_ops)');
    }
  }

  async upsert(documents: SearchDocument[]) {
    if (!documents.length) return;
    const freshBits = this.bits.assign([...new Set(documents.flatMap((d) => d.categories))]);
    await this.knex.transaction(async (trx) => {
      for (const { slug, bit } of freshBits) await trx.raw('INSERT INTO library_search_category_bits (slug, bit) VALUES (?, ?) ON CONFLICT DO NOTHING', [slug, bit]);
      for (const doc of documents) {
        const labels = `${doc.tags.join(' ')} ${doc.categoryNames.join(' ')}`;
        await trx.raw(
          `INSERT INTO library_search_docs (document_id, slug, title, summary, kind, categories, cat_mask, cover_url, duration_minutes, published_at, search, rank_vector)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
             setweight(to_tsvector('english', ?), 'A') || setweight(to_tsvector('english', ?), 'B') ||
             setweight(to_tsvector('english', ?), 'B') || setweight(to_tsvector('english', ?), 'D'),
             setweight(to_tsvector('english', ?), 'A') || setweight(to_tsvector('english', ?), 'B') || setweight(to_tsvector('english', ?), 'C'))
           ON CONFLICT (document_id) DO UPDATE SET slug = EXCLUDED.slug, title = EXCLUDED.title, summary = EXCLUDED.summary,
             kind = EXCLUDED.kind, categories = EXCLUDED.categories, cat_mask = EXCLUDED.cat_mask, cover_url = EXCLUDED.cover_url,
             duration_minutes = EXCLUDED.duration_minutes, published_at = EXCLUDED.published_at, search = EXCLUDED.search, rank_vector = EXCLUDED.rank_vector`,
          [
            doc.id, doc.slug, doc.title, doc.summary, doc.kind, doc.categories, this.bits.maskOf(doc.categories), doc.coverUrl, doc.durationMinutes, doc.publishedAt,
            doc.title, labels, doc.summary, doc.body,
            doc.title, labels, doc.summary,
          ],
        );
      }
      const words = [...new Set(documents.flatMap(vocabularyOf))];
      if (words.length) await trx.raw('INSERT INTO library_search_words (word) SELECT unnest(?::text[]) ON CONFLICT DO NOTHING', [words]);
    });
  }

  async remove(ids: string[]) {
    if (ids.length) await this.knex.raw('DELETE FROM library_search_docs WHERE document_id = ANY(?)', [ids]);
  }

  async clear() {
    await this.knex.raw('TRUNCATE library_search_docs, library_search_words');
    this.needsRebuild = false;
  }

  /** Indexed words within the typo budget of each term, found by trigram similarity then edit distance. */
  private async typoAlternatives(terms: string[]): Promise<Map<string, string[]>> {
    const alternatives = new Map<string, string[]>();
    const candidates = terms.filter((t) => typoBudget(t) > 0);
    if (!this.trigrams || !candidates.length) return alternatives;
    const rows = rawRows<{ term: string; word: string }>(
      await this.knex.raw(
        `SELECT t.term, w.word FROM unnest(?::text[]) AS t(term)
         CROSS JOIN LATERAL (SELECT word FROM library_search_words WHERE word % t.term AND word <> t.term ORDER BY word <-> t.term LIMIT 8) w`,
        [candidates],
      ),
    );
    for (const { term, word } of rows) {
      if (typoDistance(term, word) > typoBudget(term)) continue;
      alternatives.set(term, [...(alternatives.get(term) ?? []), word].slice(0, 5));
    }
    return alternatives;
  }

  async search(query: SearchQuery) {
    const started = Date.now();
    const terms = queryTerms(query.q);
    const { where, params } = facetFilter(query, this.bits, 'postgres');
    const offset = (query.page - 1) * query.pageSize;
    // Both facets from one pass over the text matches (no facet filter): counts per (kind, category mask).
    const page = (rows: unknown, groups: unknown) => ({ rows: rawRows<DocRow>(rows), ...disjunctiveFacets(rawRows<FacetGroup>(groups), query, this.bits) });
    const cols = 'd.document_id, d.slug, d.title, d.summary, d.kind, d.categories, d.cover_url, d.duration_minutes, d.published_at';

    if (!terms.length) {
      const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
      const [rows, groups] = await Promise.all([
        this.knex.raw(`SELECT ${cols} FROM library_search_docs d ${filter} ORDER BY d.published_at DESC, d.document_id LIMIT ? OFFSET ?`, [...params, query.pageSize, offset]),
        this.knex.raw('SELECT d.kind AS kind, d.cat_mask AS mask, COUNT(*) AS count FROM library_search_docs d GROUP BY d.kind, d.cat_mask'),
      ]);
      return toResult(query, page(rows, groups), started);
    }

    // Terms are letters and digits only, so the tsquery text cannot carry operators of its own.
    const alternatives = await this.typoAlternatives(terms);
    const tsquery = terms
      .map((term, i) => {
        const options = [term, ...(alternatives.get(term) ?? [])];
        if (i === terms.length - 1 && term.length >= 2) options.push(`${term}:*`);
        return `(${options.join(' | ')})`;
      })
      .join(' & ');
    const filter = ['d.search @@ q.query', ...where].join(' AND ');
    const from = `library_search_docs d, to_tsquery('english', ?) AS q(query)`;
    const allParams = [tsquery, ...params];
    const headline = (col: string) => `ts_headline('english', coalesce(${col}, ''), q.query, 'StartSel=' || chr(1) || ', StopSel=' || chr(2) || ', HighlightAll=true')`;
    const [rows, groups] = await Promise.all([
      this.knex.raw(
        `SELECT page.*, ${headline('page.title')} AS hl_title, ${headline('page.summary')} AS hl_summary
         FROM (SELECT ${cols}, ts_rank(d.rank_vector, q.query) AS rank FROM ${from} WHERE ${filter}
               ORDER BY rank DESC, d.published_at DESC LIMIT ? OFFSET ?) page, to_tsquery('english', ?) AS q(query)
         ORDER BY page.rank DESC, page.published_at DESC`,
        [...allParams, query.pageSize, offset, tsquery],
      ),
      this.knex.raw(`SELECT d.kind AS kind, d.cat_mask AS mask, COUNT(*) AS count FROM ${from} WHERE d.search @@ q.query GROUP BY d.kind, d.cat_mask`, [tsquery]),
    ]);
    return toResult(query, page(rows, groups), started);
  }

  async browserConfig() {
    return { engine: 'database' as const };
  }
}
