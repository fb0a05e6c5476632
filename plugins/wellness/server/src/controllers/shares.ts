import { bodyOf, idParam, parseOrThrow } from '@haven/shared/validation';
import { withErrors, type HavenContext } from '@haven/shared/server/strapi';
import { getService } from '../get-service';
import { shareBody } from '../lib/validation';
import { siteUserId } from './request';

/**
 * A client's sharing: GET /shares (shares and the consent log), PUT /shares/:therapistId (grant or
 * change; :therapistId is the public id from /api/therapists), DELETE /shares/:therapistId (revoke).
 */
export default () =>
  withErrors({
    async find(ctx: HavenContext) {
      ctx.body = { data: await getService('consent').overview(siteUserId(ctx)) };
    },

    async grant(ctx: HavenContext) {
      const userId = siteUserId(ctx);
      const id = idParam(ctx.params.id, 'therapist');
      const { includeReflections } = parseOrThrow(shareBody, bodyOf(ctx.request.body));
      const { share, changed } = await getService('consent').grant(userId, id, includeReflections);
      ctx.body = { data: share, meta: { changed } };
    },

    async revoke(ctx: HavenContext) {
      const userId = siteUserId(ctx);
      const id = idParam(ctx.params.id, 'therapist');
      ctx.body = { data: await getService('consent').revoke(userId, id) };
    },
  });
