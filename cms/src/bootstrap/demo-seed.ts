import fs from 'node:fs';
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import { STAFF_ROLES } from './admin-roles';
import { seedBookingDemo } from './demo/booking';

interface DemoData {
  password: string;
  resources: { title: string; slug: string; kind: string; categories: string[]; summary: string; body: string }[];
  clients: { email: string; username: string; displayName: string; pronouns: string; timeZone: string }[];
  therapists: (DemoData['clients'][number] & Record<string, any>)[];
  staff: { email: string; firstname: string; lastname: string; role: 'super-admin' | 'editor' | 'moderator' }[];
}

/** Demo seeding runs only when asked (HAVEN_SEED_DEMO=true, as `./haven start` does), on an empty database, never in production. */
export function shouldSeedDemo() {
  return process.env.NODE_ENV !== 'production' && process.env.HAVEN_SEED_DEMO === 'true';
}

export async function seedDemo(strapi: Core.Strapi) {
  const file = path.join(strapi.dirs.app.root, '..', 'database', 'seed', 'demo.json');
  const demo: DemoData = JSON.parse(fs.readFileSync(file, 'utf8'));
  const users = strapi.db.query('plugin::users-permissions.user');
  if ((await users.count({ where: { email: demo.clients[0].email } })) > 0) return false;

  strapi.log.info('[seed] empty database: adding Haven demo data (all demo accounts use the documented demo password)');
  const categoryIds = new Map<string, string>();
  for (const category of await strapi.db.query('api::category.category').findMany({ select: ['slug', 'documentId'] })) {
    categoryIds.set(category.slug, category.documentId);
  }
  for (const resource of demo.resources) {
    await strapi.documents('api::resource.resource').create({
      data: { ...resource, categories: resource.categories.map((slug) => categoryIds.get(slug)) } as any,
      status: 'published',
    });
  }

  const roleId = async (type: string) => (await strapi.db.query('plugin::users-permissions.role').findOne({ where: { type } })).id;
  const addUser = async (person: DemoData['clients'][number], type: 'client' | 'therapist') => {
    const user = await strapi.plugin('users-permissions').service('user').add({
      username: person.username,
      email: person.email,
      password: demo.password,
      provider: 'local',
      confirmed: true,
      blocked: false,
      role: await roleId(type),
    });
    await (strapi.service('api::profile.profile') as any).createForUser(user.id, {
      displayName: person.displayName,
      pronouns: person.pronouns,
      timeZone: person.timeZone,
    });
    return user;
  };
  for (const client of demo.clients) await addUser(client, 'client');
  for (const therapist of demo.therapists) {
    const user = await addUser(therapist, 'therapist');
    const { email, username, displayName, pronouns, timeZone, ...practice } = therapist;
    const verified = practice.verificationStatus === 'verified';
    await strapi.documents('api::therapist-profile.therapist-profile').create({
      data: { ...practice, user: user.id, verifiedAt: verified ? new Date().toISOString() : null, verifiedBy: verified ? 'demo seed' : null } as any,
    });
  }

  const adminRoles = strapi.service('admin::role') as any;
  const codes = { 'super-admin': 'strapi-super-admin', editor: STAFF_ROLES.editor.code, moderator: STAFF_ROLES.moderator.code };
  for (const person of demo.staff) {
    const adminUsers = strapi.db.query('admin::user');
    if ((await adminUsers.count({ where: { email: person.email } })) > 0) continue;
    const role = await adminRoles.findOne({ code: codes[person.role] });
    await (strapi.service('admin::user') as any).create({
      email: person.email,
      firstname: person.firstname,
      lastname: person.lastname,
      password: demo.password,
      isActive: true,
      registrationToken: null,
      roles: [role.id],
    });
  }
  await seedBookingDemo(strapi);
  strapi.log.info(`[seed] demo data ready: ${demo.resources.length} resources, ${demo.clients.length + demo.therapists.length} site accounts, ${demo.staff.length} staff`);
  return true;
}
