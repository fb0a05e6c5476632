import { forbidden } from '@haven/shared/errors';
import { siteUserId, type HavenContext } from '@haven/shared/server/strapi';
import { people } from '@haven/plugin-people/public';

/** The signed-in therapist (any verification state: they prepare their hours before being listed). */
export async function therapistUserId(ctx: HavenContext): Promise<number> {
  const userId = siteUserId(ctx);
  const therapist = await people.therapistByUserId(userId);
  if (!therapist) throw forbidden('Only therapists have availability and calendars.');
  return userId;
}
