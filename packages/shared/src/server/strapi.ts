/**
 * The plugin kit: server-side helpers every Haven plugin uses to keep one shape (see plugins/README.md):
 * the plugin definition and its steps, typed routes and route configs, a typed service and config
 * getter, the request helpers (site user, admin user, locale), the error wrapper for controllers and
 * the health controller. Server-only; type-only imports of Strapi: the site never loads this module.
 */
import type { Core } from '@strapi/strapi';
import { HavenError, unauthorized } from '../errors';
import { preferredLocale } from '../locale';

/** A controller or service as Strapi accepts it: an object, or a factory of one given { strapi }. */
type Resolved<T> = T extends (...args: any[]) => infer R ? R : T;

/** "controller.action" for every action of every controller in a plugin's controllers map. */
export type HandlerOf<Controllers> = {
  [C in keyof Controllers & string]: `${C}.${keyof Resolved<Controllers[C]> & string}`;
}[keyof Controllers & string];

/**
 * Strapi 5.54's types have no `Core.RouterInputFor`, so Haven defines it: a router whose handlers
 * must name an existing controller action. `routes/content-api.ts` ends with
 * `routerOf<typeof controllers>(…)` (below) returns one, so a typo in a handler fails to compile.
 */
export type RouterInputFor<Controllers, Type extends Core.RouterType = Core.RouterType> = Omit<Core.RouterInput, 'routes' | 'type'> & {
  type: Type;
  routes: Array<Omit<Core.RouteInput, 'handler'> & { handler: HandlerOf<Controllers> }>;
};

/** One named step of register(), bootstrap() or destroy(); each lives in its own module. */
export type Step = (strapi: Core.Strapi) => void | Promise<void>;

/** A lifecycle function as Strapi calls it: runs the steps one after another, in order. */
export function runSteps(steps: readonly Step[]): (context: { strapi: Core.Strapi }) => Promise<void> {
  return async ({ strapi }) => {
    for (const step of steps) await step(strapi);
  };
}

/** The modules a Haven plugin's server entry wires, each its own file (plugins/README.md). */
export interface PluginParts {
  /** Steps of register(), in order (Document Service middlewares, lifecycles); none when absent. */
  register?: readonly Step[];
  /** Steps of bootstrap(), in order (indexes, seeds, workers); none when absent. */
  bootstrap?: readonly Step[];
  /** Steps of destroy(), in order (stop workers, close servers); none when absent. */
  destroy?: readonly Step[];
  config: unknown;
  contentTypes: unknown;
  controllers: unknown;
  routes: unknown;
  services: unknown;
}

/**
 * A plugin's server entry (`server/src/index.ts`): its parts, its step lists turned into Strapi's
 * lifecycle functions, and the policies and middlewares Strapi asks of every plugin (none of Haven's
 * has any: checks live in services, from data).
 */
export function definePlugin<Parts extends PluginParts>({ register = [], bootstrap = [], destroy = [], ...parts }: Parts) {
  return {
    ...(parts as Omit<Parts, 'register' | 'bootstrap' | 'destroy'>),
    register: runSteps(register),
    bootstrap: runSteps(bootstrap),
    destroy: runSteps(destroy),
    policies: {} as Record<string, never>,
    middlewares: {} as Record<string, never>,
  };
}

/**
 * A typed `getService(name)` for one plugin: `export const getService = serviceGetter<typeof services>('booking')`.
 * Uses the global `strapi`, which Strapi sets before any plugin code runs.
 */
export function serviceGetter<Services extends Record<string, unknown>>(plugin: string) {
  return <Name extends keyof Services & string>(name: Name): Resolved<Services[Name]> =>
    globalStrapi().plugin(plugin).service(name) as Resolved<Services[Name]>;
}

/** The Strapi instance Strapi sets on globalThis before any plugin code runs. */
function globalStrapi(): Core.Strapi {
  return Reflect.get(globalThis, 'strapi') as Core.Strapi;
}

