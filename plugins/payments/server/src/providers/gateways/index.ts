/** Chooses the payment providers from configuration: the online gateways that are configured, and manual always. */
import type { PaymentsConfig, ProviderName } from '../../config';
import { createManualGateway } from './manual';
import { createPaypalGateway } from './paypal';
import { createStripeGateway } from './stripe';
import type { PaymentGateway } from './types';

export type { PaymentGateway } from './types';

export function createGateways(config: PaymentsConfig): Map<ProviderName, PaymentGateway> {
  const gateways = new Map<ProviderName, PaymentGateway>([['manual', createManualGateway()]]);
  if (config.gateways.includes('stripe')) gateways.set('stripe', createStripeGateway(config.stripe));
  if (config.gateways.includes('paypal')) gateways.set('paypal', createPaypalGateway(config.paypal));
  return gateways;
}
