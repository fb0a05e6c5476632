/**
 * Server-side helpers every Haven plugin uses to keep one shape (see plugins/README.md):
 * typed routes, a typed service getter, and the error wrapper for controllers.
 * Type-only imports of Strapi: the site never loads this module.
 */
import type { Core } from '@strapi/strapi';
import { HavenError } from './errors';

/** A controller or service as Strapi accepts it: an object, or a factory of one given { strapi }. */
type Resolved<T> = T extends (...args: any[]) => infer R ? R : T;

/** "controller.action" for every action of every controller in a plugin's controllers map. */
export type HandlerOf<Controllers> = {
  [C in keyof Controllers & string]: `${C}.${keyof Resolved<Controllers[C]> & string}`;
}[keyof Controllers & string];

/**
 * Strapi 5.54's types have no `Core.RouterInputFor`, so Haven defines it: a router whose handlers
 * must name an existing controller action. `routes/content-api.ts` ends with
 * `satisfies RouterInputFor<typeof controllers>` and a typo in a handler fails to compile.
 */
export type RouterInputFor<Controllers, Type extends Core.RouterType = Core.RouterType> = Omit<Core.RouterInput, 'routes' | 'type'> & {
  type: Type;
  routes: Array<Omit<Core.RouteInput, 'handler'> & { handler: HandlerOf<Controllers> }>;
};

/** The modules a Haven plugin's server entry wires, each its own file (plugins/README.md). */
export type PluginPart = 'register' | 'bootstrap' | 'destroy' | 'config' | 'contentTypes' | 'controllers' | 'routes' | 'services';

/**
 * A plugin's server entry (`server/src/index.ts`): its eight parts, and the policies and middlewares
 * Strapi asks of every plugin (none of Haven's has any: checks live in services, from data).
 */
export function definePlugin<Parts extends Record<PluginPart, unknown>>(parts: Parts): Parts & { policies: Record<string, never>; middlewares: Record<string, never> } {
  return { ...parts, policies: {}, middlewares: {} };
}

/**
 * A typed `getService(name)` for one plugin: `export const getService = serviceGetter<typeof services>('booking')`.
 * Uses the global `strapi`, which Strapi sets before any plugin code runs.
 */
export function serviceGetter<Services extends Record<string, unknown>>(plugin: string) {
  return <Name extends keyof Services & string>(name: Name): Resolved<Services[Name]> =>
    (globalThis as unknown as { strapi: Core.Strapi }).strapi.plugin(plugin).service(name) as Resolved<Services[Name]>;
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
