import { parseOrThrow } from '@haven/shared/validation';
import { requestLocale, withErrors, type HavenContext } from '@haven/shared/server/strapi';
import { getService } from '../get-service';
import { localeQuery } from '../lib/validation';

/** GET /api/safety/lines: crisis lines for the visitor's locale (public: anyone may need them). */
export default () =>
  withErrors({
    async find(ctx: HavenContext) {
      parseOrThrow(localeQuery, ctx.query);
      ctx.body = { data: getService('lines').resourcesFor(requestLocale(ctx)) };
    },
  });
