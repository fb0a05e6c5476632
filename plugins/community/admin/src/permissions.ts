/**
 * Admin-panel permissions of the moderation queue (registered by the server part of the plugin as
 * plugin::community.moderation.*). The Moderator admin role holds exactly these two.
 */
export const PERMISSIONS = {
  read: [{ action: 'plugin::community.moderation.read', subject: null }],
  act: [{ action: 'plugin::community.moderation.act', subject: null }],
};

/** Role code of Strapi's built-in Super Admin role. */
export const SUPER_ADMIN_CODE = 'strapi-super-admin';
