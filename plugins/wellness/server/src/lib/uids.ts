/** The plugin's content types, and the CMS types it reads (never writes). */
export const UID = {
  entry: 'plugin::wellness.entry',
  assessment: 'plugin::wellness.assessment',
  dataKey: 'plugin::wellness.data-key',
  share: 'plugin::wellness.share',
  consentEvent: 'plugin::wellness.consent-event',
  setting: 'plugin::wellness.setting',
  reminderSend: 'plugin::wellness.reminder-send',
} as const;

export const CMS_UID = {
  user: 'plugin::users-permissions.user',
  profile: 'api::profile.profile',
  therapistProfile: 'api::therapist-profile.therapist-profile',
} as const;
