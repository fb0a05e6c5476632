import fs from 'node:fs';
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import { documentsOf } from '@haven/shared/server/strapi';
import { therapistProfiles, type TherapistData } from '../api/therapist-profile/services/therapist-profile';
import { adminRoles, adminUsers as adminUserService, STAFF_ROLES } from './admin-roles';
import { seedBookingDemo } from './demo/booking';
import { seedChatDemo } from './demo/chat';
import { ensureSiteUser, type DemoPerson } from './demo/accounts';
import { seedApplicationDocuments, type DemoApplicant } from './demo/applications';
import { readDemoCommunity, seedDemoCommunity } from './demo/community';
import { seedDemoHistory } from './demo/history';
import { seedLibraryActivity } from './demo/library';
import { seedPaymentInstructions } from './demo/payments';
import { seedWellnessDemo } from './demo/wellness';

interface DemoData {
  password: string;
  resources: { title: string; slug: string; kind: string; categories: string[]; summary: string; body: string }[];
  /** Each with how long ago the demo says they joined (the history moves their sign-up there). */
  clients: (DemoPerson & { joinedDaysAgo: number })[];
  therapists: (DemoPerson & TherapistData & { joinedDaysAgo: number })[];
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
  if ((await users.count({ where: { email: demo.clients[0].email } })) > 0) return seedDemoCommunity(strapi, demo.password);

  strapi.log.info('[seed] empty database: adding Haven demo data (all demo accounts use the documented demo password)');
  const categoryIds = new Map<string, string>();
  for (const category of await strapi.db.query('api::category.category').findMany({ select: ['slug', 'documentId'] })) {
    categoryIds.set(category.slug, category.documentId);
  }
  for (const resource of demo.resources) {
    await documentsOf<unknown, Omit<DemoData['resources'][number], 'categories'> & { categories: (string | undefined)[] }>(strapi, 'api::resource.resource').create({
      data: { ...resource, categories: resource.categories.map((slug) => categoryIds.get(slug)) },
      status: 'published',
    });
  }

  const addUser = async (person: DemoPerson, type: 'client' | 'therapist') => ensureSiteUser(strapi, person, type, demo.password);
  for (const client of demo.clients) await addUser(client, 'client');
  const waiting: DemoApplicant[] = [];
  for (const therapist of demo.therapists) {
    const user = await addUser(therapist, 'therapist');
    const { email, username, displayName, pronouns, timeZone, joinedDaysAgo, ...practice } = therapist;
    const verified = practice.verificationStatus === 'verified';
    await therapistProfiles(strapi).createForUser(user.id, { ...practice, verifiedAt: verified ? new Date().toISOString() : null, verifiedBy: verified ? 'demo seed' : null });
    if (practice.verificationStatus === 'pending') waiting.push({ userId: user.id, displayName, licenceNumber: practice.licenceNumber ?? '', licenceJurisdiction: practice.licenceJurisdiction ?? '', licenceExpiry: practice.licenceExpiry ?? '' });
  }
  // The one waiting application comes with its licence document (the Therapist applications page).
  await seedApplicationDocuments(strapi, waiting);

  const roles = adminRoles(strapi);
  const codes = { 'super-admin': 'strapi-super-admin', editor: STAFF_ROLES.editor.code, moderator: STAFF_ROLES.moderator.code };
  for (const person of demo.staff) {
    const adminUsers = strapi.db.query('admin::user');
    if ((await adminUsers.count({ where: { email: person.email } })) > 0) continue;
    const role = await roles.findOne({ code: codes[person.role] });
    if (!role) throw new Error(`[seed] no admin role ${codes[person.role]}`);
    await adminUserService(strapi).create({
      email: person.email,
      firstname: person.firstname,
      lastname: person.lastname,
      password: demo.password,
      isActive: true,
      registrationToken: null,
      roles: [role.id],
    });
  }
  await seedPaymentInstructions(strapi);
  await seedBookingDemo(strapi);
  await seedChatDemo(strapi);
  await seedDemoCommunity(strapi, demo.password);
  await seedWellnessDemo(strapi);
  const joined = [...demo.clients, ...demo.therapists].map(({ email, joinedDaysAgo }) => ({ email, joinedDaysAgo }));
  const members = readDemoCommunity(strapi).members.map(({ email, memberForDays }) => ({ email, joinedDaysAgo: memberForDays }));
  await seedDemoHistory(strapi, [...joined, ...members]);
  await seedLibraryActivity(strapi);
  strapi.log.info(`[seed] demo data ready: ${demo.resources.length} resources, ${demo.clients.length + demo.therapists.length} site accounts, ${demo.staff.length} staff`);
  return true;
}