/** A plugin's configuration (`config.ts` defaults merged with cms/config/plugins.ts, validated at start), typed once. */
export function configOf<Config>(strapi: { config: Pick<Core.Strapi['config'], 'get'> }, plugin: string): Config {
  return strapi.config.get<Config>(`plugin::${plugin}`);
}

/**
 * A typed `config()` for one plugin, read on every call (tests and commands may change it):
 * `export const config = configGetter<BookingConfig>('booking')`, then `config().workers`.
 */
export function configGetter<Config>(plugin: string): () => Config {
  return () => configOf<Config>(globalStrapi(), plugin);
}

/** The part of Koa's context a Haven controller reads and writes. */
export interface HavenContext {
  state: { user?: { id: number; [key: string]: unknown }; [key: string]: unknown };
  params: Record<string, string>;
  query: Record<string, unknown>;
  request: { body?: unknown; [key: string]: unknown };
  status: number;
  body: unknown;
  set(header: string, value: string): void;
  /** A request header (Koa's ctx.get): '' when absent. */
  get(header: string): string;
  [key: string]: unknown;
}

type Handler = (ctx: any) => Promise<unknown> | unknown;

/** Wraps every handler of a controller so that a HavenError becomes a clean JSON answer. */
export function withErrors<T extends Record<string, Handler>>(handlers: T): T {
  const wrapped: Record<string, Handler> = {};
  for (const [name, handler] of Object.entries(handlers)) {
    wrapped[name] = async (ctx: HavenContext) => {
      try {
        return await handler(ctx);
      } catch (err) {
        if (!(err instanceof HavenError)) throw err;
        for (const [header, value] of Object.entries(err.headers)) ctx.set(header, value);
        ctx.status = err.status;
        ctx.body = { data: null, error: { status: err.status, name: err.name, message: err.message, details: err.details } };
      }
    };
  }
  return wrapped as T;
}

/**
 * The signed-in site user (users-permissions JWT), or 401 with `message`: API tokens and admin
 * sessions are not people here.
 */
export function siteUserId(ctx: HavenContext, message?: string): number {
  const user = ctx.state.user;
  const strategy = (ctx.state.auth as { strategy?: { name?: string } } | undefined)?.strategy?.name;
  if (!user || strategy !== 'users-permissions' || !Number.isInteger(user.id)) throw unauthorized(message);
  return user.id;
}

/** The signed-in admin-panel user (admin routes are behind admin::isAuthenticatedAdmin). */
export function adminUserId(ctx: HavenContext): number {
  const user = ctx.state.user;
  if (!user || !Number.isInteger(user.id)) throw unauthorized();
  return user.id;
}

/** An admin-panel user acting on an admin route, as the audit log (and staff-facing histories) name them. */
export interface StaffActor {
  adminId: number;
  /** First and last name, else username, else `Admin <id>`: never the email (admin answers carry none). */
  label: string;
  /** The request's address as Koa resolves it (trusted proxies only). */
  ip: string | null;
}

const trimmedText = (value: unknown): string | null => (typeof value === 'string' && value.trim() ? value.trim() : null);

/** The staff member behind an admin route (or 401), ready for `audit.record({ actor: { kind: 'admin', id: adminId, label }, ip, … })`. */
export function staffActor(ctx: HavenContext): StaffActor {
  const adminId = adminUserId(ctx);
  const user = ctx.state.user ?? { id: adminId };
  const label = [trimmedText(user.firstname), trimmedText(user.lastname)].filter(Boolean).join(' ') || trimmedText(user.username) || `Admin ${adminId}`;
  return { adminId, label, ip: trimmedText(ctx.request.ip) };
}

/**
 * The locale a request asks for: `fromQuery` (a route's validated ?locale=; by default the raw one)
 * first, then the preferred language of Accept-Language.
 */
export function requestLocale(ctx: HavenContext, fromQuery: string | null = typeof ctx.query.locale === 'string' ? ctx.query.locale : null): string | null {
  return fromQuery || preferredLocale(ctx.get('accept-language') || undefined);
}

