import { withErrors, type HavenContext } from '@haven/shared/server/strapi';
import { getService } from '../get-service';
import { rawBody } from './context';

/** Provider webhooks: public routes, trusted only after the signature check on the raw body. */
export default () =>
  withErrors({
    async stripe(ctx: HavenContext) {
      ctx.body = await getService('webhooks').handle('stripe', rawBody(ctx), ctx.request.headers as Record<string, string | string[] | undefined>);
    },

    async paypal(ctx: HavenContext) {
      ctx.body = await getService('webhooks').handle('paypal', rawBody(ctx), ctx.request.headers as Record<string, string | string[] | undefined>);
    },
  });
