/**
 * The admin action of staff exports (ask for, follow and download a copy of an account's data),
 * registered as plugin::privacy.export. Strapi gives every registered action to the Super Admin role;
 * Editor and Moderator never hold it.
 */
export const EXPORT_PERMISSION = 'plugin::privacy.export';

export const exportActions = [{ section: 'plugins', displayName: "Export a site account's data", uid: 'export', pluginName: 'privacy' }];
