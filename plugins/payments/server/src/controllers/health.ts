import type { Core } from '@strapi/strapi';
import type { PaymentsConfig } from '../config';

/** GET /api/payments/health: tells that the plugin is loaded and which adapters it runs, never a secret. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async index(ctx: { body: unknown }) {
    const config = strapi.config.get('plugin::payments') as PaymentsConfig;
    ctx.body = { plugin: 'payments', status: 'ok', provider: config.provider, currency: config.currency };
  },
});
