/** Rows of the audit log, typed once (Query Engine reads and writes in this folder). */

export type ActorKind = 'admin' | 'site' | 'system';

/** A small, flat record of facts about an action (never personal text: see README). */
export type AuditDetails = Record<string, string | number | boolean | null>;

/** One audit entry as stored (plugin::audit.entry). */
export interface EntryRow {
  id: number;
  documentId: string;
  at: Date | string;
  actorKind: ActorKind;
  actorId: number | null;
  actorLabel: string;
  action: string;
  targetType: string;
  targetId: string;
  reason: string | null;
  ip: string | null;
  details: AuditDetails | null;
}
