import { unauthorized } from '@haven/shared';
import type { HavenContext } from '@haven/shared/strapi';
import { preferredLocale } from '@haven/shared/locale';

/**
 * The signed-in site user (users-permissions), or 401: API tokens and admin sessions have no alias.
 * Reading needs a signed-in Client or Therapist (the role table in cms/src/bootstrap/site-roles.ts).
 */
export function siteUserId(ctx: HavenContext): number {
  const user = ctx.state.user;
  const auth = ctx.state.auth as { strategy?: { name?: string } } | undefined;
  if (!user || auth?.strategy?.name !== 'users-permissions' || !Number.isInteger(user.id)) throw unauthorized('Log in to take part in the community.');
  return user.id;
}

/** The locale a request asks for: ?locale= first, then Accept-Language (crisis lines follow it). */
export function requestLocale(ctx: HavenContext): string | null {
  const query = typeof ctx.query.locale === 'string' ? ctx.query.locale : null;
  return query || preferredLocale(ctx.get('accept-language') || undefined);
}

/** 201 with a body. */
export function created(ctx: HavenContext, body: unknown) {
  ctx.status = 201;
  ctx.body = body;
}
