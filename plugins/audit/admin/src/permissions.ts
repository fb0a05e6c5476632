/**
 * Admin-panel permission of the Audit log page (registered by the server part of the plugin as
 * plugin::audit.read). Only the Super Admin role holds it.
 */
export const PERMISSIONS = {
  read: [{ action: 'plugin::audit.read', subject: null }],
};
