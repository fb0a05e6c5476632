/** The plugin's own content types. */
export const UID = {
  entry: 'plugin::wellness.entry',
  assessment: 'plugin::wellness.assessment',
  dataKey: 'plugin::wellness.data-key',
  share: 'plugin::wellness.share',
  consentEvent: 'plugin::wellness.consent-event',
  setting: 'plugin::wellness.setting',
  reminderSend: 'plugin::wellness.reminder-send',
} as const;

/** Site accounts: read for ids only, and watched for deletions (account-cleanup.ts). */
export const USER_UID = 'plugin::users-permissions.user';
