/**
 * Writes and reads of the audit table. Only inserts: the table has no update or delete path in Haven's
 * code, and the triggers of append-only.ts refuse them from anywhere else.
 */
import type { Core } from '@strapi/strapi';
import type { ActorKind, EntryRow } from './rows';
import { tables } from './tables';

/** An entry to append: a row without its ids, at a real Date. */
export type NewEntry = Omit<EntryRow, 'id' | 'documentId' | 'at'> & { at: Date };

export interface EntryFilters {
  /** Already lower-cased and bounded. */
  q?: string;
  action?: string;
  actorKind?: ActorKind;
  from?: Date;
  until?: Date;
  offset: number;
  limit: number;
}

const SEARCHED: (keyof EntryRow & string)[] = ['actorLabel', 'action', 'targetType', 'targetId', 'reason'];

function whereOf(filters: EntryFilters): Record<string, unknown> {
  const and: Record<string, unknown>[] = [];
  // $containsi: ILIKE on PostgreSQL, LIKE on lower() on SQLite; one OR over the searched columns.
  if (filters.q) and.push({ $or: SEARCHED.map((column) => ({ [column]: { $containsi: filters.q } })) });
  if (filters.action) and.push({ action: filters.action });
  if (filters.actorKind) and.push({ actorKind: filters.actorKind });
  if (filters.from) and.push({ at: { $gte: filters.from } });
  if (filters.until) and.push({ at: { $lt: filters.until } });
  return and.length ? { $and: and } : {};
}

export function entryStore(strapi: Core.Strapi) {
  const db = tables(strapi);
  return {
    insert: (entry: NewEntry): Promise<EntryRow> => db.entries.create({ data: entry }),

    async page(filters: EntryFilters): Promise<{ rows: EntryRow[]; total: number }> {
      const where = whereOf(filters);
      const [rows, total] = await Promise.all([
        db.entries.findMany({ where, orderBy: [{ at: 'desc' }, { id: 'desc' }], offset: filters.offset, limit: filters.limit }),
        db.entries.count({ where }),
      ]);
      return { rows, total };
    },
  };
}
