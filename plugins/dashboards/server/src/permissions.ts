/** The admin-panel actions of the dashboards, registered as plugin::dashboards.<uid> (the Super Admin holds every one). */
export const dashboardActions = [
  { section: 'plugins', displayName: 'Read dashboards', uid: 'read', pluginName: 'dashboards' },
  // Therapists (GET /dashboards/therapists): applications waiting and per-therapist figures, therapists named; the Super Admin's.
  { section: 'plugins', displayName: 'Read the therapists dashboard', uid: 'therapists', pluginName: 'dashboards' },
  // Engagement (GET /dashboards/engagement): wellness, community and library counts together; the Super Admin's.
  { section: 'plugins', displayName: 'Read the engagement dashboard', uid: 'engagement', pluginName: 'dashboards' },
  // Library views and searches only (GET /dashboards/library): given to the Editor role (cms/src/bootstrap/admin-roles.ts).
  { section: 'plugins', displayName: 'Read library figures', uid: 'library', pluginName: 'dashboards' },
  // Flags waiting and moderation turnaround only (GET /dashboards/moderation): given to the Moderator role.
  { section: 'plugins', displayName: 'Read moderation figures', uid: 'moderation', pluginName: 'dashboards' },
];

export const DASHBOARD_PERMISSIONS = {
  read: 'plugin::dashboards.read',
  therapists: 'plugin::dashboards.therapists',
  engagement: 'plugin::dashboards.engagement',
  library: 'plugin::dashboards.library',
  moderation: 'plugin::dashboards.moderation',
};
