import { bodyOf, parseOrThrow } from '@haven/shared/validation';
import { withErrors, type HavenContext } from '@haven/shared/server/strapi';
import { getService } from '../get-service';
import { reaction } from '../lib/validation';
import { siteUserId } from './request';

/** POST /api/community/reactions: toggles one reaction of the caller. */
export default () =>
  withErrors({
    async toggle(ctx: HavenContext) {
      const input = parseOrThrow(reaction, bodyOf(ctx.request.body));
      ctx.body = { data: await getService('reactions').toggle(siteUserId(ctx), input) };
    },
  });
