import { bodyOf, parseOrThrow } from '@haven/shared/validation';
import { withErrors, type HavenContext } from '@haven/shared/server/strapi';
import { notFound } from '@haven/shared/errors';
import { availabilityInput, dayOffInput } from '../lib/rules';
import { emptyQuery } from '../lib/validation';
import { getService } from '../get-service';
import { therapistUserId } from './context';

/** A range's id as the service makes them (a UUID); anything else is simply not found. */
const RANGE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The signed-in therapist's own availability rules, days off, cancellation policy and a preview of their slots. */
export default () =>
  withErrors({
    async find(ctx: HavenContext) {
      parseOrThrow(emptyQuery, ctx.query);
      const userId = await therapistUserId(ctx);
      const availability = getService('availability');
      ctx.body = { data: availability.view(await availability.rulesFor(userId)) };
    },

    async update(ctx: HavenContext) {
      const input = parseOrThrow(availabilityInput, bodyOf(ctx.request.body));
      const userId = await therapistUserId(ctx);
      ctx.body = { data: await getService('availability').update(userId, input) };
    },

    /** The same body as update, nothing saved: the free times it would give over the next two weeks. */
    async preview(ctx: HavenContext) {
      const input = parseOrThrow(availabilityInput, bodyOf(ctx.request.body));
      const userId = await therapistUserId(ctx);
      ctx.body = { data: await getService('availability').preview(userId, input) };
    },

    async addDayOff(ctx: HavenContext) {
      const input = parseOrThrow(dayOffInput, bodyOf(ctx.request.body));
      const userId = await therapistUserId(ctx);
      ctx.status = 201;
      ctx.body = { data: await getService('availability').addDayOff(userId, input) };
    },

    async removeDayOff(ctx: HavenContext) {
      const userId = await therapistUserId(ctx);
      const id = String(ctx.params.id ?? '');
      if (!RANGE_ID.test(id)) throw notFound('No such range of days off');
      ctx.body = { data: await getService('availability').removeDayOff(userId, id) };
    },
  });
