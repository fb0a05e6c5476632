/** The configured payment providers, built once from configuration (providers/gateways). */
import { badRequest, notFound } from '@haven/shared/errors';
import type { GatewayName, ProviderName } from '../config';
import { config } from '../get-service';
import { createGateways, type PaymentGateway } from '../providers/gateways';

export default () => {
  let gateways: Map<ProviderName, PaymentGateway> | null = null;
  const all = () => (gateways ??= createGateways(config()));

  return {
    /** The provider that handles a payment (manual is always there, for payments recorded by hand). */
    get(name: ProviderName): PaymentGateway {
      const gateway = all().get(name);
      if (!gateway) throw new Error(`payment provider ${name} is not configured`);
      return gateway;
    },

    /** A provider that receives webhooks; an unconfigured one answers like a missing route. */
    forWebhook(name: GatewayName): PaymentGateway {
      const gateway = config().gateways.includes(name) ? all().get(name) : undefined;
      if (!gateway) throw notFound(`${name} is not configured here`);
      return gateway;
    },

    /** Online gateways the client may choose from (empty: manual). */
    online(): GatewayName[] {
      return [...config().gateways];
    },

    /** The provider for a checkout: the one asked for, the only one configured, or manual. */
    choose(requested: GatewayName | undefined): ProviderName {
      const online = config().gateways;
      if (!online.length) {
        if (requested) throw badRequest(`provider must be left out: online payment is not set up here, you pay your therapist directly.`, { errors: [{ path: ['provider'], message: 'is not available' }] });
        return 'manual';
      }
      if (requested) {
        if (!online.includes(requested)) throw badRequest(`provider must be one of: ${online.join(', ')}`, { errors: [{ path: ['provider'], message: `must be one of: ${online.join(', ')}` }] });
        return requested;
      }
      if (online.length > 1) throw badRequest(`Choose how to pay: ${online.join(' or ')}.`, { errors: [{ path: ['provider'], message: `must be one of: ${online.join(', ')}` }], providers: online });
      return online[0];
    },
  };
};
