import { bodyOf, parseOrThrow } from '@haven/shared/validation';
import { withErrors, type HavenContext } from '@haven/shared/server/strapi';
import { availabilityInput } from '../lib/rules';
import { emptyQuery } from '../lib/validation';
import { getService } from '../get-service';
import { therapistUserId } from './context';

/** The signed-in therapist's own availability rules and cancellation policy. */
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
  });