/*
 * Route configs. Each call returns a NEW object: Strapi writes each route's permission scope into its
 * config (lodash defaultsDeep), so routes sharing one object would all get one route's scope.
 */

/** A content-API route: who may call it is granted per role (cms/src/bootstrap/site-roles.ts). */
export const open = () => ({ policies: [] });

/** An admin route: admin-panel sessions holding the given permission action. */
export const staff = (action: string) => ({
  policies: ['admin::isAuthenticatedAdmin', { name: 'admin::hasPermissions', config: { actions: [action] } }],
});

/** A router table's row: the handler, or the handler and a config of its own (a fresh call: staff(…), …). */
export type RouteRow<Controllers> = HandlerOf<Controllers> | [HandlerOf<Controllers>, Core.RouteConfig];

/**
 * A plugin's router from a table of `'METHOD /path': row`, in order (Strapi matches routes in the
 * order given). A row without a config gets its own `open()`; a handler naming no controller action
 * fails to compile.
 */
export function routerOf<Controllers>(type: Core.RouterType, table: Record<`${Core.HTTPMethod} /${string}`, RouteRow<Controllers>>): RouterInputFor<Controllers> {
  const routes = Object.entries(table).map(([route, row]: [string, RouteRow<Controllers>]) => {
    const [handler, config] = typeof row === 'string' ? [row, open()] : row;
    const space = route.indexOf(' ');
    return { method: route.slice(0, space) as Core.HTTPMethod, path: route.slice(space + 1), handler, config };
  });
  return { type, routes };
}

/**
 * GET /api/<plugin>/health: `{ plugin, status: 'ok', ...report() }`. `report` tells how the plugin
 * runs (adapters, limits, whether keys are configured), never a secret.
 */
export function healthController(plugin: string, report: () => Record<string, unknown>) {
  return () =>
    withErrors({
      async index(ctx: HavenContext) {
        ctx.body = { plugin, status: 'ok', ...report() };
      },
    });
}

/** Query parameters of Strapi's Query Engine (strapi.db.query), typed by the row they read. */
export interface QueryParams<Row> {
  where?: Record<string, unknown>;
  select?: Array<keyof Row & string>;
  orderBy?: Partial<Record<keyof Row & string, 'asc' | 'desc'>> | Array<Partial<Record<keyof Row & string, 'asc' | 'desc'>>>;
  offset?: number;
  limit?: number;
  populate?: unknown;
}

/**
 * One table of a plugin through Strapi's Query Engine, typed by its row interface. Strapi's own
 * Repository answers `any`; a plugin names the shape once (`tableOf<PostRow>(strapi, UID.post)`) and
 * every read and write after that is checked.
 */
export interface Table<Row> {
  findOne(params: Omit<QueryParams<Row>, 'offset' | 'limit'>): Promise<Row | null>;
  findMany(params?: QueryParams<Row>): Promise<Row[]>;
  count(params?: { where?: Record<string, unknown> }): Promise<number>;
  create(params: { data: Partial<Row> }): Promise<Row>;
  update(params: { where: Record<string, unknown>; data: Partial<Row> }): Promise<Row>;
  updateMany(params: { where: Record<string, unknown>; data: Partial<Row> }): Promise<{ count: number }>;
  delete(params: { where: Record<string, unknown> }): Promise<Row | null>;
  deleteMany(params: { where: Record<string, unknown> }): Promise<{ count: number }>;
}

export function tableOf<Row>(strapi: Core.Strapi, uid: string): Table<Row> {
  return strapi.db.query(uid);
}

/** The table name behind a content type (for the few queries the Query Engine cannot express). */
export function tableNameOf(strapi: Core.Strapi, uid: string): string {
  const meta = strapi.db.metadata.get(uid);
  if (!meta) throw new Error(`No content type ${uid}`);
  return meta.tableName;
}

/** The part of a Document Service call that Haven's middlewares read (and, for writes, may change). */
export interface DocumentCall {
  uid: string;
  action: string;
  params?: { documentId?: string; status?: string; data?: Record<string, unknown> };
}

