/** Admin-panel actions of the moderation queue, registered as plugin::community.moderation.* */
export const moderationActions = [
  { section: 'plugins', displayName: 'Read the moderation queue', uid: 'moderation.read', pluginName: 'community' },
  { section: 'plugins', displayName: 'Act on queued items and aliases', uid: 'moderation.act', pluginName: 'community' },
];

export const MODERATION_PERMISSIONS = moderationActions.map((action) => `plugin::community.${action.uid}`);
