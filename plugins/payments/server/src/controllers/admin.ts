import { bodyOf, idParam, parseOrThrow } from '@haven/shared/validation';
import { staffActor, withErrors, type HavenContext } from '@haven/shared/server/strapi';
import { adminListQuery, adminRefund, emptyQuery, markInput } from '../lib/validation';
import { getService } from '../get-service';

/** The admin panel's Payments page (admin sessions holding plugin::payments.payments.* only). */
export default () =>
  withErrors({
    async find(ctx: HavenContext) {
      ctx.body = await getService('admin').list(parseOrThrow(adminListQuery, ctx.query));
    },

    async findOne(ctx: HavenContext) {
      parseOrThrow(emptyQuery, ctx.query);
      ctx.body = { data: await getService('admin').findOne(idParam(ctx.params.id, 'payment')) };
    },

    async refund(ctx: HavenContext) {
      const id = idParam(ctx.params.id, 'payment');
      const input = parseOrThrow(adminRefund, bodyOf(ctx.request.body));
      ctx.body = { data: await getService('admin').refund(staffActor(ctx), id, input) };
    },

    async mark(ctx: HavenContext) {
      const id = idParam(ctx.params.id, 'payment');
      const input = parseOrThrow(markInput, bodyOf(ctx.request.body));
      await getService('manual').mark({ kind: 'admin', ...staffActor(ctx) }, id, input);
      ctx.body = { data: await getService('admin').findOne(id) };
    },
  });
