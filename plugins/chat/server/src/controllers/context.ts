import { unauthorized } from '@haven/shared/errors';
import type { HavenContext } from '@haven/shared/strapi';

/** The signed-in site user (users-permissions JWT); API tokens and admin sessions are not people here. */
export function siteUserId(ctx: HavenContext): number {
  const user = ctx.state.user;
  const strategy = (ctx.state.auth as { strategy?: { name?: string } } | undefined)?.strategy?.name;
  if (!user || strategy !== 'users-permissions' || !Number.isInteger(user.id)) throw unauthorized();
  return user.id;
}
