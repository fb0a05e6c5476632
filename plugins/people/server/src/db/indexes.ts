import type { Core } from '@strapi/strapi';
import { ensureIndexes as createIndexes, type IndexSpec } from '@haven/shared/server/db';
import { UID } from './uids';

/**
 * Indexes the schema file cannot express. The unique (account, day) index is what makes a person's
 * day one row whichever process records it (the insert's ON CONFLICT names it); the other two let
 * the per-day and per-week counts read the index alone.
 */
const INDEXES: IndexSpec[] = [
  { uid: UID.activity, name: 'people_activity_user_day_uq', attributes: ['userId', 'day'], unique: true },
  { uid: UID.activity, name: 'people_activity_day_idx', attributes: ['day', 'userId'] },
  { uid: UID.activity, name: 'people_activity_week_idx', attributes: ['week', 'userId'] },
  { uid: UID.activityCount, name: 'people_activity_counts_period_uq', attributes: ['kind', 'period'], unique: true },
];

/** A failure stops the start: without the unique index a person's day could be counted twice. */
export const ensureIndexes = (strapi: Core.Strapi) => createIndexes(strapi, INDEXES);
