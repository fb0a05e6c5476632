import type { Core } from '@strapi/strapi';
import { ensureIndexes } from '@haven/shared/server/db';
import { UID } from './uids';

/** The page reads newest first, often by action or by actor kind. */
const INDEXES = [
  { uid: UID.entry, name: 'audit_entries_at_idx', attributes: ['at'] },
  { uid: UID.entry, name: 'audit_entries_action_at_idx', attributes: ['action', 'at'] },
  { uid: UID.entry, name: 'audit_entries_actor_at_idx', attributes: ['actorKind', 'at'] },
];

/** A bootstrap step: creates what is missing of INDEXES. */
export const ensureAuditIndexes = (strapi: Core.Strapi) => ensureIndexes(strapi, INDEXES);
