/**
 * When an account is deleted, everything the wellness tracker kept about that person goes with it:
 * entries (and the data key that opens their reflections), assessments, settings, reminder records,
 * shares and the consent log, on both sides of a share. A database lifecycle on the users-permissions
 * user (no draft & publish there, so it fires once per delete); a failure is logged, never thrown.
 */
import type { Core } from '@strapi/strapi';
import { tables } from './db/tables';
import { USER_UID } from './db/uids';

interface LifecycleEvent {
  params: { where?: unknown };
  result?: { id?: number } | null;
  state: Record<string, unknown>;
}

/** Rows removed per kind (the erasure of issue 20 reports them; the account deletion only logs failures). */
export interface ForgottenCounts {
  entries: number;
  assessments: number;
  dataKeys: number;
  settings: number;
  reminderSends: number;
  shares: number;
  consentEvents: number;
  /** Entries of other people that named the account among the therapists told of a crisis reflection. */
  crisisMentions: number;
}

export async function forgetUsers(strapi: Core.Strapi, userIds: number[]): Promise<ForgottenCounts> {
  const counts: ForgottenCounts = { entries: 0, assessments: 0, dataKeys: 0, settings: 0, reminderSends: 0, shares: 0, consentEvents: 0, crisisMentions: 0 };
  if (userIds.length === 0) return counts;
  const $in = userIds;
  const t = tables(strapi);
  const removed = (result: { count?: number } | null | undefined) => Number(result?.count ?? 0);
  counts.entries = removed(await t.entries.deleteMany({ where: { userId: { $in } } }));
  counts.assessments = removed(await t.assessments.deleteMany({ where: { userId: { $in } } }));
  counts.dataKeys = removed(await t.dataKeys.deleteMany({ where: { ownerId: { $in } } }));
  counts.settings = removed(await t.settings.deleteMany({ where: { userId: { $in } } }));
  counts.reminderSends = removed(await t.reminderSends.deleteMany({ where: { userId: { $in } } }));
  counts.shares = removed(await t.shares.deleteMany({ where: { $or: [{ clientUserId: { $in } }, { therapistUserId: { $in } }] } }));
  counts.consentEvents = removed(await t.consentEvents.deleteMany({ where: { $or: [{ clientUserId: { $in } }, { therapistUserId: { $in } }] } }));
  // A therapist who was told of a client's crisis reflection is named in that entry (crisisToldIds): the
  // client keeps the entry, without the forgotten account's id. Only crisis-marked entries hold any.
  const forgotten = new Set(userIds);
  const told = await t.entries.findMany({ where: { crisisToldIds: { $notNull: true } }, select: ['id', 'crisisToldIds'] });
  for (const entry of told) {
    const ids = Array.isArray(entry.crisisToldIds) ? entry.crisisToldIds : [];
    const kept = ids.filter((id) => !forgotten.has(id));
    if (kept.length === ids.length) continue;
    await t.entries.updateMany({ where: { id: entry.id }, data: { crisisToldIds: kept } });
    counts.crisisMentions += 1;
  }
  return counts;
}

export function registerAccountCleanup(strapi: Core.Strapi) {
  const forget = (ids: number[]) =>
    forgetUsers(strapi, ids).catch((err: Error) => strapi.log.error(`[wellness] could not remove the data of a deleted account: ${err.message}`));
  strapi.db.lifecycles.subscribe({
    models: [USER_UID],
    async afterDelete(event: LifecycleEvent) {
      if (typeof event.result?.id === 'number') await forget([event.result.id]);
    },
    async beforeDeleteMany(event: LifecycleEvent) {
      const rows = await tables(strapi).users.findMany({ where: event.params.where as Record<string, unknown>, select: ['id'] });
      event.state.wellnessUserIds = rows.map((row) => row.id);
    },
    async afterDeleteMany(event: LifecycleEvent) {
      const ids = event.state.wellnessUserIds;
      if (Array.isArray(ids)) await forget(ids as number[]);
    },
  });
}
