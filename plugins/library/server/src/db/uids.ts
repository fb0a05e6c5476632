/**
 * The content types this plugin reads and writes. The sync outbox is the plugin's own; resources
 * belong to the CMS, and the library only reads their published versions (to index them) and
 * watches their writes (to queue a sync).
 */
export const UID = {
  syncTask: 'plugin::library.sync-task',
  resource: 'api::resource.resource',
} as const;
