import { open, routerOf } from '@haven/shared/server/strapi';
import type controllers from '../controllers';

/** Webhooks carry no user: the signature check on the raw body is their authentication. */
const provider = () => ({ auth: false as const, policies: [] });

/**
 * Content API under /api/payments. Role permissions are granted in cms/src/bootstrap/site-roles.ts;
 * who may see which payment is checked in the services (payer and payee only). `/health` comes before
 * `/:id` so that it is never read as an id.
 */
export default routerOf<typeof controllers>('content-api', {
  'GET /health': 'health.index',
  'POST /checkout': 'checkout.create',
  'POST /stripe/webhook': ['webhooks.stripe', provider()],
  'POST /paypal/webhook': ['webhooks.paypal', provider()],
  'GET /payments': ['payments.find', { ...open(), prefix: '' }],
  'GET /instructions/mine': 'instructions.mine',
  'PUT /instructions/mine': 'instructions.updateMine',
  'GET /how-to-pay/:therapistProfileId': 'instructions.howToPay',
  'GET /:id': 'payments.findOne',
  'GET /:id/receipt': 'payments.receipt',
  'POST /:id/complete': 'checkout.complete',
  'POST /:id/mark': 'payments.mark',
  'POST /:id/unmark': 'payments.unmark',
});
