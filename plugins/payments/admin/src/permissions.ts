/**
 * Admin-panel permissions of the Payments page (registered by the server part of the plugin as
 * plugin::payments.payments.*). The Super Admin holds them; give them to other staff roles in
 * Settings → Roles.
 */
export const PERMISSIONS = {
  read: [{ action: 'plugin::payments.payments.read', subject: null }],
  refund: [{ action: 'plugin::payments.payments.refund', subject: null }],
};
