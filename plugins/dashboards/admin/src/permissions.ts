/**
 * Admin-panel permission of the Dashboards page and the home page widget (registered by the server
 * part of the plugin as plugin::dashboards.read). The Super Admin holds it; other staff roles only
 * when granted in Settings → Roles.
 */
export const PERMISSIONS = {
  read: [{ action: 'plugin::dashboards.read', subject: null }],
};
