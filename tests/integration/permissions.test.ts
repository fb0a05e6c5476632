import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, createUser, startHaven, type Haven } from '../helpers/haven';

/**
 * The role table: every Haven endpoint × every site role → allowed or refused. "Allowed" means the
 * permission layer let the call through (any status but 401/403/405); "refused" means 401 or 403,
 * or 405 where no such route exists at all (writes to the library go through the admin only).
 */
type Role = 'public' | 'client' | 'therapist';
const ALL: Role[] = ['public', 'client', 'therapist'];
const SIGNED_IN: Role[] = ['client', 'therapist'];

const TABLE: { method: 'GET' | 'PUT' | 'POST'; path: string; body?: unknown; allowed: Role[] }[] = [
  { method: 'GET', path: '/api/users/me', allowed: SIGNED_IN },
  { method: 'GET', path: '/api/users', allowed: [] },
  { method: 'GET', path: '/api/users/1', allowed: [] },
  { method: 'PUT', path: '/api/users/1', body: { username: 'x' }, allowed: [] },
  { method: 'GET', path: '/api/users-permissions/roles', allowed: [] },
  { method: 'GET', path: '/api/profiles/me', allowed: SIGNED_IN },
  { method: 'PUT', path: '/api/profiles/me', body: { pronouns: 'she/her' }, allowed: SIGNED_IN },
  { method: 'GET', path: '/api/profiles/me/notifications', allowed: SIGNED_IN },
  { method: 'PUT', path: '/api/profiles/me/notifications', body: { wellness: true }, allowed: SIGNED_IN },
  { method: 'POST', path: '/api/account/email', body: {}, allowed: SIGNED_IN },
  { method: 'POST', path: '/api/account/email/check', body: { token: 'x' }, allowed: SIGNED_IN },
  { method: 'POST', path: '/api/account/email/confirm', body: { token: 'x' }, allowed: SIGNED_IN },
  { method: 'GET', path: '/api/therapist-profiles/me', allowed: ['therapist'] },
  { method: 'PUT', path: '/api/therapist-profiles/me', body: { bio: 'Hello' }, allowed: ['therapist'] },
  { method: 'GET', path: '/api/therapists', allowed: ALL },
  { method: 'GET', path: '/api/categories', allowed: ALL },
  { method: 'GET', path: '/api/resources', allowed: ALL },
  { method: 'POST', path: '/api/resources', body: { data: { title: 'x' } }, allowed: [] },
  { method: 'POST', path: '/api/categories', body: { data: { name: 'x' } }, allowed: [] },
  { method: 'GET', path: '/api/people/health', allowed: ALL },
  { method: 'GET', path: '/api/booking/health', allowed: ALL },
  { method: 'GET', path: '/api/payments/health', allowed: ALL },
  { method: 'GET', path: '/api/chat/health', allowed: ALL },
  { method: 'GET', path: '/api/wellness/health', allowed: ALL },
  { method: 'GET', path: '/api/community/health', allowed: ALL },
  { method: 'GET', path: '/api/library/health', allowed: ALL },
  { method: 'POST', path: '/api/auth/logout', body: {}, allowed: SIGNED_IN },
  { method: 'GET', path: '/api/auth/sessions', allowed: SIGNED_IN },
];

