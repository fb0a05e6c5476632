/**
 * The library's engagement counts: searches per UTC day and normalised query, views per UTC day and
 * resource. Writes are single-statement upserts (INSERT … ON CONFLICT DO UPDATE, on SQLite and
 * PostgreSQL alike, on the unique indexes of db/indexes.ts), so parallel requests and several
 * processes add up exactly. Reads are one grouped query per series. No person, account or address is
 * stored or read here.
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { tableMeta } from '@haven/shared/server/db';
import { UID } from './uids';

/** A UTC day, 'YYYY-MM-DD', and a number on it. */
export interface DayTotal {
  day: string;
  count: number;
}

export interface SearchDays {
  searches: DayTotal[];
  noResults: DayTotal[];
}

export interface QueryCount {
  query: string;
  searches: number;
  noResults: number;
}

export interface ResourceCount {
  resourceDocumentId: string;
  views: number;
}

/** Days as stored ('YYYY-MM-DD', compared as text): from `firstDay` to `lastDay`, both included. */
export interface DaySpan {
  firstDay: string;
  lastDay: string;
}

type Grouped = { day: unknown; n: unknown; empty?: unknown };

export function engagementTables(strapi: Core.Strapi) {
  const knex = strapi.db.connection;
  const search = tableMeta(strapi, UID.searchDay);
  const view = tableMeta(strapi, UID.viewDay);
  const s = search.column;
  const v = view.column;
  /** `table.column + amount`: the stored row's value in an upsert's update (qualified: PostgreSQL would find it ambiguous). */
  const plus = (table: string, column: string, amount: number): Knex.Raw => knex.raw('??.?? + ?', [table, column, amount]);
  const inSpan = (column: string, span: DaySpan) => (q: Knex.QueryBuilder) => q.whereBetween(column, [span.firstDay, span.lastDay]);

  return {
    async addSearch(day: string, query: string, found: boolean): Promise<void> {
      const empty = found ? 0 : 1;
      await knex(search.table)
        .insert({ [s('day')]: day, [s('query')]: query, [s('searches')]: 1, [s('noResults')]: empty })
        .onConflict([s('day'), s('query')])
        .merge({ [s('searches')]: plus(search.table, s('searches'), 1), [s('noResults')]: plus(search.table, s('noResults'), empty) });
    },

    async addView(day: string, resourceDocumentId: string): Promise<void> {
      await knex(view.table)
        .insert({ [v('day')]: day, [v('resourceDocumentId')]: resourceDocumentId, [v('views')]: 1 })
        .onConflict([v('day'), v('resourceDocumentId')])
        .merge({ [v('views')]: plus(view.table, v('views'), 1) });
    },

    async searchesPerDay(span: DaySpan): Promise<SearchDays> {
      const rows: Grouped[] = await knex(search.table)
        .select(knex.raw('?? AS ??', [s('day'), 'day']))
        .sum({ n: s('searches'), empty: s('noResults') })
        .modify(inSpan(s('day'), span))
        .groupBy(s('day'))
        .orderBy('day');
      return {
        searches: rows.map((row) => ({ day: String(row.day), count: Number(row.n) })),
        noResults: rows.filter((row) => Number(row.empty) > 0).map((row) => ({ day: String(row.day), count: Number(row.empty) })),
      };
    },

    /** The most frequent queries of the span (`onlyEmpty`: those that found nothing, by how often they did). */
    async topQueries(span: DaySpan, limit: number, onlyEmpty: boolean): Promise<QueryCount[]> {
      const order = onlyEmpty ? 'empty' : 'n';
      const query = knex(search.table)
        .select(knex.raw('?? AS ??', [s('query'), 'query']))
        .sum({ n: s('searches'), empty: s('noResults') })
        .modify(inSpan(s('day'), span))
        .groupBy(s('query'))
        .orderBy([{ column: order, order: 'desc' }, { column: 'query', order: 'asc' }])
        .limit(limit);
      if (onlyEmpty) query.havingRaw('SUM(??) > 0', [s('noResults')]);
      const rows: { query: unknown; n: unknown; empty: unknown }[] = await query;
      return rows.map((row) => ({ query: String(row.query), searches: Number(row.n), noResults: Number(row.empty) }));
    },

    async viewsPerDay(span: DaySpan): Promise<DayTotal[]> {
      const rows: Grouped[] = await knex(view.table)
        .select(knex.raw('?? AS ??', [v('day'), 'day']))
        .sum({ n: v('views') })
        .modify(inSpan(v('day'), span))
        .groupBy(v('day'))
        .orderBy('day');
      return rows.map((row) => ({ day: String(row.day), count: Number(row.n) }));
    },

    async topResources(span: DaySpan, limit: number): Promise<ResourceCount[]> {
      const rows: { id: unknown; n: unknown }[] = await knex(view.table)
        .select(knex.raw('?? AS ??', [v('resourceDocumentId'), 'id']))
        .sum({ n: v('views') })
        .modify(inSpan(v('day'), span))
        .groupBy(v('resourceDocumentId'))
        .orderBy([{ column: 'n', order: 'desc' }, { column: 'id', order: 'asc' }])
        .limit(limit);
      return rows.map((row) => ({ resourceDocumentId: String(row.id), views: Number(row.n) }));
    },

    /** Forgets the counts of days before `firstKept`; answers how many rows went. */
    async pruneBefore(firstKept: string): Promise<number> {
      const [searches, views] = await Promise.all([
        knex(search.table).where(s('day'), '<', firstKept).delete(),
        knex(view.table).where(v('day'), '<', firstKept).delete(),
      ]);
      return searches + views;
    },
  };
}
