import { parseOrThrow } from '@haven/shared/validation';
import { withErrors, type HavenContext } from '@haven/shared/server/strapi';
import { getService } from '../get-service';
import { localeQuery } from '../lib/validation';

/** GET /api/community/categories: every category with its count of visible posts. */
export default () =>
  withErrors({
    async find(ctx: HavenContext) {
      parseOrThrow(localeQuery, ctx.query);
      ctx.body = { data: await getService('categories').list() };
    },
  });
