/**
 * The admin-panel actions of the Accounts page: plugin::accounts.read (find accounts) and
 * plugin::accounts.manage (ban, unban, feature, change a site role, invite staff). Strapi gives every
 * registered action to the Super Admin role; Haven's other staff roles (Editor, Moderator) are given
 * their permissions in code (cms/src/bootstrap/admin-roles.ts) and these are never among them.
 */
export const ACCOUNTS_READ = 'plugin::accounts.read';
export const ACCOUNTS_MANAGE = 'plugin::accounts.manage';

export const accountsActions = [
  { section: 'plugins', displayName: 'Find site accounts', uid: 'read', pluginName: 'accounts' },
  { section: 'plugins', displayName: 'Ban, promote and invite (Accounts page)', uid: 'manage', pluginName: 'accounts' },
];
