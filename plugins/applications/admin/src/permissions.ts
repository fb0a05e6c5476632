/**
 * Admin-panel permissions of the Therapist applications page (registered by the server part as
 * plugin::applications.read and .review). The Super Admin holds them; Editor and Moderator never do.
 */
export const PERMISSIONS = {
  read: [{ action: 'plugin::applications.read', subject: null }],
  review: [{ action: 'plugin::applications.review', subject: null }],
};
