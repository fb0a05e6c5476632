import { idParam, parseOrThrow } from '@haven/shared/validation';
import { withErrors, type HavenContext } from '@haven/shared/server/strapi';
import { seriesQuery, slotsQuery } from '../lib/validation';
import { getService } from '../get-service';

/** Public: free start times of a verified therapist, and a check of a weekly series. */
export default () =>
  withErrors({
    async find(ctx: HavenContext) {
      const id = idParam(ctx.params.id, 'therapist');
      const window = parseOrThrow(slotsQuery, ctx.query);
      ctx.body = { data: await getService('slots').list(id, window) };
    },

    async series(ctx: HavenContext) {
      const id = idParam(ctx.params.id, 'therapist');
      const query = parseOrThrow(seriesQuery, ctx.query);
      ctx.body = { data: await getService('bookings').checkSeries(id, query.start, query.weeks) };
    },
  });
