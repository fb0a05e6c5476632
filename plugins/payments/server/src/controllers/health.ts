import type { Core } from '@strapi/strapi';
import { withErrors, type HavenContext } from '@haven/shared/strapi';
import type { PaymentsConfig } from '../config';

/** GET /api/payments/health: tells that the plugin is loaded and which providers it runs, never a secret. */
export default ({ strapi }: { strapi: Core.Strapi }) =>
  withErrors({
    async index(ctx: HavenContext) {
      const config = strapi.config.get('plugin::payments') as PaymentsConfig;
      ctx.body = { plugin: 'payments', status: 'ok', provider: config.provider, providers: config.gateways.length ? config.gateways : ['manual'], currency: config.currency };
    },
  });
