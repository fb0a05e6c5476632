/**
 * The cost of an authenticated request (issue 21). For every request users-permissions reads the
 * role's permissions and builds a CASL ability from them, and the API-token strategy (tried first)
 * looks the bearer token up among the API tokens, although a signed-in person's token is a JWT and
 * can never be one. Both cost queries and CPU on every request while their answers rarely change.
 *
 * - A role's permissions (and the public role's) are kept for AUTH_CACHE_MS (1000) in each process,
 *   and the ability built from a set of permissions is kept for as long, keyed by the actions in it.
 *   No process needs telling when a permission changes: each forgets on its own, so a changed
 *   permission takes effect everywhere within AUTH_CACHE_MS (well inside the 2 seconds promised).
 * - The account itself is still read on every request (users-permissions' own read, with its role):
 *   a ban (blocked), an erased account and a changed role take effect on the next request.
 * - users-permissions' advanced settings (read by the strategy on every request) are kept as long,
 *   and forgotten at once by the process that saves them.
 * - users-permissions' token check no longer reads the account just to see that it exists: the
 *   strategy reads it (with its role) right after, and refuses a missing one.
 * - A bearer token shaped like a JWT skips the API-token lookup: Strapi's API tokens are hex strings
 *   (no dots), so such a lookup can only find nothing.
 * AUTH_CACHE_MS=0 switches all of it off (the benches measure both in one run).
 */
import type { Core } from '@strapi/strapi';

/** How long permissions and abilities are kept; 0 switches the savings off. */
export function authCacheMs(): number {
  const raw = process.env.AUTH_CACHE_MS ?? '1000';
  const value = /^\d+$/.test(raw.trim()) ? Number(raw) : Number.NaN;
  if (!Number.isInteger(value) || value > 2000) throw new Error('AUTH_CACHE_MS must be a whole number of milliseconds from 0 to 2000 (a changed permission must reach every process within 2 seconds)');
  return value;
}

/** Remembers the promise of each key for `ms`; a failed promise is forgotten at once. At most `max` keys. */
export function expiringMemo<V>(ms: number, max = 256) {
  const entries = new Map<string, { at: number; value: Promise<V> }>();
  const remember = (key: string, load: () => Promise<V>): Promise<V> => {
    const now = Date.now();
    const hit = entries.get(key);
    if (hit && now - hit.at < ms) return hit.value;
    if (entries.size >= max) entries.clear();
    const value = load();
    entries.set(key, { at: now, value });
    value.catch(() => entries.delete(key));
    return value;
  };
  return Object.assign(remember, { forget: (key: string) => entries.delete(key) });
}

type Permission = { action: string };
type PermissionService = {
  findRolePermissions: (roleId: number | string) => Promise<Permission[]>;
  findPublicPermissions: () => Promise<Permission[]>;
} & Record<string, unknown>;

/** users-permissions' permission service with the two reads the strategy makes on every request kept for AUTH_CACHE_MS. */
export function withCachedRolePermissions<S extends PermissionService>(service: S, ms = authCacheMs()): S {
  if (ms <= 0) return service;
  const remember = expiringMemo<Permission[]>(ms);
  const findRolePermissions = service.findRolePermissions.bind(service);
  const findPublicPermissions = service.findPublicPermissions.bind(service);
  return Object.assign(service, {
    findRolePermissions: (roleId: number | string) => remember(`role:${roleId}`, () => findRolePermissions(roleId)),
    findPublicPermissions: () => remember('public', () => findPublicPermissions()),
  });
}

type TokenClaims = { id?: number | string; sessionId?: string };
type JwtService = { verify: (token: string) => Promise<TokenClaims> } & Record<string, unknown>;
type SessionManager = { validateAccessToken: (token: string) => { isValid: boolean; payload?: { type?: string; userId?: string | number; sessionId?: string } } };

/**
 * users-permissions' token check without its own read of the account. In session mode its `verify`
 * validates the access token (signature, expiry, type) and then reads the user only to see that one
 * exists; every caller reads the account right after (the strategy with its role, the chat's sockets)
 * and refuses a missing one itself, so that first read is dropped. The token checks are users-permissions'
 * own (its session manager); in legacy mode nothing changes.
 */
