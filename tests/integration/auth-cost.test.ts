import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, createUser, startHaven, type Haven } from '../helpers/haven';

/**
 * Issue 21: a cheaper authenticated request that is still as strict. users-permissions' role
 * permissions and the abilities built from them are kept briefly (AUTH_CACHE_MS, 1000 ms) and a JWT
 * skips the API-token lookup (cms/src/lib/security/auth-cost.ts). What must still hold: a ban and a
 * changed role count on the very next request; a changed permission — a signed-in role's or the
 * public role's — within 2 seconds; API tokens work as before; and fewer queries per request.
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

  /** Polls until `check` holds; returns how long that took (ms), or fails after `limitMs`. */
  async function within(limitMs: number, check: () => Promise<boolean>): Promise<number> {
    const started = Date.now();
    while (!(await check())) {
      if (Date.now() - started > limitMs) throw new Error(`did not take effect within ${limitMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return Date.now() - started;
  }

  const me = async (jwt: string) => (await api().get('/api/users/me', jwt)).status;

  it('a ban counts on the very next request, and so does lifting it', async () => {
    const person = await createUser(haven, 'client');
    for (let i = 0; i < 3; i++) expect(await me(person.jwt)).toBe(200); // the role's ability is now cached
    await haven.strapi.db.query(`${UP}.user`).update({ where: { id: person.id }, data: { blocked: true } });
    expect(await me(person.jwt)).toBe(401);
    await haven.strapi.db.query(`${UP}.user`).update({ where: { id: person.id }, data: { blocked: false } });
    expect(await me(person.jwt)).toBe(200);
  });

  it('a changed role counts on the very next request (the account and its role are read every time)', async () => {
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
    // The reads that stay: the account with its role (a ban must count at once) and the controller's own read.
    expect(seen.filter((sql) => /from .up_users. /.test(sql))).toHaveLength(2);
    expect(seen.length).toBeLessThanOrEqual(3);
  });
});
