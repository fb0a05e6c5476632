import { siteUserId as signedIn, type HavenContext } from '@haven/shared/server/strapi';

/** The signed-in site user, or 401 with wellness's own message: API tokens and admin sessions keep no wellness data. */
export const siteUserId = (ctx: HavenContext) => signedIn(ctx, 'Log in to use your wellness tracker.');
