import type { Core } from '@strapi/strapi';
import { ensureIndexes as create, type IndexSpec } from '@haven/shared/server/db';
import { UID } from './uids';

/**
 * Indexes the schema files cannot express. The unique ones are what the engagement upserts
 * (db/engagement.ts) conflict on: one row per day and query, one per day and resource. Led by the day,
 * they also serve the dashboards' range reads and the daily pruning.
 */
const INDEXES: IndexSpec[] = [
  { uid: UID.searchDay, name: 'library_search_days_day_query_uq', attributes: ['day', 'query'], unique: true },
  { uid: UID.viewDay, name: 'library_view_days_day_resource_uq', attributes: ['day', 'resourceDocumentId'], unique: true },
];

/** A failure stops the start: without them the upserts could not tell a new day's row from an old one. */
export const ensureIndexes = (strapi: Core.Strapi) => create(strapi, INDEXES);
