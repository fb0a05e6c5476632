import { healthController } from '@haven/shared/server/strapi';
import { config } from '../get-service';

/** GET /api/payments/health: which providers the plugin runs, and in which currency. */
export default healthController('payments', () => {
  const { provider, gateways, currency } = config();
  return { provider, providers: gateways.length ? gateways : ['manual'], currency };
});
