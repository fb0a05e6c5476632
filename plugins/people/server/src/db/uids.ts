/**
 * The content types people reads. They belong to the CMS (profiles) and to users-permissions
 * (accounts, roles): people is the one plugin that names them; every other plugin asks people.
 */
export const UID = {
  profile: 'api::profile.profile',
  therapistProfile: 'api::therapist-profile.therapist-profile',
  user: 'plugin::users-permissions.user',
  role: 'plugin::users-permissions.role',
  /** The CMS's pending email changes (api::account): read and erased only for a person's own data (issue 20, db/personal-data.ts). */
  emailChange: 'api::account.email-change',
  /** Strapi's upload plugin's files: read only to find a profile's avatar for erasure; removed through the upload service. */
  file: 'plugin::upload.file',
  /** People's own table: one row per account and UTC day of activity (db/activity-days.ts). */
  activity: 'plugin::people.activity',
  /** How many people were active per day and per ISO week, kept from the activity days (db/activity-counts.ts). */
  activityCount: 'plugin::people.activity-count',
} as const;
export type PeopleUid = (typeof UID)[keyof typeof UID];
