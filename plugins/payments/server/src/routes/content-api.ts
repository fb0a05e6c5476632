import { open, type RouterInputFor } from '@haven/shared/strapi';
import type controllers from '../controllers';

/** Webhooks carry no user: the signature check on the raw body is their authentication. */
const provider = () => ({ auth: false as const, policies: [] });

/**
 * Content API under /api/payments. Role permissions are granted in cms/src/bootstrap/site-roles.ts;
 * who may see which payment is checked in the services (payer and payee only). `/health` comes before
 * `/:id` so that it is never read as an id.
 */
export default {
  type: 'content-api',
  routes: [
    { method: 'GET', path: '/health', handler: 'health.index', config: open() },
    { method: 'POST', path: '/checkout', handler: 'checkout.create', config: open() },
    { method: 'POST', path: '/stripe/webhook', handler: 'webhooks.stripe', config: provider() },
    { method: 'POST', path: '/paypal/webhook', handler: 'webhooks.paypal', config: provider() },
    { method: 'GET', path: '/payments', handler: 'payments.find', config: { ...open(), prefix: '' } },
    { method: 'GET', path: '/:id', handler: 'payments.findOne', config: open() },
    { method: 'GET', path: '/:id/receipt', handler: 'payments.receipt', config: open() },
    { method: 'POST', path: '/:id/complete', handler: 'checkout.complete', config: open() },
    { method: 'POST', path: '/:id/mark', handler: 'payments.mark', config: open() },
  ],
} satisfies RouterInputFor<typeof controllers, 'content-api'>;
