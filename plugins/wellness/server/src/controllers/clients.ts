import { idParam, parseOrThrow } from '@haven/shared/validation';
import { withErrors, type HavenContext } from '@haven/shared/server/strapi';
import { getService } from '../get-service';
import { rangeQuery, statsQuery } from '../lib/validation';
import { siteUserId } from './request';

/**
 * A therapist's view of the clients who share with them (Therapist role only): GET /clients,
 * GET /clients/:id, GET /clients/:id/stats, /entries, /assessments. :id is the share's id.
 */
export default () =>
  withErrors({
    async find(ctx: HavenContext) {
      ctx.body = { data: await getService('clients').list(siteUserId(ctx)) };
    },

    async findOne(ctx: HavenContext) {
      const therapistId = siteUserId(ctx);
      ctx.body = { data: await getService('clients').findOne(therapistId, idParam(ctx.params.id, 'client')) };
    },

    async stats(ctx: HavenContext) {
      const therapistId = siteUserId(ctx);
      const shareId = idParam(ctx.params.id, 'client');
      ctx.body = { data: await getService('clients').stats(therapistId, shareId, parseOrThrow(statsQuery, ctx.query)) };
    },

    async entries(ctx: HavenContext) {
      const therapistId = siteUserId(ctx);
      const shareId = idParam(ctx.params.id, 'client');
      const { entries, range, reflectionsShared } = await getService('clients').entries(therapistId, shareId, parseOrThrow(rangeQuery, ctx.query));
      ctx.body = { data: entries, meta: { range, reflectionsShared } };
    },

    async assessments(ctx: HavenContext) {
      const therapistId = siteUserId(ctx);
      const shareId = idParam(ctx.params.id, 'client');
      const { assessments, range } = await getService('clients').assessments(therapistId, shareId, parseOrThrow(rangeQuery, ctx.query));
      ctx.body = { data: assessments, meta: { range } };
    },
  });
