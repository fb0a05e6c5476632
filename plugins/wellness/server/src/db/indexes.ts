/**
 * Indexes the schema files cannot express. The unique ones carry rules the code relies on under
 * parallel requests and several processes: one entry per person per local day, one data key per
 * person, one share per (client, therapist), one settings row per person, one reminder per person
 * per local day. The others serve the range reads of entries, stats and assessments.
 */
import type { Core } from '@strapi/strapi';
import { ensureIndexes as create, type IndexSpec } from '@haven/shared/server/db';
import { UID } from './uids';

const INDEXES: IndexSpec[] = [
  // (user_id, local_date) also answers every range read of entries, stats included, from the index.
  { uid: UID.entry, name: 'wellness_entries_user_date_uq', attributes: ['userId', 'localDate'], unique: true },
  { uid: UID.dataKey, name: 'wellness_data_keys_owner_uq', attributes: ['ownerId'], unique: true },
  { uid: UID.share, name: 'wellness_shares_pair_uq', attributes: ['clientUserId', 'therapistUserId'], unique: true },
  { uid: UID.setting, name: 'wellness_settings_user_uq', attributes: ['userId'], unique: true },
  { uid: UID.reminderSend, name: 'wellness_reminder_sends_uq', attributes: ['userId', 'localDate'], unique: true },
  { uid: UID.assessment, name: 'wellness_assessments_user_date_idx', attributes: ['userId', 'localDate', 'takenAt'] },
  { uid: UID.share, name: 'wellness_shares_therapist_idx', attributes: ['therapistUserId', 'active'] },
  { uid: UID.consentEvent, name: 'wellness_consent_events_client_idx', attributes: ['clientUserId', 'at'] },
  { uid: UID.dataKey, name: 'wellness_data_keys_version_idx', attributes: ['keyVersion', 'id'] },
  { uid: UID.setting, name: 'wellness_settings_reminder_idx', attributes: ['reminderEnabled', 'id'] },
  // The staff dashboards' counts per day (db/activity-days.ts): a range of days read from the index alone.
  { uid: UID.entry, name: 'wellness_entries_date_idx', attributes: ['localDate'] },
  { uid: UID.assessment, name: 'wellness_assessments_taken_idx', attributes: ['takenAt'] },
];

export const ensureIndexes = (strapi: Core.Strapi) => create(strapi, INDEXES);
