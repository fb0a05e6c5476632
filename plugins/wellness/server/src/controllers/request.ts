import { unauthorized } from '@haven/shared';
import type { HavenContext } from '@haven/shared/strapi';

/** The signed-in site user (users-permissions), or 401: API tokens and admin sessions keep no wellness data. */
export function siteUserId(ctx: HavenContext): number {
  const user = ctx.state.user;
  const auth = ctx.state.auth as { strategy?: { name?: string } } | undefined;
  if (!user || auth?.strategy?.name !== 'users-permissions' || !Number.isInteger(user.id)) throw unauthorized('Log in to use your wellness tracker.');
  return user.id;
}

const TAG = /^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8}){0,3}$/;

/**
 * The locale crisis lines follow: ?locale= (validated by the route's schema) first, else the first
 * language of Accept-Language (the site sends ?locale= with the visitor's negotiated locale).
 */
export function requestLocale(ctx: HavenContext, fromQuery: string | undefined): string | null {
  if (fromQuery) return fromQuery;
  const header = (ctx.get('accept-language') || '').slice(0, 200);
  const first = header.split(',')[0]?.split(';')[0]?.trim() ?? '';
  return TAG.test(first) ? first : null;
}
