/**
 * For allow-list.test.ts: the routes Strapi registered (read from the running instance), the demo
 * people as callers, and real ids for path parameters.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, apiClient, randomClientAddress, type ApiResponse, type Haven } from '../helpers/haven';
import { adminToken } from '../helpers/admin';

export interface RegisteredRoute {
  method: string;
  /** The full path as mounted: `/api/booking/bookings/:id` (content API) or `/community/queue` (admin API). */
  path: string;
  /** `plugin::booking`, `api::profile`, … */
  owner: string;
  type: 'content-api' | 'admin';
}

interface RouteDef {
  method: string;
  path: string;
  config?: { prefix?: string };
}
interface RouterDef {
  type?: string;
  prefix?: string;
  routes?: RouteDef[];
}

/** The names of Haven's own plugins: every folder under plugins/ with a Strapi package.json. */
export function havenPluginNames(): string[] {
  const dir = path.join(ROOT, 'plugins');
  return fs
    .readdirSync(dir)
    .map((name) => path.join(dir, name, 'package.json'))
    .filter((file) => fs.existsSync(file))
    .map((file) => JSON.parse(fs.readFileSync(file, 'utf8')).strapi?.name)
    .filter((name): name is string => typeof name === 'string');
}

/**
 * Every route of every plugin and API, with the path Strapi mounted it at (the same rules as
 * @strapi/core's register-routes and routing: a route's own `config.prefix` replaces its router's).
 */
export function registeredRoutes(strapi: Haven['strapi']): RegisteredRoute[] {
  const routes: RegisteredRoute[] = [];
  const add = (owner: string, routers: Record<string, RouterDef>, defaultPrefix: string, forceType?: 'content-api') => {
    for (const router of Object.values(routers ?? {})) {
      const type = forceType ?? (router.type === 'content-api' ? 'content-api' : 'admin');
      for (const route of router.routes ?? []) {
        const prefix = route.config && 'prefix' in route.config ? (route.config.prefix ?? '') : (router.prefix ?? defaultPrefix);
        // Koa's router mounts `/email` + `/` at `/email`: no trailing slash.
        const full = `${type === 'content-api' ? '/api' : ''}${prefix}${route.path}`.replace(/(.)\/$/, '$1');
        routes.push({ method: route.method, path: full, owner, type });
      }
    }
  };
  for (const [name, plugin] of Object.entries<{ routes: Record<string, RouterDef> }>(strapi.plugins)) add(`plugin::${name}`, plugin.routes, `/${name}`);
  for (const [name, api] of Object.entries<{ routes: Record<string, RouterDef> }>(strapi.apis)) add(`api::${name}`, api.routes, '', 'content-api');
  return routes;
}

/** `METHOD path` of every endpoint the content-API router really serves (Koa router layers with methods). */
export function mountedContentApi(strapi: Haven['strapi']): string[] {
  const layers: { path: string; methods: string[] }[] = strapi.server.api('content-api').listRoutes();
  return layers.filter((layer) => layer.methods.length > 0).map((layer) => `${layer.methods.at(-1)} ${layer.path}`);
}

export type RoleName = 'anonymous' | 'client' | 'otherClient' | 'therapist' | 'unverifiedTherapist' | 'editor' | 'moderator';

export interface Caller {
  role: RoleName;
  email: string | null;
  userId: number | null;
  /** A users-permissions JWT (site people) or an admin-API token (staff). */
  token?: string;
  staff: boolean;
  api: ReturnType<typeof apiClient>;
}

export interface DemoPerson {
  email: string;
  username: string;
  displayName: string;
}

/** The demo data the seed creates, as the test reads it (database/seed). */
export function demoData() {
  const read = (file: string) => JSON.parse(fs.readFileSync(path.join(ROOT, 'database', 'seed', file), 'utf8'));
  const demo = read('demo.json');
  const community = read('community.json');
  return {
    password: demo.password as string,
    clients: demo.clients as DemoPerson[],
    therapists: demo.therapists as DemoPerson[],
    members: community.members as DemoPerson[],
    staffEmails: (demo.staff as { email: string }[]).map((s) => s.email),
  };
}

const ROLE_EMAILS: Record<Exclude<RoleName, 'anonymous'>, string> = {
  client: 'alex@haven.example',
  otherClient: 'sam@haven.example',
  therapist: 'dr.rivera@haven.example',
  unverifiedTherapist: 'jordan@haven.example',
  editor: 'editor@haven.example',
  moderator: 'mod@haven.example',
};

/** Signs every role in, each from an address of its own (log-ins and some routes are rate limited per address). */
export async function signIn(haven: Haven, password: string): Promise<Caller[]> {
  const callers: Caller[] = [{ role: 'anonymous', email: null, userId: null, staff: false, api: apiClient(haven.url, { 'x-forwarded-for': randomClientAddress() }) }];
  for (const [role, email] of Object.entries(ROLE_EMAILS) as [Exclude<RoleName, 'anonymous'>, string][]) {
    const api = apiClient(haven.url, { 'x-forwarded-for': randomClientAddress() });
    if (role === 'editor' || role === 'moderator') {
      callers.push({ role, email, userId: null, staff: true, token: await adminToken(haven.url, email, password), api });
      continue;
    }
    const login = await api.post('/api/auth/local', { identifier: email, password });
    if (login.status !== 200) throw new Error(`${email} could not log in: ${login.status} ${JSON.stringify(login.body)}`);
    callers.push({ role, email, userId: login.body.user.id, staff: false, token: login.body.jwt, api });
  }
  return callers;
}

/** Calls a route as a caller: GET, or a write with an empty body. */
export function call(caller: Caller, method: string, url: string): Promise<ApiResponse> {
  const { api, token } = caller;
  if (method === 'GET') return api.get(url, token);
  if (method === 'DELETE') return api.del(url, token);
  if (method === 'PUT') return api.put(url, {}, token);
  return api.post(url, {}, token);
}

/** The first value of `key` among the items of `data` (a list or one object) of an answer. */
export function firstOf(res: ApiResponse, key: string, where: (item: Record<string, unknown>) => boolean = () => true): string | undefined {
  const data = res.body?.data;
  const items: Record<string, unknown>[] = Array.isArray(data) ? data : data && typeof data === 'object' ? [data] : [];
  const value = items.find((item) => item && item[key] != null && where(item))?.[key];
  return value == null ? undefined : String(value);
}

/** Placeholders for a parameter no list gave a real value for: well-formed, but nobody's. */
export const PLACEHOLDER: Record<string, string> = { id: 'zzzzzzzzzzzzzzzzzzzzzzzz', date: '2020-01-01', file: 'zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz.ics', alias: 'NoSuchAlias' };

/**
 * Fills `:param`s from real ids, keyed by the path segment before the parameter (`bookings/:id` uses
 * the booking id): a route added later under a known collection is filled automatically; one under a
 * new collection gets a placeholder and is named in the summary.
 */
export function fillPath(route: string, ids: Map<string, string>, placeholders: Set<string>): string {
  return route.replace(/([^/]+)\/:(\w+)/g, (_whole, collection: string, param: string) => {
    const real = ids.get(`${collection}/:${param}`);
    if (real === undefined) placeholders.add(route);
    return `${collection}/${encodeURIComponent(real ?? PLACEHOLDER[param] ?? PLACEHOLDER.id)}`;
  });
}
