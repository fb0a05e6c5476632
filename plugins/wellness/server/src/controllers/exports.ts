import { parseOrThrow } from '@haven/shared/validation';
import { withErrors, type HavenContext } from '@haven/shared/server/strapi';
import { getService } from '../get-service';
import { exportQuery } from '../lib/validation';
import { siteUserId } from './request';

/** GET /export?format=json|csv&dataset=entries|assessments: one's own data, as a download. */
export default () =>
  withErrors({
    async download(ctx: HavenContext) {
      const userId = siteUserId(ctx);
      const file = await getService('exporter').export(userId, parseOrThrow(exportQuery, ctx.query));
      ctx.set('Content-Type', file.contentType);
      ctx.set('Content-Disposition', `attachment; filename="${file.filename}"`);
      ctx.set('Cache-Control', 'private, no-store');
      ctx.body = file.body;
    },
  });
