import type { Core } from '@strapi/strapi';
import { tableOf } from '@haven/shared/server/strapi';
import type { DecisionRow, DocumentRow, ExpiryNoticeRow } from './rows';
import { UID } from './uids';

/** The plugin's tables through the Query Engine, typed by their rows. */
export function tables(strapi: Core.Strapi) {
  return {
    get documents() {
      return tableOf<DocumentRow>(strapi, UID.document);
    },
    get decisions() {
      return tableOf<DecisionRow>(strapi, UID.decision);
    },
    get expiryNotices() {
      return tableOf<ExpiryNoticeRow>(strapi, UID.expiryNotice);
    },
  };
}
