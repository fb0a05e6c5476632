import { bodyOf, idParam, parseOrThrow } from '@haven/shared/validation';
import { siteUserId, withErrors, type HavenContext } from '@haven/shared/server/strapi';
import { cancelBooking, createBooking, declineBooking, emptyQuery, listQuery, outcome, rescheduleBooking } from '../lib/validation';
import type { z } from 'zod';
import type { BookingRow } from '../db/rows';
import { getService } from '../get-service';

/** What every change of one booking starts with, in this order: the booking's id, the checked body, who asks. */
function changeRequest<Schema extends z.ZodTypeAny>(ctx: HavenContext, schema: Schema) {
  const id = idParam(ctx.params.id, 'booking');
  const input: z.infer<Schema> = parseOrThrow(schema, bodyOf(ctx.request.body));
  return { id, input, userId: siteUserId(ctx) };
}

/** The participant's views of some bookings. */
const viewsOf = (userId: number, rows: BookingRow[]) => getService('bookings').views(userId, rows);

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
      const { id, input, userId } = changeRequest(ctx, cancelBooking);
      ctx.body = { data: await viewsOf(userId, await getService('changes').cancel(userId, id, input)) };
    },

    async decline(ctx: HavenContext) {
      const { id, input, userId } = changeRequest(ctx, declineBooking);
      ctx.body = { data: await viewsOf(userId, await getService('changes').decline(userId, id, input)) };
    },

    async reschedule(ctx: HavenContext) {
      const { id, input, userId } = changeRequest(ctx, rescheduleBooking);
      ctx.body = { data: (await viewsOf(userId, [await getService('changes').reschedule(userId, id, input.start)]))[0] };
    },

    async outcome(ctx: HavenContext) {
      const { id, input, userId } = changeRequest(ctx, outcome);
      ctx.body = { data: (await viewsOf(userId, [await getService('changes').setOutcome(userId, id, input.outcome)]))[0] };
    },
  });
