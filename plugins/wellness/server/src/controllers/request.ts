import { unauthorized } from '@haven/shared';
import type { HavenContext } from '@haven/shared/strapi';
import { preferredLocale } from '@haven/shared/locale';

/** The signed-in site user (users-permissions), or 401: API tokens and admin sessions keep no wellness data. */
export function siteUserId(ctx: HavenContext): number {
  const user = ctx.state.user;
  const auth = ctx.state.auth as { strategy?: { name?: string } } | undefined;
  if (!user || auth?.strategy?.name !== 'users-permissions' || !Number.isInteger(user.id)) throw unauthorized('Log in to use your wellness tracker.');
  return user.id;
}

/**
 * The locale crisis lines follow: ?locale= (validated by the route's schema) first, else the
 * preferred language of Accept-Language (the site sends ?locale= with the visitor's own).
 */
export function requestLocale(ctx: HavenContext, fromQuery: string | undefined): string | null {
  return fromQuery || preferredLocale(ctx.get('accept-language') || undefined);
}