describe('roles and their permissions', () => {
  let haven: Haven;
  const tokens: Partial<Record<Role, string>> = {};

  beforeAll(async () => {
    haven = await startHaven();
    tokens.client = (await createUser(haven, 'client')).jwt;
    tokens.therapist = (await createUser(haven, 'therapist')).jwt;
  });
  afterAll(async () => haven?.close());

  const cases = TABLE.flatMap((row) => ALL.map((role) => ({ ...row, role, expected: row.allowed.includes(role) })));

  it.each(cases)('$method $path as $role → allowed: $expected', async ({ method, path, body, role, expected }) => {
    // Logout ends the session, so give it a fresh one rather than the shared token.
    const jwt = role === 'public' ? undefined : path === '/api/auth/logout' ? (await createUser(haven, role)).jwt : tokens[role];
    const api = apiClient(haven.url);
    const res = method === 'GET' ? await api.get(path, jwt) : method === 'PUT' ? await api.put(path, body, jwt) : await api.post(path, body, jwt);
    const refused = [401, 403, 405];
    if (expected) expect(refused, `${method} ${path} as ${role} was refused: ${JSON.stringify(res.body)}`).not.toContain(res.status);
    else expect(refused, `${method} ${path} as ${role} answered ${res.status}`).toContain(res.status);
  });

  it("checks every plugin route against its own permission, never a neighbour's", () => {
    // Strapi writes a route's permission scope into its config object with defaultsDeep: routes that
    // share one config object all end up checked against the first one's scope (a public health
    // check, say). Every Haven route must carry exactly plugin::<name>.<controller>.<action>.
    type Route = { method: string; path: string; handler: unknown; config?: { auth?: false | { scope?: string[] } } };
    const plugins = haven.strapi.plugins as Record<string, { routes: Record<string, { routes: Route[] }> | Route[] }>;
    const wrong: string[] = [];
    const withoutAuth: string[] = [];
    let checked = 0;
    for (const name of ['booking', 'payments', 'chat', 'wellness', 'community', 'library']) {
      const routers = plugins[name].routes;
      const routes = Array.isArray(routers) ? routers : Object.values(routers).flatMap((router) => router.routes);
      for (const route of routes) {
        if (typeof route.handler !== 'string') continue;
        checked++;
        if (route.config?.auth === false) {
          withoutAuth.push(`${route.method} /${name}${route.path}`);
          continue;
        }
        const expected = `plugin::${name}.${route.handler}`;
        const scope = route.config?.auth?.scope ?? [];
        if (scope.length !== 1 || scope[0] !== expected) wrong.push(`${route.method} /${name}${route.path}: ${JSON.stringify(scope)} instead of ${expected}`);
      }
    }
    expect(checked).toBeGreaterThan(50);
    expect(wrong).toEqual([]);
    // Only payment providers' webhooks skip the permission layer: their signature is their authentication.
    expect(withoutAuth.sort()).toEqual(['POST /payments/paypal/webhook', 'POST /payments/stripe/webhook']);
  });

  it('seeds the roles idempotently with exactly the permissions in code', async () => {
    const { SITE_ROLES, seedSiteRoles } = require('../../cms/dist/src/bootstrap/site-roles.js');
    await seedSiteRoles(haven.strapi);
    await seedSiteRoles(haven.strapi);
    const roles = await haven.strapi.db.query('plugin::users-permissions.role').findMany({ populate: ['permissions'] });
    for (const [type, spec] of Object.entries<any>(SITE_ROLES)) {
      const role = roles.filter((r: any) => r.type === type);
      expect(role).toHaveLength(1);
      expect(role[0].permissions.map((p: any) => p.action).sort()).toEqual([...spec.permissions].sort());
    }
    const store = haven.strapi.store({ type: 'plugin', name: 'users-permissions' });
    expect(await store.get({ key: 'advanced' })).toMatchObject({ default_role: 'client', email_confirmation: true });
  });
});

describe('staff roles in the admin panel', () => {
  let haven: Haven;
  beforeAll(async () => {
    haven = await startHaven();
  });
  afterAll(async () => haven?.close());

  const permissionsOf = async (code: string) => {
    const role = await haven.strapi.db.query('admin::role').findOne({ where: { code }, populate: ['permissions'] });
    return role.permissions as { action: string; subject: string | null }[];
  };

  it('gives the Editor library content and media, and nothing about users, payments or settings', async () => {
    const permissions = await permissionsOf('strapi-editor');
    const subjects = new Set(permissions.map((p) => p.subject).filter(Boolean));
    expect([...subjects].sort()).toEqual(['api::category.category', 'api::resource.resource']);
    expect(permissions.map((p) => p.action)).toEqual(expect.arrayContaining(['plugin::content-manager.explorer.publish', 'plugin::upload.assets.create']));
    expect(permissions.some((p) => /users-permissions|settings|admin::|payments/.test(`${p.action} ${p.subject}`))).toBe(false);
    // Of the dashboards, only the library's views and searches.
    expect(permissions.map((p) => p.action).filter((a) => a.startsWith('plugin::dashboards.'))).toEqual(['plugin::dashboards.library']);
  });

  it('gives the Moderator the community moderation queue and its figures, nothing else', async () => {
    const actions = (await permissionsOf('haven-moderator')).map((p) => p.action).sort();
    expect(actions).toEqual(['plugin::community.moderation.act', 'plugin::community.moderation.read', 'plugin::dashboards.moderation']);
  });

  it('keeps the same staff roles after another bootstrap', async () => {
    const { seedStaffRoles } = require('../../cms/dist/src/bootstrap/admin-roles.js');
    const before = await haven.strapi.db.query('admin::role').count();
    await seedStaffRoles(haven.strapi);
    expect(await haven.strapi.db.query('admin::role').count()).toBe(before);
    expect((await permissionsOf('haven-moderator')).length).toBe(3);
  });
});
