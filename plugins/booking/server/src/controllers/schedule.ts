import { parseOrThrow } from '@haven/shared/validation';
import { siteUserId, withErrors, type HavenContext } from '@haven/shared/server/strapi';
import { scheduleQuery } from '../lib/schedule-query';
import { getService } from '../get-service';

/** GET /schedule?from=&to=: the signed-in person's own sessions in a window of at most 31 days. */
export default () =>
  withErrors({
    async find(ctx: HavenContext) {
      const window = parseOrThrow(scheduleQuery, ctx.query);
      ctx.body = { data: await getService('schedule').between(siteUserId(ctx), new Date(window.from), new Date(window.to)) };
    },
  });
