import { parseOrThrow } from '@haven/shared/validation';
import { withErrors, type HavenContext } from '@haven/shared/server/strapi';
import { getService } from '../get-service';
import { searchParams } from '../lib/search-params';

export default () =>
  withErrors({
    /** GET /api/library/search?q=&category=&kind=&page=&pageSize= — same answer whichever engine runs. */
    async search(ctx: HavenContext) {
      const { q, category, kind, page, pageSize } = parseOrThrow(searchParams, ctx.query);
      const result = await getService('search').search({ q, categories: category, kinds: kind, page, pageSize });
      // The search log (what people look for, what found nothing): the query and the count, never who.
      await getService('engagement').recordSearch(String(ctx.request.ip ?? ''), q, result.total, page);
      ctx.body = result;
    },

    /** GET /api/library/search/config — how a browser may search directly (Meilisearch: a search-only key). */
    async config(ctx: HavenContext) {
      ctx.body = await getService('search').browserConfig();
    },
  });
