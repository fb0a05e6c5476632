/**
 * The content types this plugin reads and writes. The sync outbox and the search and view counts are the plugin's own; resources
 * belong to the CMS, and the library only reads their published versions (to index them) and
 * watches their writes (to queue a sync).
 */
export const UID = {
  syncTask: 'plugin::library.sync-task',
  /** Searches per day and normalised query (db/engagement.ts): counts, never who searched. */
  searchDay: 'plugin::library.search-day',
  /** Views per day and resource (db/engagement.ts): counts, never who read. */
  viewDay: 'plugin::library.view-day',
  resource: 'api::resource.resource',
} as const;
