/**
 * Admin-panel permission of the Dashboards page and the home page widget (registered by the server
 * part of the plugin as plugin::dashboards.read). The Super Admin holds it; other staff roles only
 * when granted in Settings → Roles.
 */
export const PERMISSIONS = {
  read: [{ action: 'plugin::dashboards.read', subject: null }],
  /** The Therapists page and the applications widget (plugin::dashboards.therapists; the Super Admin's). */
  therapists: [{ action: 'plugin::dashboards.therapists', subject: null }],
  /** The Engagement page (plugin::dashboards.engagement; the Super Admin's). */
  engagement: [{ action: 'plugin::dashboards.engagement', subject: null }],
  /** The library widget: views and searches only (plugin::dashboards.library; the Editor role holds it). */
  library: [{ action: 'plugin::dashboards.library', subject: null }],
  /** The moderation widget: flags waiting and turnaround only (plugin::dashboards.moderation; the Moderator role holds it). */
  moderation: [{ action: 'plugin::dashboards.moderation', subject: null }],
};

/** The dashboard pages, in the order the navigation lists them: id, path under the plugin, label and the permission that shows it. */
export const DASHBOARD_PAGES = [
  { id: 'usage', path: '', label: 'Usage', permissions: PERMISSIONS.read },
  { id: 'therapists', path: 'therapists', label: 'Therapists', permissions: PERMISSIONS.therapists },
  { id: 'engagement', path: 'engagement', label: 'Engagement', permissions: PERMISSIONS.engagement },
];
