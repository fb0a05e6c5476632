import { parseOrThrow } from '@haven/shared/validation';
import { withErrors, type HavenContext } from '@haven/shared/server/strapi';
import { getService } from '../get-service';
import { statsQuery } from '../lib/validation';
import { siteUserId } from './request';

/** GET /stats?from=&to=&bucket=day|week|month: the caller's progress (default: the last 90 days). */
export default () =>
  withErrors({
    async find(ctx: HavenContext) {
      const userId = siteUserId(ctx);
      ctx.body = { data: await getService('stats').forUser(userId, parseOrThrow(statsQuery, ctx.query)) };
    },
  });
