/**
 * The admin action of staff erasure (schedule, erase now, cancel), registered as plugin::privacy.erase.
 * Strapi gives every registered action to the Super Admin role; Editor and Moderator never hold it.
 */
export const ERASURE_PERMISSION = 'plugin::privacy.erase';

export const erasureActions = [{ section: 'plugins', displayName: 'Erase site accounts (schedule, erase now, cancel)', uid: 'erase', pluginName: 'privacy' }];
