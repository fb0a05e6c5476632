import { bodyOf, parseOrThrow } from '@haven/shared/validation';
import { withErrors, type HavenContext } from '@haven/shared/server/strapi';
import { getService } from '../get-service';
import { flag } from '../lib/validation';
import { FLAG_THANKS } from '../services/flags';
import { created, siteUserId } from './request';

/** POST /api/community/flags: one flag per member per item. */
export default () =>
  withErrors({
    async create(ctx: HavenContext) {
      const input = parseOrThrow(flag, bodyOf(ctx.request.body));
      created(ctx, { data: await getService('flags').create(siteUserId(ctx), input), meta: { message: FLAG_THANKS } });
    },
  });
