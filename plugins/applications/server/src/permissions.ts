/**
 * Admin-panel actions of the Therapist applications page, registered as plugin::applications.read
 * (the lists, details and documents) and plugin::applications.review (decisions). Strapi gives every
 * registered action to the Super Admin role; the Editor and Moderator roles are never given them.
 */
export const APPLICATION_PERMISSIONS = { read: 'plugin::applications.read', review: 'plugin::applications.review' };

export const applicationActions = [
  { section: 'plugins', displayName: 'Read therapist applications and licence documents', uid: 'read', pluginName: 'applications' },
  { section: 'plugins', displayName: 'Approve, reject or ask applicants for more', uid: 'review', pluginName: 'applications' },
];
