import { parseOrThrow } from '@haven/shared/validation';
import { withErrors, type HavenContext } from '@haven/shared/server/strapi';
import { getService } from '../get-service';
import { searchParams } from '../lib/search-params';

export default () =>
  withErrors({
    /** GET /api/library/search?q=&category=&kind=&page=&pageSize= — same answer whichever engine runs. */
    async search(ctx: HavenContext) {
      const { q, category, kind, page, pageSize } = parseOrThrow(searchParams, ctx.query);
      ctx.body = await getService('search').search({ q, categories: category, kinds: kind, page, pageSize });
    },

    /** GET /api/library/search/config — how a browser may search directly (Meilisearch: a search-only key). */
    async config(ctx: HavenContext) {
      ctx.body = await getService('search').browserConfig();
    },
  });
