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
 * - The account the strategy reads with its role (users-permissions' `fetchAuthenticatedUser`) is kept
 *   as long in each process, and every kept account is forgotten at once by the process that writes
 *   any account (a ban, a changed role, an erasure go through the database layer's lifecycles): so a
 *   ban or a changed role counts on the next request in that process and within AUTH_CACHE_MS in others.
 * - A verified access token is taken on its word until it expires: its signature and claims cannot
 *   change, so the HMAC check (jsonwebtoken imports the secret as a key on every call: a tenth of a
 *   signed-in request's CPU) runs once per token and process, not once per request.
 * - The session behind an access token must still be active (not signed out, revoked or ended by a
 *   ban): users-permissions itself checks that only when a refresh token is used, so a revoked
 *   session's access token worked until it expired. Checked on every request, the answer kept
 *   AUTH_CACHE_MS per session and forgotten at once by the process that ends any session.
 * - users-permissions' advanced settings (read by the strategy on every request) are kept as long,
 *   and forgotten at once by the process that saves them.
 * - users-permissions' token check no longer reads the account just to see that it exists: the
 *   strategy reads it (with its role) right after, and refuses a missing one.
 * - A bearer token shaped like a JWT skips the API-token lookup: Strapi's API tokens are hex strings
 *   (no dots), so such a lookup can only find nothing.
 * AUTH_CACHE_MS=0 switches all of it off (the benches measure both in one run).
 */
import type { Core } from '@strapi/strapi';
import { cacheMsFrom, expiringMemo, type ExpiringMemo } from '@haven/shared/server/expiring-memo';

/** How long permissions, abilities, accounts and sessions are kept; 0 switches the savings off. */
export function authCacheMs(): number {
  return cacheMsFrom('AUTH_CACHE_MS', process.env.AUTH_CACHE_MS, 1000);
}
type Memo<V> = ExpiringMemo<V>;

/** The accounts and sessions kept by one Strapi (tests boot several in one process, each with its own database). */
interface AccountCaches {
  users: Memo<unknown>;
  /** `/api/users/me` answers, by account and its `updatedAt` (every write through Strapi changes it). */
  answers: Memo<unknown>;
  sessions: Memo<boolean>;
  tokens: Map<string, { claims: TokenClaims; expiresAt: number }>;
}
const accountCaches = new WeakMap<object, AccountCaches>();
/** Most accounts, sessions and tokens kept per process: past it the cache starts again (memory stays bounded). */
const MAX_KEPT = 10_000;
function cachesOf(strapi: Core.Strapi, ms: number): AccountCaches {
  let caches = accountCaches.get(strapi);
  if (!caches) {
    caches = { users: expiringMemo<unknown>(ms, MAX_KEPT), answers: expiringMemo<unknown>(ms, MAX_KEPT), sessions: expiringMemo<boolean>(ms, MAX_KEPT), tokens: new Map() };
    accountCaches.set(strapi, caches);
  }
  return caches;
}

type UserService = { fetchAuthenticatedUser: (id: number | string) => Promise<unknown> } & Record<string, unknown>;

/**
 * users-permissions' user service with the account its strategy reads on every request (with its
 * role) kept AUTH_CACHE_MS; each caller gets its own copy (a request may change what it was handed).
 */
export function withCachedAuthenticatedUser<S extends UserService>(service: S, strapi: Core.Strapi, ms = authCacheMs()): S {
  if (ms <= 0) return service;
  const fetchAuthenticatedUser = service.fetchAuthenticatedUser.bind(service);
  return Object.assign(service, {
    fetchAuthenticatedUser: async (id: number | string) => {
      const user = await cachesOf(strapi, ms).users(String(id), () => fetchAuthenticatedUser(id));
      return copyOfAccount(user);
    },
  });
}

/** A copy of a kept account one request may change without touching the kept one: its fields and its role's (a structured clone costs ten times more). */
function copyOfAccount(user: unknown): unknown {
  if (!user || typeof user !== 'object') return user;
  const { role } = user as { role?: unknown };
  return { ...user, ...(role && typeof role === 'object' ? { role: { ...role } } : {}) };
}

type UserContext = { query: Record<string, unknown>; state: { user?: Record<string, unknown>; auth?: unknown }; body?: unknown };

/**
 * `GET /api/users/me` without query parameters answers from the account the strategy has just read
 * for this request (the kept one, forgotten on any account write in this process; at most
 * AUTH_CACHE_MS old after a write on another process) instead of reading it a third time: the same
 * fields users-permissions' `me` reads (everything but relations), through the same output
 * sanitiser. Returns false when the stock action should answer (a query, or the savings off).
 */
export async function answerMeFromKeptAccount(strapi: Core.Strapi, ctx: UserContext, ms = authCacheMs()): Promise<boolean> {
  const account = ctx.state.user;
  if (ms <= 0 || !account || Object.keys(ctx.query ?? {}).length > 0) return false;
  const { role: _relation, ...fields } = account;
  // The sanitised answer is kept as long as the account (the sanitiser walks the schema: a tenth of the request).
  const answer = await cachesOf(strapi, ms).answers(`${String(account.id)}\n${String(account.updatedAt)}`, () =>
    strapi.contentAPI.sanitize.output(fields, strapi.getModel('plugin::users-permissions.user'), { auth: ctx.state.auth }),
  );
  ctx.body = answer && typeof answer === 'object' ? { ...answer } : answer;
  return true;
}

type Permission = { action: string };
type PermissionService = {
  findRolePermissions: (roleId: number | string) => Promise<Permission[]>;
  findPublicPermissions: () => Promise<Permission[]>;
  toContentAPIPermission: (permission: Permission) => Permission;
} & Record<string, unknown>;

/**
 * users-permissions' permission service with the two reads the strategy makes on every request kept
 * for AUTH_CACHE_MS, and each kept permission turned into the content API's shape once (the same
 * object every time, which lets the ability cache below know a list it has seen without sorting it).
 */
export function withCachedRolePermissions<S extends PermissionService>(service: S, ms = authCacheMs()): S {
  if (ms <= 0) return service;
  const remember = expiringMemo<Permission[]>(ms);
  const findRolePermissions = service.findRolePermissions.bind(service);
  const findPublicPermissions = service.findPublicPermissions.bind(service);
  const toContentAPIPermission = service.toContentAPIPermission.bind(service);
  const converted = new WeakMap<Permission, Permission>();
  return Object.assign(service, {
    findRolePermissions: (roleId: number | string) => remember(`role:${roleId}`, () => findRolePermissions(roleId)),
    findPublicPermissions: () => remember('public', () => findPublicPermissions()),
    toContentAPIPermission: (permission: Permission) => {
      if (!permission || typeof permission !== 'object') return toContentAPIPermission(permission);
      let shaped = converted.get(permission);
      if (!shaped) {
        shaped = toContentAPIPermission(permission);
        converted.set(permission, shaped);
      }
      return shaped;
    },
  });
}

type TokenClaims = { id?: number | string; sessionId?: string };
type JwtService = { verify: (token: string) => Promise<TokenClaims> } & Record<string, unknown>;
type AccessPayload = { type?: string; userId?: string | number; sessionId?: string; exp?: number };
type SessionManager = {
  validateAccessToken: (token: string) => { isValid: boolean; payload?: AccessPayload | null };
  isSessionActive: (sessionId: string) => Promise<boolean>;
};

/**
 * users-permissions' token check, cheaper and stricter. In session mode (`jwtManagement: 'refresh'`)
 * its `verify` validates the access token (signature, expiry, type) and then reads the user only to
 * see that one exists; every caller reads the account right after (the strategy with its role, the
 * chat's sockets) and refuses a missing one itself, so that read is dropped. A token that passed is
 * kept until its own expiry (checked again on every use). And the session the token belongs to must
 * still be active: a signed-out, revoked or banned session's access token is refused (within
 * AUTH_CACHE_MS on other processes; with AUTH_CACHE_MS=0, checked in the database every time).
 * The token checks are users-permissions' own (its session manager); in legacy mode nothing changes.
 */
export function withCheapTokenCheck<S extends JwtService>(service: S, strapi: Core.Strapi, ms = authCacheMs()): S {
  const verify = service.verify.bind(service);
  const sessionManager = () => strapi.sessionManager('users-permissions') as SessionManager;
  const validate = (token: string): { claims: TokenClaims; expiresAt: number } => {
    const result = sessionManager().validateAccessToken(token);
    const payload = result.payload;
    if (!result.isValid || !payload || payload.type !== 'access' || payload.userId === undefined || payload.userId === '') throw new Error('Invalid token.');
    const claims = { id: Number(payload.userId) || payload.userId, sessionId: payload.sessionId };
    // Without an expiry claim a token is not kept (it is checked again next time).
    return { claims, expiresAt: typeof payload.exp === 'number' ? payload.exp * 1000 : 0 };
  };
  const checked = (token: string): TokenClaims => {
    const caches = cachesOf(strapi, ms);
    const kept = caches.tokens.get(token);
    if (kept && kept.expiresAt > Date.now()) return kept.claims;
    if (kept) caches.tokens.delete(token);
    const fresh = validate(token);
    if (fresh.expiresAt > Date.now()) {
      if (caches.tokens.size >= MAX_KEPT) caches.tokens.clear();
      caches.tokens.set(token, fresh);
    }
    return fresh.claims;
  };
  const sessionActive = (sessionId: string): Promise<boolean> =>
    ms > 0 ? cachesOf(strapi, ms).sessions(sessionId, () => sessionManager().isSessionActive(sessionId)) : sessionManager().isSessionActive(sessionId);

  return Object.assign(service, {
    verify: async (token: string): Promise<TokenClaims> => {
      if (String(strapi.config.get('plugin::users-permissions.jwtManagement', 'legacy-support')) !== 'refresh') return verify(token);
      const claims = ms > 0 ? checked(token) : await verify(token);
      if (claims.sessionId && !(await sessionActive(claims.sessionId))) throw new Error('Invalid token.');
      return claims;
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
  const bare = (permissions: EnginePermissions) => !permissions.some((p) => typeof p?.action !== 'string' || Object.keys(p).length !== 1);
  // A list of the very permission objects seen before (the permission service above hands out the
  // same ones while it keeps a role's) has the same key: no walk, sort and join of a hundred actions.
  const seen = new WeakMap<object, { items: EnginePermissions; key: string }>();
  const keyOf = (permissions: EnginePermissions): string | null => {
    const first = permissions[0];
    const known = first && typeof first === 'object' ? seen.get(first) : undefined;
    if (known && known.items.length === permissions.length && permissions.every((p, i) => p === known.items[i])) return known.key;
    if (!bare(permissions)) return null;
    const key = permissions.map((p) => p.action).sort().join('\n');
    if (first && typeof first === 'object') seen.set(first, { items: [...permissions], key });
    return key;
  };
  engine.generateAbility = (permissions: EnginePermissions, options?: object) => {
    const key = options === undefined && Array.isArray(permissions) ? keyOf(permissions) : null;
    return key === null ? generateAbility(permissions, options) : remember(key, () => generateAbility(permissions));
  };

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

  // A process that writes an account or ends a session forgets what it kept of them at once (others within ms).
  const caches = cachesOf(strapi, ms);
  const forgetUsers = () => {
    caches.users.clear();
    caches.answers.clear();
  };
  const forgetSessions = () => caches.sessions.clear();
  strapi.db.lifecycles.subscribe({ models: ['plugin::users-permissions.user'], afterUpdate: forgetUsers, afterUpdateMany: forgetUsers, afterDelete: forgetUsers, afterDeleteMany: forgetUsers });
  strapi.db.lifecycles.subscribe({ models: ['admin::session'], afterUpdate: forgetSessions, afterUpdateMany: forgetSessions, afterDelete: forgetSessions, afterDeleteMany: forgetSessions });

  const tokens = strapi.service('admin::api-token-content-api') as ApiTokenService | undefined;
  if (!tokens?.hash || !tokens.getByAccessKey) throw new Error('auth-cost: the API-token service has changed shape; review cms/src/lib/security/auth-cost.ts against this Strapi version');
  const hash = tokens.hash.bind(tokens);
  const getByAccessKey = tokens.getByAccessKey.bind(tokens);
  tokens.hash = (token: string) => (typeof token === 'string' && JWT_SHAPE.test(token) ? JWT_NOT_A_TOKEN : hash(token));
  tokens.getByAccessKey = (key: string) => (key === JWT_NOT_A_TOKEN ? Promise.resolve(null) : getByAccessKey(key));
}
