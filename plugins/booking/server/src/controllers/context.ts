import { forbidden, unauthorized } from '@haven/shared/errors';
import type { HavenContext } from '@haven/shared/strapi';
import { getService } from '../get-service';

/** The signed-in site user (users-permissions JWT); API tokens and admin sessions are not people here. */
export function siteUserId(ctx: HavenContext): number {
  const user = ctx.state.user;
  const strategy = (ctx.state.auth as { strategy?: { name?: string } } | undefined)?.strategy?.name;
  if (!user || strategy !== 'users-permissions' || !Number.isInteger(user.id)) throw unauthorized();
  return user.id;
}

/** The signed-in therapist (any verification state: they prepare their hours before being listed). */
export async function therapistUserId(ctx: HavenContext): Promise<number> {
  const userId = siteUserId(ctx);
  const therapist = await getService('people').therapistByUserId(userId);
  if (!therapist) throw forbidden('Only therapists have availability and calendars.');
  return userId;
}
