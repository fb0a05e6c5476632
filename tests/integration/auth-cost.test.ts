import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, createUser, randomClientAddress, startHaven, type Haven } from '../helpers/haven';
import { within } from '../helpers/within';

/**
 * Issue 21: a cheaper authenticated request that is still as strict. users-permissions' role
 * permissions and the abilities built from them are kept briefly (AUTH_CACHE_MS, 1000 ms) and a JWT
 * skips the API-token lookup (cms/src/lib/security/auth-cost.ts). What must still hold: a ban and a
 * changed role count on the very next request; a changed permission — a signed-in role's or the
 * public role's — within 2 seconds; a revoked session's access token is refused; API tokens work as
 * before; and fewer queries per request. Other processes: tests/integration/accounts-cluster.test.ts.
 */
const UP = 'plugin::users-permissions';

describe('authentication cost: cached permissions, as strict as before', () => {
  let haven: Haven;
  const api = () => apiClient(haven.url);
  const permissions = () => haven.strapi.db.query(`${UP}.permission`);
  const roleOf = (type: string) => haven.strapi.db.query(`${UP}.role`).findOne({ where: { type } });

  beforeAll(async () => {
    haven = await startHaven({ env: { AUTH_CACHE_MS: '1000' } });
  });
  afterAll(async () => {
    await haven?.close();
  });

  const me = async (jwt: string) => (await api().get('/api/users/me', jwt)).status;

  it('a ban counts on the very next request, and so does lifting it', async () => {
    const person = await createUser(haven, 'client');
    for (let i = 0; i < 3; i++) expect(await me(person.jwt)).toBe(200); // the role's ability is now cached
    await haven.strapi.db.query(`${UP}.user`).update({ where: { id: person.id }, data: { blocked: true } });
    expect(await me(person.jwt)).toBe(401);
    await haven.strapi.db.query(`${UP}.user`).update({ where: { id: person.id }, data: { blocked: false } });
    expect(await me(person.jwt)).toBe(200);
  });

  it('a changed role counts on the very next request (the process that writes an account forgets the kept ones)', async () => {
    const person = await createUser(haven, 'client');
    const bare = await haven.strapi.db.query(`${UP}.role`).create({ data: { name: `No rights ${crypto.randomBytes(3).toString('hex')}`, description: 'test', type: `bare-${crypto.randomBytes(3).toString('hex')}` } });
    const client = await roleOf('client');
    for (let i = 0; i < 3; i++) expect(await me(person.jwt)).toBe(200);
    await haven.strapi.db.query(`${UP}.user`).update({ where: { id: person.id }, data: { role: bare.id } });
    expect(await me(person.jwt)).toBe(403);
    await haven.strapi.db.query(`${UP}.user`).update({ where: { id: person.id }, data: { role: client.id } });
    expect(await me(person.jwt)).toBe(200);
  });

  it('a permission taken from a signed-in role, and given back, takes effect within 2 seconds', async () => {
    const person = await createUser(haven, 'client');
    const client = await roleOf('client');
    const row = await permissions().findOne({ where: { action: `${UP}.user.me`, role: client.id } });
    expect(row).toBeTruthy();
    for (let i = 0; i < 3; i++) expect(await me(person.jwt)).toBe(200);
    await permissions().delete({ where: { id: row.id } });
    try {
      const took = await within(2000, async () => (await me(person.jwt)) === 403);
      expect(took).toBeLessThanOrEqual(2000);
    } finally {
      await permissions().create({ data: { action: `${UP}.user.me`, role: client.id } });
    }
    await within(2000, async () => (await me(person.jwt)) === 200);
  });

  it('a permission taken from the public role, and given back, takes effect within 2 seconds', async () => {
    const publicRole = await roleOf('public');
    const row = await permissions().findOne({ where: { action: 'api::category.category.find', role: publicRole.id } });
    expect(row).toBeTruthy();
    const categories = async () => (await api().get('/api/categories')).status;
    for (let i = 0; i < 3; i++) expect(await categories()).toBe(200);
    await permissions().delete({ where: { id: row.id } });
    try {
      await within(2000, async () => (await categories()) === 403);
    } finally {
      await permissions().create({ data: { action: 'api::category.category.find', role: publicRole.id } });
    }
    await within(2000, async () => (await categories()) === 200);
  });

  it('users-permissions\' advanced settings saved by the admin count at once in this process (and within 2 s in others)', async () => {
    const settings = haven.strapi.store({ type: 'plugin', name: 'users-permissions' });
    const before = await settings.get({ key: 'advanced' });
    const person = await createUser(haven, 'client');
    await haven.strapi.db.query(`${UP}.user`).update({ where: { id: person.id }, data: { confirmed: false } });
    try {
      await settings.set({ key: 'advanced', value: { ...before, email_confirmation: false } });
      for (let i = 0; i < 3; i++) expect(await me(person.jwt)).toBe(200);
      await settings.set({ key: 'advanced', value: { ...before, email_confirmation: true } });
      expect(await me(person.jwt)).toBe(401);
    } finally {
      await settings.set({ key: 'advanced', value: before });
    }
  });

  it('a deleted account\'s token is refused, over HTTP and on the chat\'s socket check alike', async () => {
    const person = await createUser(haven, 'client');
    expect(await me(person.jwt)).toBe(200);
    await haven.strapi.db.query(`${UP}.user`).delete({ where: { id: person.id } });
    expect(await me(person.jwt)).toBe(401);
    const { siteAccounts } = await import('@haven/shared/server/strapi');
    const claims = await siteAccounts(haven.strapi).verifyToken(person.jwt);
    expect(await siteAccounts(haven.strapi).account(Number(claims.id))).toBeNull();
    await expect(siteAccounts(haven.strapi).verifyToken(`${person.jwt}x`)).rejects.toThrow(/Invalid token/);
  });

  it('API tokens still authenticate (read-only reads, writes refused); a forged JWT-shaped token is refused', async () => {
    const created = await haven.strapi.service('admin::api-token').create({ name: `auth-cost ${crypto.randomBytes(3).toString('hex')}`, type: 'read-only', lifespan: null, permissions: [] });
    const token = created.accessKey as string;
    expect(token).not.toContain('.');
    expect((await api().get('/api/categories', token)).status).toBe(200);
    expect((await api().get('/api/categories', `${token}x`)).status).toBe(401);
    const [header, payload] = (await createUser(haven, 'client')).jwt.split('.');
    expect(await me(`${header}.${payload}.${crypto.randomBytes(32).toString('base64url')}`)).toBe(401);
    expect(await me('not.a.token')).toBe(401);
  });

  it('a signed-in request costs fewer queries: no API-token lookup for a JWT, no permission or settings read while they are kept', async () => {
    const person = await createUser(haven, 'client');
    await me(person.jwt);
    const seen: string[] = [];
    const record = (query: { sql: string }) => seen.push(query.sql);
    haven.strapi.db.connection.on('query', record);
    try {
      expect(await me(person.jwt)).toBe(200);
    } finally {
      haven.strapi.db.connection.off('query', record);
    }
    expect(seen.filter((sql) => /strapi_api_tokens/.test(sql))).toEqual([]);
    expect(seen.filter((sql) => /up_permissions/.test(sql))).toEqual([]);
    expect(seen.filter((sql) => /strapi_core_store_settings/.test(sql))).toEqual([]);
    // The account with its role and the session are kept too (forgotten on any write of them), and
    // /me answers from the account the strategy has just read: no statement at all while kept.
    expect(seen).toEqual([]);
  });

  it('/me from the kept account answers what users-permissions\' own read answers, and shows an account written in this process at once', async () => {
    const person = await createUser(haven, 'client');
    const kept = await api().get('/api/users/me', person.jwt);
    expect(kept.status).toBe(200);
    const PRIVATE = ['password', 'resetPasswordToken', 'confirmationToken'];
    const row = await haven.strapi.db.query(`${UP}.user`).findOne({ where: { id: person.id } });
    // Every column but the private ones and the internal `locale` (the output sanitiser drops them, as for users-permissions' own read).
    expect(Object.keys(kept.body).sort()).toEqual(Object.keys(row).filter((key) => !PRIVATE.includes(key) && key !== 'locale').sort());
    for (const secret of [...PRIVATE, 'role']) expect(kept.body).not.toHaveProperty(secret);
    // A query string makes users-permissions answer itself (its own read of the account): every field one may ask for, the same values.
    const fields = Object.keys(row).filter((key) => !PRIVATE.includes(key) && !['id', 'locale'].includes(key));
    const stock = await api().get(`/api/users/me?${fields.map((field, i) => `fields[${i}]=${field}`).join('&')}`, person.jwt);
    expect(stock.status, JSON.stringify(stock.body)).toBe(200);
    expect(kept.body).toEqual(stock.body);

    const renamed = `renamed-${crypto.randomBytes(4).toString('hex')}`;
    await haven.strapi.db.query(`${UP}.user`).update({ where: { id: person.id }, data: { username: renamed } });
    expect((await api().get('/api/users/me', person.jwt)).body.username).toBe(renamed);
  });

  it('a signed-out or revoked session\'s access token is refused on the next request, the other sessions unharmed', async () => {
    const person = await createUser(haven, 'client');
    const second = await apiClient(haven.url, { 'x-forwarded-for': randomClientAddress() }).post('/api/auth/local', { identifier: person.email, password: person.password });
    expect(second.status).toBe(200);
    for (let i = 0; i < 3; i++) {
      expect(await me(person.jwt)).toBe(200); // token, session and account now kept
      expect(await me(second.body.jwt)).toBe(200);
    }
    const sessions = haven.strapi.sessionManager('users-permissions');
    const listed = await sessions.listSessions(String(person.id));
    expect(listed.length).toBe(2);
    const [, payload] = person.jwt.split('.');
    const { sessionId } = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { sessionId: string };
    expect(await sessions.revokeSessionById(String(person.id), sessionId)).toBe(true);
    expect(await me(person.jwt)).toBe(401);
    expect(await me(second.body.jwt)).toBe(200);
    // Ending every session (a ban, an erasure, "sign out everywhere") refuses the rest as promptly.
    await sessions.invalidateRefreshToken(String(person.id));
    expect(await me(second.body.jwt)).toBe(401);
  });

  it('a kept token is the very string that was verified: its claims with another signature, or altered claims under its signature, are refused', async () => {
    const person = await createUser(haven, 'client');
    const other = await createUser(haven, 'client');
    for (let i = 0; i < 3; i++) expect(await me(person.jwt)).toBe(200);
    const [header, payload, signature] = person.jwt.split('.');
    const [, otherPayload] = other.jwt.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    const variants = [
      `${header}.${payload}.${signature.slice(0, -2)}`,
      `${header}.${payload}.${signature}x`,
      `${header}.${otherPayload}.${signature}`,
      `${header}.${Buffer.from(JSON.stringify({ ...claims, exp: Number(claims.exp) + 3600 })).toString('base64url')}.${signature}`,
      `${header}.${Buffer.from(JSON.stringify({ ...claims, type: 'refresh' })).toString('base64url')}.${signature}`,
      `${header}.${payload}.`,
      `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`,
      `${person.jwt}.${signature}`,
      person.jwt.toUpperCase(),
    ];
    for (const token of variants) expect(await me(token), token).toBe(401);
    expect(await me(person.jwt)).toBe(200);
  });
});
