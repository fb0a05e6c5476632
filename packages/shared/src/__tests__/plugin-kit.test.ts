import { describe, expect, it } from 'vitest';
import { HavenError } from '../errors';
import { adminUserId, configGetter, configOf, definePlugin, healthController, open, requestLocale, routerOf, runSteps, siteUserId, staff, type HavenContext } from '../server/strapi';

/** A Koa-like context with the signed-in user, the auth strategy, the query and the headers given. */
function context(options: { user?: { id: number }; strategy?: string; query?: Record<string, unknown>; headers?: Record<string, string> } = {}): HavenContext {
  return {
    state: { user: options.user, auth: options.strategy ? { strategy: { name: options.strategy } } : undefined },
    params: {},
    query: options.query ?? {},
    request: {},
    status: 404,
    body: undefined,
    set() {},
    get: (header: string) => options.headers?.[header] ?? '',
  };
}

/** The HavenError a call throws (or fails the test). */
function thrown(call: () => unknown): HavenError {
  try {
    call();
  } catch (err) {
    if (err instanceof HavenError) return err;
    throw err;
  }
  throw new Error('expected a HavenError');
}

/** A Strapi with just the part the kit reads; the lifecycle steps never look at it here. */
const settings: Record<string, unknown> = { 'plugin::demo': { workers: true, limits: { perHour: 3 } } };
const fakeStrapi = { config: { get: <T>(key: string) => settings[key] as T } };

describe('runSteps and definePlugin', () => {
  it('runs the steps one after another, in order, each awaited before the next', async () => {
    const seen: string[] = [];
    const slow = async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      seen.push('slow');
    };
    const plugin = definePlugin({ bootstrap: [() => void seen.push('first'), slow, () => void seen.push('last')], config: {}, contentTypes: {}, controllers: {}, routes: {}, services: {} });
    await plugin.bootstrap({ strapi: Object.create(null) });
    expect(seen).toEqual(['first', 'slow', 'last']);
  });

  it('stops at a failing step and lets the failure through (Strapi stops the start)', async () => {
    const seen: string[] = [];
    const run = runSteps([() => void seen.push('a'), () => Promise.reject(new Error('no index')), () => void seen.push('c')]);
    await expect(run({ strapi: Object.create(null) })).rejects.toThrow('no index');
    expect(seen).toEqual(['a']);
  });

  it('gives a plugin without steps empty lifecycles, and the empty policies and middlewares Strapi asks for', async () => {
    const services = { demo: {} };
    const plugin = definePlugin({ config: {}, contentTypes: {}, controllers: {}, routes: {}, services });
    await expect(plugin.register({ strapi: Object.create(null) })).resolves.toBeUndefined();
    await expect(plugin.destroy({ strapi: Object.create(null) })).resolves.toBeUndefined();
    expect(plugin.services).toBe(services);
    expect(plugin.policies).toEqual({});
    expect(plugin.middlewares).toEqual({});
    expect(Object.keys(plugin).sort()).toEqual(['bootstrap', 'config', 'contentTypes', 'controllers', 'destroy', 'middlewares', 'policies', 'register', 'routes', 'services']);
  });
});

