import type { Core } from '@strapi/strapi';
import { tableOf } from '@haven/shared/server/strapi';
import type { DeferredNoticeRow } from './rows';
import { UID } from './uids';

/** Typed Query Engine tables of the plugin. */
export const tables = (strapi: Core.Strapi) => ({
  get deferredNotices() {
    return tableOf<DeferredNoticeRow>(strapi, UID.deferredNotice);
  },
});