/**
 * Registers a Document Service middleware that reads calls as DocumentCall. Strapi types a call as a
 * union over every content type it knows, which code outside the app's generated types cannot name.
 */
export function useDocumentMiddleware(strapi: Core.Strapi, middleware: (call: DocumentCall, next: () => Promise<unknown>) => Promise<unknown>): void {
  strapi.documents.use((context, next) => middleware(context as unknown as DocumentCall, next) as ReturnType<typeof next>);
}

/** Filters, population and paging of a Document Service read. */
export interface DocumentQuery {
  filters?: Record<string, unknown>;
  populate?: unknown;
  fields?: string[];
  status?: 'draft' | 'published';
  sort?: string | string[];
  start?: number;
  limit?: number;
}

/**
 * The Document Service of one content type, typed by the entry it answers and the data it takes.
 * Without the app's generated types Strapi cannot check field names; this names them once.
 */
export interface DocumentsOf<Entry, Data> {
  findOne(params: { documentId: string } & DocumentQuery): Promise<Entry | null>;
  findFirst(params?: DocumentQuery): Promise<Entry | null>;
  findMany(params?: DocumentQuery): Promise<Entry[]>;
  count(params?: DocumentQuery): Promise<number>;
  create(params: { data: Data } & DocumentQuery): Promise<Entry>;
  update(params: { documentId: string; data: Partial<Data> } & DocumentQuery): Promise<Entry>;
}

export function documentsOf<Entry, Data>(strapi: Core.Strapi, uid: string): DocumentsOf<Entry, Data> {
  return strapi.documents(uid as Parameters<Core.Strapi['documents']>[0]) as unknown as DocumentsOf<Entry, Data>;
}

/** A message for Strapi's email plugin (SMTP or the local outbox, as cms/config/plugins.ts sets). */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  headers?: Record<string, string>;
  attachments?: { filename: string; content: string; contentType?: string }[];
}

/** Sends one email through Strapi's email plugin: the one place Haven's plugins reach it. */
export async function sendMail(strapi: Core.Strapi, message: MailMessage): Promise<void> {
  await strapi.plugin('email').service('email').send(message);
}

/** What a users-permissions access token says once verified: the account id and, with sessions, the session. */
export interface SiteTokenClaims {
  id?: number | string;
  sessionId?: string;
}

/** A site account as users-permissions hands it to an authenticated request. */
export interface SiteAccount {
  id: number;
  blocked?: boolean | null;
  confirmed?: boolean | null;
}

/**
 * Strapi's users-permissions plugin, for code that authenticates outside an HTTP request (the chat's
 * sockets): verify an access token (throws when it is not valid) and load the account it names.
 */
export function siteAccounts(strapi: Core.Strapi) {
  const plugin = strapi.plugin('users-permissions');
  return {
    verifyToken: async (token: string): Promise<SiteTokenClaims> => (await plugin.service('jwt').verify(token)) as SiteTokenClaims,
    // Read fresh, not through users-permissions' fetchAuthenticatedUser, which Haven keeps for up to
    // AUTH_CACHE_MS per process (cms lib/security/auth-cost.ts): a socket is opened rarely and must
    // meet a ban at once.
    account: async (userId: number): Promise<SiteAccount | null> => (await strapi.db.query('plugin::users-permissions.user').findOne({ where: { id: userId }, populate: ['role'] })) as SiteAccount | null,
    /**
     * Whether `password` is the account's password (asked again before turning off two-step sign-in or
     * deleting the account), checked by users-permissions as its log-in does; 'no-account' when there is none.
     */
    async checkPassword(userId: number, password: string): Promise<'match' | 'mismatch' | 'no-account'> {
      const row = (await strapi.db.query('plugin::users-permissions.user').findOne({ where: { id: userId }, select: ['id', 'password'] })) as { password?: string | null } | null;
      if (!row) return 'no-account';
      if (!row.password) return 'mismatch';
      return (await plugin.service('user').validatePassword(password, row.password)) === true ? 'match' : 'mismatch';
    },
  };
}
