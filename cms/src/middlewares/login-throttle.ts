import type { Core } from '@strapi/strapi';
import type { GuardContext, Next } from '../lib/security/http';
import { bodyObject, refuse, routeKey } from '../lib/security/http';
import { failureStore } from '@haven/shared/server/failure-store';

/**
 * Failed log-ins on the site (POST /api/auth/local) and the admin panel (POST /admin/login) are
 * counted per account and per client address (the address `trusted-proxy` decided on). Past a few
 * free failures each key is locked out for a delay that doubles with every further failure, up to
 * LOGIN_LOCKOUT_MAX_MS; a successful log-in clears the account's count. The lock-out answers 429
 * with Retry-After before the password is even looked at, so it also stops correct guesses.
 * This sits on top of Strapi's own per-address rate limits, which keep working.
 * With REDIS_URL the counts are shared by every CMS process (@haven/shared/server/failure-store:
 * hashed keys, atomic check-and-count, back to per-process memory while Redis is down); without it
 * they are this process's.
 */
interface LoginRoute {
  realm: 'site' | 'admin';
  /** The body field that names the account. */
  field: 'identifier' | 'email';
  /** How the controller says "wrong name or password". */
  failure: RegExp;
}

const ROUTES: Record<string, LoginRoute> = {
  'POST /api/auth/local': { realm: 'site', field: 'identifier', failure: /^invalid identifier or password$/i },
  'POST /admin/login': { realm: 'admin', field: 'email', failure: /^invalid credentials$/i },
};

const int = (name: string, fallback: number) => {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value >= 0 ? value : fallback;
};

export default (_config: unknown, { strapi }: { strapi: Core.Strapi }) => {
  const maxDelayMs = int('LOGIN_LOCKOUT_MAX_MS', 15 * 60_000);
  const baseDelayMs = int('LOGIN_LOCKOUT_BASE_MS', 1_000);
  const accountFailures = int('LOGIN_LOCKOUT_ACCOUNT_FAILURES', 5);
  const addressFailures = int('LOGIN_LOCKOUT_ADDRESS_FAILURES', 20);
  const forgetAfterMs = Math.max(maxDelayMs, 60 * 60_000);
  const warn = (message: string) => strapi.log.warn(message);
  const accounts = failureStore('login-account', { freeFailures: accountFailures, baseDelayMs, maxDelayMs, forgetAfterMs }, warn);
  const addresses = failureStore('login-address', { freeFailures: addressFailures, baseDelayMs, maxDelayMs, forgetAfterMs }, warn);

  /** One key per account whichever name is used for it (email or username). */
  async function accountKey(route: LoginRoute, name: string): Promise<string> {
    const lower = name.trim().toLowerCase();
    if (route.realm === 'admin') return `admin:${lower}`;
    const user = await strapi.db
      .query('plugin::users-permissions.user')
      .findOne({ select: ['id'], where: { provider: 'local', $or: [{ email: lower }, { username: name }] } });
    return user ? `site:user:${user.id}` : `site:name:${lower}`;
  }

  return async (ctx: GuardContext, next: Next) => {
    const route = ROUTES[routeKey(ctx)];
    if (!route) return next();
    const name = bodyObject(ctx)?.[route.field];
    // auth-guard has already refused bodies without a name; this is only belt and braces.
    if (typeof name !== 'string') return next();

    const account = await accountKey(route, name);
    const address = `${route.realm}:${ctx.request.ip}`;
    // Check and count in one step per key; an address refused gives the account's attempt back.
    let wait = await accounts.begin(account);
    if (wait === 0) {
      wait = await addresses.begin(address);
      if (wait > 0) await accounts.release(account);
    }
    if (wait > 0) {
      const seconds = Math.ceil(wait / 1000);
      return refuse(ctx, 429, 'RateLimitError', `Too many failed log-ins. Try again in ${seconds} second${seconds === 1 ? '' : 's'}.`, { 'Retry-After': String(seconds) }, { retryAfterSeconds: seconds });
    }

    let outcome: 'success' | 'failure' | 'other' = 'other';
    try {
      await next();
      outcome = ctx.status >= 200 && ctx.status < 300 ? 'success' : isFailure(ctx, route) ? 'failure' : 'other';
    } catch (error) {
      const message = (error as Error)?.message ?? '';
      outcome = route.failure.test(message) ? 'failure' : 'other';
      throw error;
    } finally {
      if (outcome === 'failure') await Promise.all([accounts.fail(account), addresses.fail(address)]);
      else if (outcome === 'success') await Promise.all([accounts.succeed(account), addresses.release(address)]);
      else await Promise.all([accounts.release(account), addresses.release(address)]);
    }
  };
};

function isFailure(ctx: GuardContext, route: LoginRoute): boolean {
  if (ctx.status !== 400 && ctx.status !== 401) return false;
  const error = (ctx.body as { error?: { message?: unknown } } | null)?.error;
  return typeof error?.message === 'string' && route.failure.test(error.message);
}
