/**
 * The audit plugin's public contract (`@haven/plugin-audit/public`): how any plugin records a staff
 * action, and the search behind the Audit log page. Layer 1: it imports no other plugin.
 *
 * `record` is awaited inside the caller's flow, after its change succeeded and before it answers: it
 * throws when the input is wrong (a bug in the caller) or when the write fails, so the staff member
 * sees an error (500) rather than a "done" without its entry. Details must stay small and never carry
 * personal text (chat, reflections, answers, scores) or who is behind an alias.
 */
import { getService } from './get-service';
import type { ActorKind, AuditDetails } from './db/rows';
import type { AuditEntryView, Recorded, RecordInput, SearchQuery, SearchResult } from './services/entries';

export type { ActorKind, AuditDetails, AuditEntryView, Recorded, RecordInput, SearchQuery, SearchResult };

/** Who acted, as the audit log names them. */
export type AuditActor = RecordInput['actor'];

export const audit = {
  /** Appends one entry (at = now, UTC). Throws on invalid input or a failed write. */
  record: (input: RecordInput): Promise<Recorded> => getService('entries').record(input),
  /** Entries newest first, filtered and paged as the admin route does. */
  search: (query: SearchQuery): Promise<SearchResult> => getService('entries').search(query),
};
