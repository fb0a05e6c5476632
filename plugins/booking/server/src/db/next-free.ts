/**
 * The directory's cache of each therapist's next free start, kept on their availability row. Plain
 * SQL: the directory reads many at once, and the writes touch only the two cache columns.
 */
import type { Core } from '@strapi/strapi';
import { meta } from './meta';
import { UID } from './uids';
import { msOrNull } from './values';

export interface CachedNextFree {
  therapistUserId: number;
  /** Epoch ms, or null when none was found (or none computed yet). */
  nextFreeAt: number | null;
  computedAt: number | null;
}

const availability = (strapi: Core.Strapi) => meta(strapi, UID.availability);

export async function saveNextFree(strapi: Core.Strapi, therapistUserId: number, next: number | null, now: number): Promise<void> {
  const t = availability(strapi);
  await strapi.db
    .connection(t.table)
    .where(t.column('therapistUserId'), therapistUserId)
    .update({ [t.column('nextFreeAt')]: next === null ? null : new Date(next), [t.column('nextFreeComputedAt')]: new Date(now) });
}

export async function readNextFree(strapi: Core.Strapi, therapistUserIds: number[]): Promise<CachedNextFree[]> {
  if (!therapistUserIds.length) return [];
  const t = availability(strapi);
  const rows: Record<string, unknown>[] = await strapi.db
    .connection(t.table)
    .whereIn(t.column('therapistUserId'), therapistUserIds)
    .select(t.column('therapistUserId'), t.column('nextFreeAt'), t.column('nextFreeComputedAt'));
  return rows.map((row) => ({
    therapistUserId: Number(row[t.column('therapistUserId')]),
    nextFreeAt: msOrNull(row[t.column('nextFreeAt')]),
    computedAt: msOrNull(row[t.column('nextFreeComputedAt')]),
  }));
}

/** Marks a therapist's cached start as stale (the next read recomputes it). */
export async function forgetNextFree(strapi: Core.Strapi, therapistUserId: number): Promise<void> {
  const t = availability(strapi);
  await strapi.db.connection(t.table).where(t.column('therapistUserId'), therapistUserId).update({ [t.column('nextFreeComputedAt')]: null });
}

/** Therapists whose cached start was never computed or is older than `staleBefore`, at most `limit`. */
export async function staleNextFree(strapi: Core.Strapi, staleBefore: number, limit: number): Promise<number[]> {
  const t = availability(strapi);
  const rows: Record<string, unknown>[] = await strapi.db
    .connection(t.table)
    .where((w) => w.whereNull(t.column('nextFreeComputedAt')).orWhere(t.column('nextFreeComputedAt'), '<', new Date(staleBefore)))
    .limit(limit)
    .select(t.column('therapistUserId'));
  return rows.map((row) => Number(row[t.column('therapistUserId')]));
}
