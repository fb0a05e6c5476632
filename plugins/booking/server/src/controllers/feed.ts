import { notFound } from '@haven/shared/errors';
import { parseOrThrow } from '@haven/shared/validation';
import { siteUserId, withErrors, type HavenContext } from '@haven/shared/server/strapi';
import { emptyQuery } from '../lib/validation';
import { getService } from '../get-service';

/** The signed-in person's calendar feed address, and the feed itself (opened by its secret token). */
export default () =>
  withErrors({
    async status(ctx: HavenContext) {
      parseOrThrow(emptyQuery, ctx.query);
      ctx.body = { data: await getService('feeds').status(siteUserId(ctx)) };
    },

    async rotate(ctx: HavenContext) {
      ctx.status = 201;
      ctx.body = { data: await getService('feeds').rotate(siteUserId(ctx)) };
    },

    async revoke(ctx: HavenContext) {
      await getService('feeds').revoke(siteUserId(ctx));
      ctx.body = { data: { active: false } };
    },

    /** GET /calendar/<token>.ics: public, the token is the secret. */
    async download(ctx: HavenContext) {
      const file = String(ctx.params.file ?? '');
      const match = /^([A-Za-z0-9_-]{20,64})\.ics$/.exec(file);
      const body = match ? await getService('feeds').render(match[1]) : null;
      if (!body) throw notFound('No such calendar feed');
      ctx.set('Content-Type', 'text/calendar; charset=utf-8');
      ctx.set('Cache-Control', 'private, max-age=300');
      ctx.set('Content-Disposition', 'inline; filename="haven-sessions.ics"');
      ctx.body = body;
    },
  });
