import type { Core } from '@strapi/strapi';

export const MODERATION_READ = 'plugin::community.moderation.read';
export const MODERATION_ACT = 'plugin::community.moderation.act';

/** Admin-panel actions of the moderation queue, registered as plugin::community.moderation.* */
export const moderationActions = [
  { section: 'plugins', displayName: 'Read the moderation queue', uid: 'moderation.read', pluginName: 'community' },
  { section: 'plugins', displayName: 'Act on queued items and aliases', uid: 'moderation.act', pluginName: 'community' },
];

export const MODERATION_PERMISSIONS = [MODERATION_READ, MODERATION_ACT];

/** The part of admin::permission this plugin uses. */
interface AdminPermissionService {
  actionProvider: { registerMany(actions: typeof moderationActions): Promise<void> };
}

/** Registers the moderation actions: the Moderator admin role holds these and nothing else. */
export async function registerModerationActions(strapi: Core.Strapi) {
  const permissions = strapi.service('admin::permission') as AdminPermissionService;
  await permissions.actionProvider.registerMany(moderationActions);
}
