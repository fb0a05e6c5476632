import { parseOrThrow } from '@haven/shared/validation';
import { withErrors, type HavenContext } from '@haven/shared/server/strapi';
import { rangeQuery, resolveRange } from '../lib/range';
import { getService } from '../get-service';
import { engagementReportView, libraryReportView, moderationReportView } from '../views';

const rangeOf = (ctx: HavenContext) => resolveRange(parseOrThrow(rangeQuery, ctx.query), Date.now());

/**
 * The engagement dashboards, each ?from=YYYY-MM-DD&to=YYYY-MM-DD (UTC days, both included; by default
 * the last 30 days), each behind its own permission (routes/admin.ts).
 */
export default () =>
  withErrors({
    /** GET /dashboards/engagement: everything (super admins). */
    async find(ctx: HavenContext) {
      ctx.body = { data: engagementReportView.pick(await getService('engagement').report(rangeOf(ctx))) };
    },

    /** GET /dashboards/library: views and searches (editors). */
    async library(ctx: HavenContext) {
      ctx.body = { data: libraryReportView.pick(await getService('engagement').library(rangeOf(ctx))) };
    },

    /** GET /dashboards/moderation: flags waiting and turnaround (moderators). */
    async moderation(ctx: HavenContext) {
      ctx.body = { data: moderationReportView.pick(await getService('engagement').moderation(rangeOf(ctx))) };
    },
  });
