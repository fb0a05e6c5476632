/** Staff (admin-panel) accounts for HTTP tests: created through Strapi's admin user service, logged in over /admin/login. */
import crypto from 'node:crypto';
import { createRequire } from 'node:module';
import type { Haven } from './haven';
import { adminToken } from './admin';

const require = createRequire(import.meta.url);

export interface Staff {
  id: number;
  email: string;
  password: string;
  token: string;
}

export async function createStaff(haven: Haven, role: 'super-admin' | 'editor' | 'moderator'): Promise<Staff> {
  const { STAFF_ROLES } = require('../../cms/dist/src/bootstrap/admin-roles.js');
  const code = role === 'super-admin' ? 'strapi-super-admin' : STAFF_ROLES[role].code;
  const roleRow = await haven.strapi.service('admin::role').findOne({ code });
  const email = `staff-${crypto.randomBytes(4).toString('hex')}@test.haven.example`;
  const password = `Staff-${crypto.randomBytes(6).toString('hex')}-1A`;
  const user = await haven.strapi.service('admin::user').create({
    email,
    firstname: 'Test',
    lastname: role,
    password,
    isActive: true,
    registrationToken: null,
    roles: [roleRow.id],
  });
  return { id: user.id, email, password, token: await adminToken(haven.url, email, password) };
}
