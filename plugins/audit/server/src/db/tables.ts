import type { Core } from '@strapi/strapi';
import { tableOf } from '@haven/shared/server/strapi';
import type { EntryRow } from './rows';
import { UID } from './uids';

/** The audit table through the Query Engine, typed by its row; asked of Strapi at the time of use. */
export function tables(strapi: Core.Strapi) {
  return {
    get entries() {
      return tableOf<EntryRow>(strapi, UID.entry);
    },
  };
}
