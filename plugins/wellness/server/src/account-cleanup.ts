/**
 * When an account is deleted, everything the wellness tracker kept about that person goes with it:
 * entries (and the data key that opens their reflections), assessments, settings, reminder records,
 * shares and the consent log, on both sides of a share. A database lifecycle on the users-permissions
 * user (no draft & publish there, so it fires once per delete); a failure is logged, never thrown.
 */
import type { Core } from '@strapi/strapi';
import { UID } from './lib/uids';

const USER = 'plugin::users-permissions.user';

interface LifecycleEvent {
  params: { where?: unknown };
  result?: { id?: number } | null;
  state: Record<string, unknown>;
}

export async function forgetUsers(strapi: Core.Strapi, userIds: number[]): Promise<void> {
  if (userIds.length === 0) return;
  const $in = userIds;
  await strapi.db.query(UID.entry).deleteMany({ where: { userId: { $in } } });
  await strapi.db.query(UID.assessment).deleteMany({ where: { userId: { $in } } });
  await strapi.db.query(UID.dataKey).deleteMany({ where: { ownerId: { $in } } });
  await strapi.db.query(UID.setting).deleteMany({ where: { userId: { $in } } });
  await strapi.db.query(UID.reminderSend).deleteMany({ where: { userId: { $in } } });
  await strapi.db.query(UID.share).deleteMany({ where: { $or: [{ clientUserId: { $in } }, { therapistUserId: { $in } }] } });
  await strapi.db.query(UID.consentEvent).deleteMany({ where: { $or: [{ clientUserId: { $in } }, { therapistUserId: { $in } }] } });
}

export function registerAccountCleanup(strapi: Core.Strapi) {
  const forget = (ids: number[]) =>
    forgetUsers(strapi, ids).catch((err: Error) => strapi.log.error(`[wellness] could not remove the data of a deleted account: ${err.message}`));
  strapi.db.lifecycles.subscribe({
    models: [USER],
    async afterDelete(event: LifecycleEvent) {
      if (typeof event.result?.id === 'number') await forget([event.result.id]);
    },
    async beforeDeleteMany(event: LifecycleEvent) {
      const rows: { id: number }[] = await strapi.db.query(USER).findMany({ where: event.params.where as Record<string, unknown>, select: ['id'] });
      event.state.wellnessUserIds = rows.map((row) => row.id);
    },
    async afterDeleteMany(event: LifecycleEvent) {
      const ids = event.state.wellnessUserIds;
      if (Array.isArray(ids)) await forget(ids as number[]);
    },
  });
}
