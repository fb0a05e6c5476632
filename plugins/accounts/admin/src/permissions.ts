/**
 * Admin-panel permissions of the Accounts page (registered by the server part of the plugin as
 * plugin::accounts.read and plugin::accounts.manage). Only the Super Admin role holds them.
 */
export const PERMISSIONS = {
  read: [{ action: 'plugin::accounts.read', subject: null }],
  manage: [{ action: 'plugin::accounts.manage', subject: null }],
};