describe('request helpers', () => {
  it('answers the site user only for a users-permissions session with a whole-number id', () => {
    expect(siteUserId(context({ user: { id: 7 }, strategy: 'users-permissions' }))).toBe(7);
    for (const ctx of [
      context(),
      context({ user: { id: 7 } }),
      context({ user: { id: 7 }, strategy: 'api-token' }),
      context({ user: { id: 7 }, strategy: 'admin' }),
      context({ user: { id: 7.5 }, strategy: 'users-permissions' }),
      context({ user: { id: Number.NaN }, strategy: 'users-permissions' }),
      context({ strategy: 'users-permissions' }),
    ]) {
      const err = thrown(() => siteUserId(ctx));
      expect([err.status, err.message]).toEqual([401, 'Log in to continue.']);
      expect(thrown(() => siteUserId(ctx, 'Log in to use your wellness tracker.')).message).toBe('Log in to use your wellness tracker.');
    }
  });

  it('answers the admin user for any session with a whole-number id', () => {
    expect(adminUserId(context({ user: { id: 3 }, strategy: 'admin' }))).toBe(3);
    expect(adminUserId(context({ user: { id: 3 } }))).toBe(3);
    expect(thrown(() => adminUserId(context())).status).toBe(401);
    expect(thrown(() => adminUserId(context({ user: { id: 1.5 } }))).status).toBe(401);
  });

  it('takes the locale from the query first, then Accept-Language', () => {
    const headers = { 'accept-language': 'fr;q=0.5, de-AT;q=0.9' };
    expect(requestLocale(context({ query: { locale: 'pt-BR' }, headers }))).toBe('pt-BR');
    expect(requestLocale(context({ headers }))).toBe('de-AT');
    expect(requestLocale(context({ query: { locale: ['en', 'fr'] }, headers }))).toBe('de-AT');
    expect(requestLocale(context({ query: { locale: 'pt-BR' }, headers }), null)).toBe('de-AT');
    expect(requestLocale(context({ headers }), 'es')).toBe('es');
    expect(requestLocale(context())).toBeNull();
  });
});

describe('route configs and routerOf', () => {
  const controllers = {
    health: () => ({ index() {} }),
    posts: { find() {}, create() {} },
    moderation: () => ({ queue() {} }),
  };

  it('returns a new object on every call (Strapi writes each route\'s scope into its own)', () => {
    expect(open()).not.toBe(open());
    expect(open()).toEqual({ policies: [] });
    const [a, b] = [staff('plugin::demo.read'), staff('plugin::demo.read')];
    expect(a).not.toBe(b);
    expect(a.policies[1]).not.toBe(b.policies[1]);
    expect(a).toEqual({ policies: ['admin::isAuthenticatedAdmin', { name: 'admin::hasPermissions', config: { actions: ['plugin::demo.read'] } }] });
  });

  it('builds the routes in the order written, each with its own config', () => {
    const own = { auth: false as const, policies: [] };
    const router = routerOf<typeof controllers>('content-api', {
      'GET /health': 'health.index',
      'GET /posts': 'posts.find',
      'POST /posts': ['posts.create', own],
      'GET /:id': 'posts.find',
    });
    expect(router.type).toBe('content-api');
    expect(router.routes.map(({ method, path, handler }) => `${method} ${path} ${handler}`)).toEqual(['GET /health health.index', 'GET /posts posts.find', 'POST /posts posts.create', 'GET /:id posts.find']);
    expect(router.routes[2].config).toBe(own);
    expect(new Set(router.routes.map((route) => route.config)).size).toBe(4);
    expect(router.routes[0].config).toEqual({ policies: [] });
  });
});

describe('typed config', () => {
  it('reads plugin::<name> on every call', () => {
    expect(configOf<{ workers: boolean }>(fakeStrapi, 'demo').workers).toBe(true);
    const config = configGetter<{ limits: { perHour: number } }>('demo');
    const previous = Reflect.get(globalThis, 'strapi');
    Reflect.set(globalThis, 'strapi', fakeStrapi);
    try {
      expect(config().limits.perHour).toBe(3);
      Reflect.set(globalThis, 'strapi', { config: { get: () => ({ limits: { perHour: 9 } }) } });
      expect(config().limits.perHour).toBe(9);
    } finally {
      Reflect.set(globalThis, 'strapi', previous);
    }
  });
});

describe('healthController', () => {
  it('answers the plugin, ok, then what it reports, in that order', async () => {
    let engine = 'database';
    const controller = healthController('library', () => ({ engine }));
    const ctx = context();
    await controller().index(ctx);
    expect(JSON.stringify(ctx.body)).toBe('{"plugin":"library","status":"ok","engine":"database"}');
    engine = 'meilisearch';
    await controller().index(ctx);
    expect(JSON.stringify(ctx.body)).toBe('{"plugin":"library","status":"ok","engine":"meilisearch"}');
  });
});
