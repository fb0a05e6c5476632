import type { Core } from '@strapi/strapi';
import { getService } from './get-service';

/** What the activity hook reads of a request once it has been answered. */
interface AnsweredRequest {
  state: {
    user?: { id?: unknown };
    auth?: { strategy?: { name?: string } };
    route?: { info?: { type?: string } };
  };
}

/** The site account behind an answered content-API request signed with a users-permissions JWT, else null (anonymous, API tokens, admin sessions). */
export function siteActivityUser(ctx: AnsweredRequest): number | null {
  const { user, auth, route } = ctx.state;
  if (route?.info?.type !== 'content-api' || auth?.strategy?.name !== 'users-permissions') return null;
  return typeof user?.id === 'number' && Number.isInteger(user.id) ? user.id : null;
}

/**
 * Records daily activity: a server middleware (outermost, so it sees the request after routing and
 * authentication have filled ctx.state) that touches the person's day after the answer is ready.
 * Staff (admin-panel) sessions are never recorded: they are not people of the site.
 */
export function recordSiteActivity(strapi: Core.Strapi) {
  strapi.server.use(async (ctx: AnsweredRequest, next: () => Promise<unknown>) => {
    await next();
    const userId = siteActivityUser(ctx);
    if (userId !== null) await getService('activity').touch(userId);
  });
}

