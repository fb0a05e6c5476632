import { parseOrThrow } from '@haven/shared/validation';
import { withErrors, type HavenContext } from '@haven/shared/server/strapi';
import { rangeQuery, resolveRange } from '../lib/range';
import { getService } from '../get-service';
import { usageReportView } from '../views';

/** GET /dashboards/usage?from=YYYY-MM-DD&to=YYYY-MM-DD (UTC days, both included; by default the last 30 days). */
export default () =>
  withErrors({
    async find(ctx: HavenContext) {
      const range = resolveRange(parseOrThrow(rangeQuery, ctx.query), Date.now());
      ctx.body = { data: usageReportView.pick(await getService('usage').report(range)) };
    },
  });