export function withoutDoubleUserRead<S extends JwtService>(service: S, strapi: Core.Strapi, ms = authCacheMs()): S {
  if (ms <= 0) return service;
  const verify = service.verify.bind(service);
  return Object.assign(service, {
    verify: async (token: string): Promise<TokenClaims> => {
      if (String(strapi.config.get('plugin::users-permissions.jwtManagement', 'legacy-support')) !== 'refresh') return verify(token);
      const result = (strapi.sessionManager('users-permissions') as SessionManager).validateAccessToken(token);
      if (!result.isValid || result.payload?.type !== 'access' || result.payload.userId === undefined || result.payload.userId === '') throw new Error('Invalid token.');
      return { id: Number(result.payload.userId) || result.payload.userId, sessionId: result.payload.sessionId };
    },
  });
}

type Engine = Core.Strapi['contentAPI']['permissions']['engine'];
type EnginePermissions = Parameters<Engine['generateAbility']>[0];
type Ability = Awaited<ReturnType<Engine['generateAbility']>>;
type ApiTokenService = { hash: (token: string) => string; getByAccessKey: (key: string) => Promise<unknown> };

type StoreParams = { key: string; type?: string; name?: string; environment?: string; tag?: string };
type CoreStore = { get: (params: StoreParams) => Promise<unknown>; set: (params: StoreParams & { value: unknown }) => Promise<unknown> };
const isAdvancedSettings = (params: StoreParams) => params?.type === 'plugin' && params.name === 'users-permissions' && params.key === 'advanced' && !params.environment && !params.tag;

/** Marks a "hash" that stands for a JWT: no stored access key can equal it. */
const JWT_NOT_A_TOKEN = '\u0000jwt';
const JWT_SHAPE = /^[\w-]+\.[\w-]+\.[\w-]+$/;

/** Installs the savings on the content API's ability engine and the API-token service (at bootstrap, once both exist). */
export function cheapenAuthentication(strapi: Core.Strapi, ms = authCacheMs()): void {
  if (ms <= 0) return;
  const engine: Engine = strapi.contentAPI.permissions.engine;
  const generateAbility = engine.generateAbility.bind(engine);
  const remember = expiringMemo<Ability>(ms);
  // Only abilities from bare actions without options are shared (users-permissions' roles and the
  // public role): one built with conditions, subjects or options may depend on who asks.
  engine.generateAbility = (permissions: EnginePermissions, options?: object) =>
    options !== undefined || !Array.isArray(permissions) || permissions.some((p) => typeof p?.action !== 'string' || Object.keys(p).length !== 1)
      ? generateAbility(permissions, options)
      : remember(permissions.map((p) => p.action).sort().join('\n'), () => generateAbility(permissions));

  // users-permissions' advanced settings, read by its strategy on every request: kept as long, and
  // forgotten at once in the process that saves them (the admin's settings page).
  const store: CoreStore = strapi.store;
  const storeGet = store.get.bind(store);
  const storeSet = store.set.bind(store);
  const settings = expiringMemo<unknown>(ms, 4);
  store.get = (params: StoreParams) => (isAdvancedSettings(params) ? settings('advanced', () => storeGet(params)).then((value) => structuredClone(value)) : storeGet(params));
  store.set = async (params: StoreParams & { value: unknown }) => {
    try {
      return await storeSet(params);
    } finally {
      if (isAdvancedSettings(params)) settings.forget('advanced');
    }
  };

  const tokens = strapi.service('admin::api-token-content-api') as ApiTokenService | undefined;
  if (!tokens?.hash || !tokens.getByAccessKey) throw new Error('auth-cost: the API-token service has changed shape; review cms/src/lib/security/auth-cost.ts against this Strapi version');
  const hash = tokens.hash.bind(tokens);
  const getByAccessKey = tokens.getByAccessKey.bind(tokens);
  tokens.hash = (token: string) => (typeof token === 'string' && JWT_SHAPE.test(token) ? JWT_NOT_A_TOKEN : hash(token));
  tokens.getByAccessKey = (key: string) => (key === JWT_NOT_A_TOKEN ? Promise.resolve(null) : getByAccessKey(key));
}
