import type { Core } from '@strapi/strapi';
import type { GuardContext, Next } from '../lib/security/http';
import { refuse, routePath } from '../lib/security/http';
import { QueryProblem, checkStockQuery, type ModelLookup } from '../lib/security/stock-query';

interface StockRoute {
  segments: string[];
  uid: string;
}

/**
 * In front of every GET route of the content API served by a stock core controller (`find` /
 * `findOne` of an `api::` content type, found from the routers at the first request, so a new
 * content type is covered without a change here): the query string is checked (see
 * lib/security/stock-query.ts) and pinned to published documents, nested ones included.
 */
export default (_config: unknown, { strapi }: { strapi: Core.Strapi }) => {
  let routes: StockRoute[] | null = null;
  const models: ModelLookup = (uid) => strapi.getModel(uid as never) as ReturnType<ModelLookup>;
  const prefix = String(strapi.config.get('api.rest.prefix', '/api'));

  return async (ctx: GuardContext, next: Next) => {
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return next();
    const path = routePath(ctx);
    if (!path.startsWith(`${prefix}/`)) return next();
    routes ??= stockRoutes(strapi, prefix);
    const route = match(routes, path);
    if (!route) return next();
    try {
      checkStockQuery(ctx.query, route.uid, models, Boolean(models(route.uid)?.options?.draftAndPublish));
    } catch (error) {
      if (error instanceof QueryProblem) return refuse(ctx, 400, 'ValidationError', `Bad query string: ${error.message}`);
      throw error;
    }
    await next();
  };
};

/** Stock plugin routes that read the same query parameters (the signed-in user's own account, the upload API). */
const PLUGIN_ROUTES: { path: string; uid: string }[] = [
  { path: '/users/me', uid: 'plugin::users-permissions.user' },
  { path: '/users', uid: 'plugin::users-permissions.user' },
  { path: '/users/:id', uid: 'plugin::users-permissions.user' },
  { path: '/upload/files', uid: 'plugin::upload.file' },
  { path: '/upload/files/:id', uid: 'plugin::upload.file' },
];

function stockRoutes(strapi: Core.Strapi, prefix: string): StockRoute[] {
  const found: StockRoute[] = PLUGIN_ROUTES.map(({ path, uid }) => ({ uid, segments: `${prefix}${path}`.toLowerCase().split('/') }));
  for (const api of Object.values(strapi.apis) as { routes?: Record<string, { routes?: unknown[] }> }[]) {
    for (const router of Object.values(api.routes ?? {})) {
      for (const route of (router.routes ?? []) as { method?: string; path?: string; handler?: unknown }[]) {
        if (route.method !== 'GET' || typeof route.path !== 'string' || typeof route.handler !== 'string') continue;
        // Core routers name handlers "api::<api>.<type>.find"; custom actions have other names.
        const handler = route.handler;
        const action = handler.slice(handler.lastIndexOf('.') + 1);
        if (!handler.startsWith('api::') || (action !== 'find' && action !== 'findOne')) continue;
        const uid = handler.slice(0, handler.lastIndexOf('.'));
        if (!strapi.contentTypes[uid as never]) continue;
        found.push({ uid, segments: `${prefix}${route.path}`.toLowerCase().split('/') });
      }
    }
  }
  return found;
}

function match(routes: StockRoute[], path: string): StockRoute | null {
  const segments = path.split('/');
  return routes.find((route) => route.segments.length === segments.length && route.segments.every((part, i) => part.startsWith(':') || part === segments[i])) ?? null;
}
