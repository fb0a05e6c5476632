import { siteUserId as signedIn, type HavenContext } from '@haven/shared/server/strapi';

/**
 * The signed-in site user, or 401 with the community's own message: API tokens and admin sessions
 * have no alias. Reading needs a signed-in Client or Therapist (the role table in cms/src/bootstrap/site-roles.ts).
 */
export const siteUserId = (ctx: HavenContext) => signedIn(ctx, 'Log in to take part in the community.');

/** 201 with a body. */
export function created(ctx: HavenContext, body: unknown) {
  ctx.status = 201;
  ctx.body = body;
}
