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

export async function forgetUsers(strapi: Core.Strapi, userIds: number[]): Promise<void> {
  if (userIds.length === 0) return;
  const $in = userIds;
  const t = tables(strapi);
  await t.entries.deleteMany({ where: { userId: { $in } } });
  await t.assessments.deleteMany({ where: { userId: { $in } } });
  await t.dataKeys.deleteMany({ where: { ownerId: { $in } } });
  await t.settings.deleteMany({ where: { userId: { $in } } });
  await t.reminderSends.deleteMany({ where: { userId: { $in } } });
  await t.shares.deleteMany({ where: { $or: [{ clientUserId: { $in } }, { therapistUserId: { $in } }] } });
  await t.consentEvents.deleteMany({ where: { $or: [{ clientUserId: { $in } }, { therapistUserId: { $in } }] } });
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
