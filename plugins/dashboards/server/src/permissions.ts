/** The admin-panel action of the Dashboards page and widget, registered as plugin::dashboards.read (the Super Admin holds it). */
export const dashboardActions = [{ section: 'plugins', displayName: 'Read dashboards', uid: 'read', pluginName: 'dashboards' }];

export const DASHBOARD_PERMISSIONS = { read: 'plugin::dashboards.read' };
