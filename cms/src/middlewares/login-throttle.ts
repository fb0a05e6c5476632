import type { Core } from '@strapi/strapi';
import type { GuardContext, Next } from '../lib/security/http';
import { bodyObject, refuse, routeKey } from '../lib/security/http';
import { FailureLedger } from '@haven/shared/server/failure-ledger';

/**
 * Failed log-ins on the site (POST /api/auth/local) and the admin panel (POST /admin/login) are
 * counted per account and per client address (the address `trusted-proxy` decided on). Past a few
 * free failures each key is locked out for a delay that doubles with every further failure, up to
 * LOGIN_LOCKOUT_MAX_MS; a successful log-in clears the account's count. The lock-out answers 429
 * with Retry-After before the password is even looked at, so it also stops correct guesses.
 * This sits on top of Strapi's own per-address rate limits, which keep working.
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
  const accounts = new FailureLedger({ freeFailures: accountFailures, baseDelayMs, maxDelayMs, forgetAfterMs });
  const addresses = new FailureLedger({ freeFailures: addressFailures, baseDelayMs, maxDelayMs, forgetAfterMs });

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
    const wait = Math.max(accounts.retryAfter(account), addresses.retryAfter(address));
    if (wait > 0) {
      const seconds = Math.ceil(wait / 1000);
      return refuse(ctx, 429, 'RateLimitError', `Too many failed log-ins. Try again in ${seconds} second${seconds === 1 ? '' : 's'}.`, { 'Retry-After': String(seconds) }, { retryAfterSeconds: seconds });
    }

    accounts.begin(account);
    addresses.begin(address);
    let outcome: 'success' | 'failure' | 'other' = 'other';
    try {
      await next();
      outcome = ctx.status >= 200 && ctx.status < 300 ? 'success' : isFailure(ctx, route) ? 'failure' : 'other';
    } catch (error) {
      const message = (error as Error)?.message ?? '';
      outcome = route.failure.test(message) ? 'failure' : 'other';
      throw error;
    } finally {
      if (outcome === 'failure') {
        accounts.fail(account);
        addresses.fail(address);
      } else if (outcome === 'success') {
        accounts.succeed(account);
        addresses.release(address);
      } else {
        accounts.release(account);
        addresses.release(address);
      }
    }
  };
};

function isFailure(ctx: GuardContext, route: LoginRoute): boolean {
  if (ctx.status !== 400 && ctx.status !== 401) return false;
  const error = (ctx.body as { error?: { message?: unknown } } | null)?.error;
  return typeof error?.message === 'string' && route.failure.test(error.message);
}
