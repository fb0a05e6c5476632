import type { Core } from '@strapi/strapi';
import { documentsOf, tableOf } from '@haven/shared/server/strapi';
import type { ResourceEntry, SyncTaskRow } from './rows';
import { UID } from './uids';

/** The plugin's tables through the Query Engine, typed by their rows. */
export function tables(strapi: Core.Strapi) {
  return {
    syncTasks: tableOf<SyncTaskRow>(strapi, UID.syncTask),
  };
}

/** The CMS's resources through the Document Service, read-only (the library never writes them). */
export function resourceDocuments(strapi: Core.Strapi) {
  return documentsOf<ResourceEntry, never>(strapi, UID.resource);
}
