import type { Core } from '@strapi/strapi';
import { identity } from '@haven/plugin-identity/public';
import { profiles } from '../../api/profile/services/profile';

/** A demo person with a site account (users-permissions) and a profile. */
export interface DemoPerson {
  email: string;
  username: string;
  displayName: string;
  pronouns: string;
  timeZone: string;
}

/**
 * Creates a confirmed site account with its profile, or returns the one that has that email already
 * (so that demo seeding can run again without adding anyone twice).
 */
export async function ensureSiteUser(strapi: Core.Strapi, person: DemoPerson, role: 'client' | 'therapist', password: string): Promise<{ id: number; created: boolean }> {
  const existing = await strapi.db.query('plugin::users-permissions.user').findOne({ where: { email: person.email }, select: ['id'] });
  if (existing) return { id: existing.id, created: false };
  const roleRow = await strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: role }, select: ['id'] });
  const user = await strapi.plugin('users-permissions').service('user').add({
    username: person.username,
    email: person.email,
    password,
    provider: 'local',
    confirmed: true,
    blocked: false,
    role: roleRow.id,
  });
  await profiles(strapi).createForUser(user.id, { displayName: person.displayName, pronouns: person.pronouns || null, timeZone: person.timeZone });
  // Demo people have agreed to the notice in force, so the first visit is not a consent page.
  await identity.recordConsent(user.id, 'sign-up');
  return { id: user.id, created: true };
}
