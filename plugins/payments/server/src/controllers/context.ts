import { unauthorized } from '@haven/shared/errors';
import type { HavenContext } from '@haven/shared/strapi';

/** The signed-in site user (users-permissions JWT); API tokens and admin sessions are not people here. */
export function siteUserId(ctx: HavenContext): number {
  const user = ctx.state.user;
  const strategy = (ctx.state.auth as { strategy?: { name?: string } } | undefined)?.strategy?.name;
  if (!user || strategy !== 'users-permissions' || !Number.isInteger(user.id)) throw unauthorized();
  return user.id;
}

/** The signed-in admin-panel user (admin routes are behind admin::isAuthenticatedAdmin). */
export function adminUserId(ctx: HavenContext): number {
  const user = ctx.state.user;
  if (!user || !Number.isInteger(user.id)) throw unauthorized();
  return user.id;
}

/** The exact bytes a provider signed, kept by Strapi's body parser (`includeUnparsed` in cms/config/middlewares.ts). */
export function rawBody(ctx: HavenContext): string | null {
  const body = ctx.request.body as Record<symbol, unknown> | undefined;
  const raw = body?.[Symbol.for('unparsedBody')];
  return typeof raw === 'string' ? raw : null;
}
