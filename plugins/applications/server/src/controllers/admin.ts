/** Staff routes of the Therapist applications page (admin sessions; permissions in routes/admin.ts). */
import { bodyOf, idParam, parseOrThrow } from '@haven/shared/validation';
import { staffActor, withErrors, type HavenContext } from '@haven/shared/server/strapi';
import { getService } from '../get-service';
import { decisionBody, listQuery } from '../lib/validation';
import { staffApplication, staffDetail } from '../views';
import { sendDocument } from './request';

export default () =>
  withErrors({
    /** GET /applications/applications?tab=waiting&page=1&pageSize=20 */
    async find(ctx: HavenContext) {
      const query = parseOrThrow(listQuery, ctx.query);
      const page = await getService('reviews').list(query.tab, query.page, query.pageSize);
      ctx.body = { data: page.data.map(staffApplication), meta: { counts: page.counts, pagination: page.pagination } };
    },

    /** GET /applications/applications/:id */
    async findOne(ctx: HavenContext) {
      ctx.body = { data: staffDetail(await getService('reviews').detail(idParam(ctx.params.id, 'application'))) };
    },

    /** POST /applications/applications/:id/decision { decision, message, reason } */
    async decide(ctx: HavenContext) {
      const id = idParam(ctx.params.id, 'application');
      const input = parseOrThrow(decisionBody, bodyOf(ctx.request.body));
      const { application, mailed } = await getService('reviews').decide(id, input, staffActor(ctx));
      ctx.body = { data: staffDetail(application), meta: { mailed } };
    },

    /** GET /applications/applications/:id/document: the licence document as a download. */
    async document(ctx: HavenContext) {
      sendDocument(ctx, await getService('reviews').document(idParam(ctx.params.id, 'application'), staffActor(ctx)));
    },
  });
