import { parseOrThrow } from '@haven/shared/validation';
import { withErrors, type HavenContext } from '@haven/shared/server/strapi';
import { getService } from '../get-service';
import { localeQuery } from '../lib/validation';
import { siteUserId } from './request';

/** The caller as a member: GET /me (created on first visit) and POST /me/alias. */
export default () =>
  withErrors({
    async me(ctx: HavenContext) {
      parseOrThrow(localeQuery, ctx.query);
      ctx.body = { data: await getService('members').me(siteUserId(ctx)) };
    },

    async changeAlias(ctx: HavenContext) {
      parseOrThrow(localeQuery, ctx.query);
      ctx.body = { data: await getService('members').changeAlias(siteUserId(ctx)) };
    },
  });
