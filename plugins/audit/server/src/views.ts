/**
 * Responses by allow-list: an audit entry leaves the server only through this definition, so a column
 * the table grows later stays private until it is named here.
 */
import { publicView, type ViewOf } from '@haven/shared/view';
import type { ActorKind, AuditDetails } from './db/rows';

/** What the view of an entry is picked from: the row under its public id, its parts grouped. */
export interface EntryRecord {
  /** The public id (the row's document id). */
  id: string;
  /** ISO 8601, UTC. */
  at: string;
  actor: { kind: ActorKind; id: number | null; label: string };
  action: string;
  target: { type: string; id: string };
  reason: string | null;
  ip: string | null;
  details: AuditDetails;
}

/** Admin API: GET /audit/entries (each of `data`). */
export const entryView = publicView<EntryRecord>()('id', 'at', 'actor', 'action', 'target', 'reason', 'ip', 'details');

export type AuditEntryView = ViewOf<typeof entryView>;
