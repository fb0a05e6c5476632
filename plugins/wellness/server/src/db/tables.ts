import type { Core } from '@strapi/strapi';
import { tableOf } from '@haven/shared/server/strapi';
import type { AssessmentRow, ConsentEventRow, DataKeyRow, EntryRow, ReminderSendRow, SettingRow, ShareRow, UserIdRow } from './rows';
import { UID, USER_UID } from './uids';

/** The wellness tables (and the site accounts, for their ids), typed by their rows; each getter asks Strapi at the time of use. */
export function tables(strapi: Core.Strapi) {
  return {
    get entries() {
      return tableOf<EntryRow>(strapi, UID.entry);
    },
    get assessments() {
      return tableOf<AssessmentRow>(strapi, UID.assessment);
    },
    get dataKeys() {
      return tableOf<DataKeyRow>(strapi, UID.dataKey);
    },
    get shares() {
      return tableOf<ShareRow>(strapi, UID.share);
    },
    get consentEvents() {
      return tableOf<ConsentEventRow>(strapi, UID.consentEvent);
    },
    get settings() {
      return tableOf<SettingRow>(strapi, UID.setting);
    },
    get reminderSends() {
      return tableOf<ReminderSendRow>(strapi, UID.reminderSend);
    },
    get users() {
      return tableOf<UserIdRow>(strapi, USER_UID);
    },
  };
}
