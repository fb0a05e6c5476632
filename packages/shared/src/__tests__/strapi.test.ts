import { describe, expect, it } from 'vitest';
import { badRequest, tooMany } from '../errors';
import { withErrors, type HavenContext } from '../server/strapi';

/** A Koa-like context with just what withErrors reads and writes. */
function context(): HavenContext & { headers: Record<string, string> } {
  const headers: Record<string, string> = {};
  return {
    state: {},
    params: {},
    query: {},
    request: {},
    status: 404,
    body: undefined,
    headers,
    set(name: string, value: string) {
      headers[name] = value;
    },
    get: () => '',
  };
}

describe('withErrors', () => {
  const controller = withErrors({
    async ok(ctx: HavenContext) {
      ctx.body = { data: 1 };
    },
    async bad() {
      throw badRequest('title is required', { errors: [{ path: ['title'], message: 'is required' }] });
    },
    async busy() {
      throw tooMany('Too many', new Date(Date.now() + 5000));
    },
    async broken() {
      throw new Error('database on fire');
    },
  });

  it('lets answers through', async () => {
    const ctx = context();
    await controller.ok(ctx);
    expect(ctx.body).toEqual({ data: 1 });
  });

  it('answers a HavenError in Strapi\'s error shape', async () => {
    const ctx = context();
    await controller.bad(ctx);
    expect(ctx.status).toBe(400);
    expect(ctx.body).toEqual({ data: null, error: { status: 400, name: 'ValidationError', message: 'title is required', details: { errors: [{ path: ['title'], message: 'is required' }] } } });
  });

  it('sets the error\'s headers', async () => {
    const ctx = context();
    await controller.busy(ctx);
    expect(ctx.status).toBe(429);
    expect(Number(ctx.headers['Retry-After'])).toBeGreaterThan(0);
  });

  it('rethrows anything else, for Strapi to log as a fault', async () => {
    await expect(controller.broken(context())).rejects.toThrow('database on fire');
  });
});
