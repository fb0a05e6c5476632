import { parseOrThrow } from '@haven/shared/validation';
import { withErrors, type HavenContext } from '@haven/shared/server/strapi';
import { rangeQuery, resolveRange } from '../lib/range';
import { getService } from '../get-service';
import { therapistReportView } from '../views';

/** GET /dashboards/therapists?from=YYYY-MM-DD&to=YYYY-MM-DD (UTC days, both included; by default the last 30 days). */
export default () =>
  withErrors({
    async find(ctx: HavenContext) {
      const range = resolveRange(parseOrThrow(rangeQuery, ctx.query), Date.now());
      ctx.body = { data: therapistReportView.pick(await getService('therapists').report(range)) };
    },
  });
