import { z } from 'zod';
import { parseOrThrow } from '@haven/shared/validation';
import { withErrors, type HavenContext } from '@haven/shared/server/strapi';
import { getService } from '../get-service';

// A resource slug as Strapi's uid fields allow it (the site's rule too), length first so the pattern only sees a short value.
const viewParams = z.object({ slug: z.string().max(200, { abort: true }).regex(/^[A-Za-z0-9._~-]+$/, 'must be a resource slug') }).strict();

export default () =>
  withErrors({
    /**
     * POST /api/library/resources/:slug/views — the site calls it when it shows a resource page,
     * passing the visitor's address on (X-Forwarded-For from a trusted proxy). 204 whether or not the
     * view was counted, so a caller cannot tell how to inflate; 404 for a resource that is not published.
     */
    async record(ctx: HavenContext) {
      const { slug } = parseOrThrow(viewParams, ctx.params);
      await getService('engagement').recordView(String(ctx.request.ip ?? ''), slug);
      ctx.status = 204;
    },
  });
