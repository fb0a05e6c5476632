import crypto from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { notFound } from '@haven/shared/errors';
import { periodicWorker } from '@haven/shared/server/worker';
import { engagementTables, type DaySpan, type DayTotal, type QueryCount, type SearchDays } from '../db/engagement';
import { resourceDocuments } from '../db/tables';
import { oncePerDay } from '../lib/once-per-day';
import { normaliseQuery } from '../lib/search-log';

export type { DaySpan, DayTotal, QueryCount, SearchDays };

/** A viewed resource with what the dashboards show of it. */
export interface ResourceViewCount {
  id: string;
  slug: string;
  title: string;
  views: number;
}

const DAY_MS = 86_400_000;
/** Days of counts kept: a year's comparison plus a month. */
export const KEEP_DAYS = 400;
const utcToday = (now: number) => new Date(now).toISOString().slice(0, 10);

/**
 * What people read and look for in the library, counted without knowing who: searches per day and
 * normalised query (with how often each found nothing), views per day and resource. A visitor counts
 * once per query or resource a day and for a bounded number of them (lib/once-per-day.ts); the
 * address used for that is hashed with a secret that lives only in this process's memory and is
 * never stored. Counts older than KEEP_DAYS days are pruned daily.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const db = () => engagementTables(strapi);
  const salt = crypto.randomBytes(32);
  const visitorOf = (address: string) => crypto.createHmac('sha256', salt).update(address).digest('base64url').slice(0, 22);
  const searches = oncePerDay({ perVisitor: 200, maxKeys: 500_000 });
  const views = oncePerDay({ perVisitor: 200, maxKeys: 500_000 });

  const service = {
    /** Logs a first-page search (later pages and empty queries are the same search or none). Never throws: search must not fail for it. */
    async recordSearch(address: string, rawQuery: string, total: number, page: number, now = Date.now()): Promise<void> {
      const query = normaliseQuery(rawQuery);
      if (!query || page !== 1) return;
      const day = utcToday(now);
      if (!searches.admit(visitorOf(address), query, day)) return;
      try {
        await db().addSearch(day, query, total > 0);
      } catch (err) {
        strapi.log.error(`[library] search log: ${(err as Error).message}`);
      }
    },

    /** Counts a view of the published resource `slug` (404 when there is none); at most once per visitor, resource and day. */
    async recordView(address: string, slug: string, now = Date.now()): Promise<void> {
      const resource = await resourceDocuments(strapi).findFirst({ filters: { slug }, status: 'published', fields: ['documentId'] });
      if (!resource) throw notFound('No such resource');
      const day = utcToday(now);
      if (views.admit(visitorOf(address), resource.documentId, day)) await db().addView(day, resource.documentId);
    },

    searchesPerDay: (span: DaySpan): Promise<SearchDays> => db().searchesPerDay(span),
    topSearches: (span: DaySpan, limit: number): Promise<QueryCount[]> => db().topQueries(span, limit, false),
    noResultSearches: (span: DaySpan, limit: number): Promise<QueryCount[]> => db().topQueries(span, limit, true),
    viewsPerDay: (span: DaySpan): Promise<DayTotal[]> => db().viewsPerDay(span),

    /** The most viewed resources of the span, with their published slug and title (a resource no longer published keeps its id, no title). */
    async topResources(span: DaySpan, limit: number): Promise<ResourceViewCount[]> {
      const counts = await db().topResources(span, limit);
      if (!counts.length) return [];
      const published = await resourceDocuments(strapi).findMany({
        filters: { documentId: { $in: counts.map((c) => c.resourceDocumentId) } },
        status: 'published',
        fields: ['documentId', 'slug', 'title'],
      });
      const byId = new Map(published.map((r) => [r.documentId, r]));
      return counts.map((c) => ({ id: c.resourceDocumentId, slug: byId.get(c.resourceDocumentId)?.slug ?? '', title: byId.get(c.resourceDocumentId)?.title ?? '', views: c.views }));
    },

    /** Forgets counts older than KEEP_DAYS days. */
    async prune(now = Date.now()): Promise<number> {
      return db().pruneBefore(utcToday(now - KEEP_DAYS * DAY_MS));
    },

    /** Prunes now and then once a day (a failure is logged; the next day tries again; on PostgreSQL one process a day). */
    startPruning(): void {
      pruner.start();
    },

    stopPruning: (): Promise<void> => pruner.stop(),
  };
  const pruner = periodicWorker({
    id: 'library.engagement-prune',
    name: '[library] pruning engagement counts failed',
    pass: async () => {
      const gone = await service.prune();
      if (gone) strapi.log.info(`[library] pruned ${gone} engagement counts older than ${KEEP_DAYS} days`);
    },
    intervalMs: () => DAY_MS,
    firstDelayMs: () => 0,
    logError: (message) => strapi.log.error(message),
  });
  return service;
};
