/**
 * The audit log: one append-only record per staff action, from any plugin, and the search behind the
 * admin's Audit log page (super admins only).
 *
 * A record is written inside the caller's flow, after its change succeeded and before it answers:
 * `record` awaits the insert and throws when the input is wrong or the write fails, so a staff action
 * never answers "done" without its entry. The action itself is not rolled back (a refund sent to a
 * provider cannot be), so the failure is also logged with everything needed to write the entry by hand.
 */
import type { Core } from '@strapi/strapi';
import { epochMs } from '@haven/shared/server/db';
import { describeIssues } from '@haven/shared/validation';
import { entryStore } from '../db/entry-store';
import type { EntryRow } from '../db/rows';
import { fromInstant, recordInput, untilInstant, type RecordInput, type SearchQuery } from '../lib/validation';
import { entryView, type AuditEntryView, type EntryRecord } from '../views';

export type { AuditEntryView, RecordInput, SearchQuery };

export interface SearchResult {
  data: AuditEntryView[];
  meta: { pagination: { page: number; pageSize: number; total: number; pageCount: number } };
}

/** What an entry is recorded as: its public id and when. */
export interface Recorded {
  id: string;
  at: string;
}

function recordOf(row: EntryRow): EntryRecord {
  return {
    id: row.documentId,
    at: new Date(epochMs(row.at)).toISOString(),
    actor: { kind: row.actorKind, id: row.actorId ?? null, label: row.actorLabel },
    action: row.action,
    target: { type: row.targetType, id: row.targetId },
    reason: row.reason ?? null,
    ip: row.ip ?? null,
    details: row.details ?? {},
  };
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const store = entryStore(strapi);

  return {
    async record(input: RecordInput, now = new Date()): Promise<Recorded> {
      // A wrong record is a bug in the calling plugin, not in the staff member's request: a plain Error (500), never a 400.
      const parsed = recordInput.safeParse(input);
      if (!parsed.success) throw new Error(`[audit] invalid record of ${String(input?.action)}: ${describeIssues(parsed.error).summary}`);
      const entry = parsed.data;
      try {
        const row = await store.insert({
          at: now,
          actorKind: entry.actor.kind,
          actorId: entry.actor.id ?? null,
          actorLabel: entry.actor.label,
          action: entry.action,
          targetType: entry.target.type,
          targetId: entry.target.id,
          reason: entry.reason || null,
          ip: entry.ip || null,
          details: entry.details ?? null,
        });
        return { id: row.documentId, at: new Date(epochMs(row.at)).toISOString() };
      } catch (err) {
        const what = { at: now.toISOString(), actor: entry.actor, action: entry.action, target: entry.target, ip: entry.ip ?? null };
        strapi.log.error(`[audit] could not record a staff action; it happened but has no audit entry: ${JSON.stringify(what)}: ${err instanceof Error ? err.message : String(err)}`);
        throw err;
      }
    },

    async search(query: SearchQuery): Promise<SearchResult> {
      const { rows, total } = await store.page({
        q: query.q ? query.q.toLowerCase() : undefined,
        action: query.action || undefined,
        actorKind: query.actorKind,
        from: query.from ? fromInstant(query.from) : undefined,
        until: query.to ? untilInstant(query.to) : undefined,
        offset: (query.page - 1) * query.pageSize,
        limit: query.pageSize,
      });
      return {
        data: entryView.pickAll(rows.map(recordOf)),
        meta: { pagination: { page: query.page, pageSize: query.pageSize, total, pageCount: Math.ceil(total / query.pageSize) } },
      };
    },
  };
};
