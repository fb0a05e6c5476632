/** Shared set-up of the community suites (community-*.test.ts): staff logins, members, leak checks. */
import crypto from 'node:crypto';
import { expect } from 'vitest';
import { apiClient, type ApiResponse, type Haven } from '../helpers/haven';

export const MEMBER_UID = 'plugin::community.member';
const DAY = 24 * 60 * 60 * 1000;

export interface Staff {
  id: number;
  email: string;
  name: string;
  token: string;
  api: ReturnType<typeof apiClient>;
}

/** Creates an admin-panel user with the role of that code, logs them in, and returns a client for the admin API. */
export async function staffUser(haven: Haven, roleCode: 'strapi-super-admin' | 'haven-moderator' | 'strapi-editor'): Promise<Staff> {
  const role = await haven.strapi.db.query('admin::role').findOne({ where: { code: roleCode } });
  if (!role) throw new Error(`no admin role ${roleCode}`);
  const tag = crypto.randomBytes(4).toString('hex');
  const email = `staff_${tag}@test.haven.example`;
  const password = 'Staff-Passw0rd!';
  const firstname = roleCode === 'haven-moderator' ? 'Morgan' : roleCode === 'strapi-editor' ? 'Eddie' : 'Ada';
  const user = await haven.strapi.service('admin::user').create({
    email,
    firstname,
    lastname: `Staff${tag}`,
    password,
    isActive: true,
    registrationToken: null,
    roles: [role.id],
  });
  const login = await apiClient(haven.url).post('/admin/login', { email, password });
  if (login.status !== 200) throw new Error(`admin login failed: ${login.status} ${JSON.stringify(login.body)}`);
  const token = login.body.data.token as string;
  return { id: user.id, email, name: `${firstname} Staff${tag}`, token, api: apiClient(haven.url, { authorization: `Bearer ${token}` }) };
}

/** The member row behind a site user (tests only: the API never answers with it). */
export async function memberOf(haven: Haven, userId: number) {
  return haven.strapi.db.query(MEMBER_UID).findOne({ where: { userId } });
}

/** Moves a member's first visit back in time (set-up through the database, as an old account would be). */
export async function backdateMember(haven: Haven, userId: number, days: number) {
  const member = await memberOf(haven, userId);
  if (!member) throw new Error('member does not exist yet: call GET /api/community/me first');
  await haven.strapi.db.query(MEMBER_UID).update({ where: { id: member.id }, data: { joinedAt: new Date(Date.now() - days * DAY) } });
}

export const CLEAN_TEXT = 'Today was hard but I made it through the afternoon with a walk.';

/** Every key of a JSON value whose name says "id" and whose value is a number (none may exist). */
export function numericIdFields(value: unknown, path = '$'): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => numericIdFields(v, `${path}[${i}]`));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, v]) => {
      const here = `${path}.${key}`;
      const own = /(^id$|id$|_id$|Id$|ID$)/i.test(key) && typeof v === 'number' ? [`${here}=${v}`] : [];
      return [...own, ...numericIdFields(v, here)];
    });
  }
  return [];
}

export interface Secret {
  username: string;
  email: string;
  userId: number;
  memberId?: number;
}

/** Asserts that a response says nothing that links an alias to an account. */
export function expectNoLeak(label: string, res: ApiResponse, secrets: Secret[]) {
  const text = typeof res.body === 'string' ? res.body : JSON.stringify(res.body ?? null);
  const lines: string[] = [];
  res.headers.forEach((value, key) => lines.push(`${key}: ${value}`));
  const headers = lines.join('\n');
  for (const secret of secrets) {
    for (const [what, needle] of [
      ['username', secret.username],
      ['email', secret.email],
    ] as const) {
      expect(text.toLowerCase().includes(needle.toLowerCase()), `${label}: body carries the ${what} ${needle}`).toBe(false);
      expect(headers.toLowerCase().includes(needle.toLowerCase()), `${label}: headers carry the ${what} ${needle}`).toBe(false);
    }
    for (const n of [secret.userId, secret.memberId].filter((x): x is number => typeof x === 'number')) {
      expect(new RegExp(`"(id|userId|user_id|memberId|member_id|authorId|author_id|user|member|owner)"\\s*:\\s*"?${n}\\b`, 'i').test(text), `${label}: carries numeric id ${n}`).toBe(false);
    }
  }
  expect(numericIdFields(res.body), `${label}: numeric id fields`).toEqual([]);
  expect(/^(x-user|x-member|x-account)/im.test(headers), `${label}: identifying header`).toBe(false);
  for (const key of ['user', 'users', 'username', 'email', 'profile', 'userId', 'memberId', 'authorId', 'owner']) {
    expect(JSON.stringify(res.body ?? null).includes(`"${key}":`), `${label}: carries a "${key}" field`).toBe(false);
  }
}
