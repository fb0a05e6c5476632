import { bodyOf, idParam, parseOrThrow } from '@haven/shared/validation';
import { siteUserId, withErrors, type HavenContext } from '@haven/shared/server/strapi';
import { emptyQuery, instructionsInput } from '../lib/validation';
import { getService } from '../get-service';

/** A therapist's payment instructions (their own only) and how a client pays a therapist. */
export default () =>
  withErrors({
    async mine(ctx: HavenContext) {
      parseOrThrow(emptyQuery, ctx.query);
      ctx.body = { data: await getService('instructions').mine(siteUserId(ctx)) };
    },

    async updateMine(ctx: HavenContext) {
      const userId = siteUserId(ctx);
      const { instructions } = parseOrThrow(instructionsInput, bodyOf(ctx.request.body));
      ctx.body = { data: await getService('instructions').save(userId, instructions) };
    },

    async howToPay(ctx: HavenContext) {
      parseOrThrow(emptyQuery, ctx.query);
      siteUserId(ctx);
      const id = idParam(ctx.params.therapistProfileId, 'therapist');
      ctx.set('Cache-Control', 'private, no-store');
      ctx.body = { data: await getService('instructions').howToPay(id) };
    },
  });
