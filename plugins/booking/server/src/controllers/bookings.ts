import { bodyOf, idParam, parseOrThrow } from '@haven/shared/validation';
import { siteUserId, withErrors, type HavenContext } from '@haven/shared/server/strapi';
import { cancelBooking, createBooking, declineBooking, emptyQuery, listQuery, outcome, rescheduleBooking } from '../lib/validation';
import { getService } from '../get-service';

/** Sessions of the signed-in person: book, list, read, cancel, reschedule, and the therapist's decline and outcome. */
export default () =>
  withErrors({
    async create(ctx: HavenContext) {
      const input = parseOrThrow(createBooking, bodyOf(ctx.request.body));
      const userId = siteUserId(ctx);
      const { bookings, skipped } = await getService('bookings').create(userId, input);
      ctx.status = 201;
      ctx.body = { data: await getService('bookings').views(userId, bookings), meta: { skipped } };
    },

    async find(ctx: HavenContext) {
      const query = parseOrThrow(listQuery, ctx.query);
      ctx.body = await getService('bookings').list(siteUserId(ctx), query);
    },

    async findOne(ctx: HavenContext) {
      parseOrThrow(emptyQuery, ctx.query);
      const id = idParam(ctx.params.id, 'booking');
      const userId = siteUserId(ctx);
      const row = await getService('bookings').findForParticipant(userId, id);
      ctx.body = { data: (await getService('bookings').views(userId, [row]))[0] };
    },

    async cancel(ctx: HavenContext) {
      const id = idParam(ctx.params.id, 'booking');
      const input = parseOrThrow(cancelBooking, bodyOf(ctx.request.body));
      const userId = siteUserId(ctx);
      const rows = await getService('changes').cancel(userId, id, input);
      ctx.body = { data: await getService('bookings').views(userId, rows) };
    },

    async decline(ctx: HavenContext) {
      const id = idParam(ctx.params.id, 'booking');
      const input = parseOrThrow(declineBooking, bodyOf(ctx.request.body));
      const userId = siteUserId(ctx);
      const rows = await getService('changes').decline(userId, id, input);
      ctx.body = { data: await getService('bookings').views(userId, rows) };
    },

    async reschedule(ctx: HavenContext) {
      const id = idParam(ctx.params.id, 'booking');
      const input = parseOrThrow(rescheduleBooking, bodyOf(ctx.request.body));
      const userId = siteUserId(ctx);
      const row = await getService('changes').reschedule(userId, id, input.start);
      ctx.body = { data: (await getService('bookings').views(userId, [row]))[0] };
    },

    async outcome(ctx: HavenContext) {
      const id = idParam(ctx.params.id, 'booking');
      const input = parseOrThrow(outcome, bodyOf(ctx.request.body));
      const userId = siteUserId(ctx);
      const row = await getService('changes').setOutcome(userId, id, input.outcome);
      ctx.body = { data: (await getService('bookings').views(userId, [row]))[0] };
    },
  });
