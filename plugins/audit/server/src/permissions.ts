/**
 * The admin-panel action of the Audit log page, registered as plugin::audit.read. Strapi gives every
 * registered action to the Super Admin role; Haven's other staff roles (Editor, Moderator) are given
 * their permissions in code (cms/src/bootstrap/admin-roles.ts) and this one is never among them.
 */
export const AUDIT_READ = 'plugin::audit.read';

export const auditActions = [{ section: 'plugins', displayName: 'Read the audit log', uid: 'read', pluginName: 'audit' }];
