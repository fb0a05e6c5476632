import { idParam, parseOrThrow } from '@haven/shared/validation';
import { requestLocale, withErrors, type HavenContext } from '@haven/shared/server/strapi';
import { getService } from '../get-service';
import { localeQuery } from '../lib/validation';
import { siteUserId } from './request';

/** The moderators' private messages to the caller (GET /notices, POST /notices/:id/read). */
export default () =>
  withErrors({
    async find(ctx: HavenContext) {
      parseOrThrow(localeQuery, ctx.query);
      const list = await getService('notices').mine(siteUserId(ctx), requestLocale(ctx));
      ctx.body = { data: list.items, meta: list.meta };
    },

    async read(ctx: HavenContext) {
      const userId = siteUserId(ctx);
      await getService('notices').markRead(userId, idParam(ctx.params.id, 'notice'));
      ctx.status = 204;
    },
  });
