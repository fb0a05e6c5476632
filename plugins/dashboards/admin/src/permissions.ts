/**
 * Admin-panel permission of the Dashboards page and the home page widget (registered by the server
 * part of the plugin as plugin::dashboards.read). The Super Admin holds it; other staff roles only
 * when granted in Settings → Roles.
 */
export const PERMISSIONS = {
  read: [{ action: 'plugin::dashboards.read', subject: null }],
  /** The Therapists page and the applications widget (plugin::dashboards.therapists; the Super Admin's). */
  therapists: [{ action: 'plugin::dashboards.therapists', subject: null }],
};

/** The dashboard pages, in the order the navigation lists them: id, path under the plugin, label and the permission that shows it. */
export const DASHBOARD_PAGES = [
  { id: 'usage', path: '', label: 'Usage', permissions: PERMISSIONS.read },
  { id: 'therapists', path: 'therapists', label: 'Therapists', permissions: PERMISSIONS.therapists },
];
