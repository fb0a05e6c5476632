import { bodyOf, parseOrThrow } from '@haven/shared/validation';
import { withErrors, type HavenContext } from '@haven/shared/server/strapi';
import { getService } from '../get-service';
import { settingsBody } from '../lib/validation';
import { siteUserId } from './request';

/** GET|PUT /settings: one's own activities and daily reminder. */
export default () =>
  withErrors({
    async find(ctx: HavenContext) {
      ctx.body = { data: await getService('settings').get(siteUserId(ctx)) };
    },

    async update(ctx: HavenContext) {
      const userId = siteUserId(ctx);
      ctx.body = { data: await getService('settings').update(userId, parseOrThrow(settingsBody, bodyOf(ctx.request.body))) };
    },
  });
