import { bodyOf, idParam, parseOrThrow } from '@haven/shared/validation';
import { siteUserId, withErrors, type HavenContext } from '@haven/shared/server/strapi';
import { checkoutInput } from '../lib/validation';
import { getService } from '../get-service';

/** Checkout for a booking waiting for payment, and the payer's return from the provider's page. */
export default () =>
  withErrors({
    async create(ctx: HavenContext) {
      const input = parseOrThrow(checkoutInput, bodyOf(ctx.request.body));
      const result = await getService('checkout').start(siteUserId(ctx), input);
      ctx.status = 201;
      ctx.body = { data: result };
    },

    async complete(ctx: HavenContext) {
      const id = idParam(ctx.params.id, 'payment');
      ctx.body = { data: await getService('checkout').complete(siteUserId(ctx), id) };
    },
  });
