import { describe, expect, it } from 'vitest';
import config from '../config';

/** The configuration Haven would start with under these variables. */
const configured = (vars: Record<string, string>) => config.default({ env: (key, fallback = '') => vars[key] ?? fallback });
const paypal = (webhookId: string) => configured({ PAYPAL_CLIENT_ID: 'AZ-client', PAYPAL_CLIENT_SECRET: 'EL-secret', PAYPAL_WEBHOOK_ID: webhookId });

describe('payments configuration', () => {
  // PayPal's verify-webhook-signature refuses any webhook id outside ^[a-zA-Z0-9]+$ (max 50): a wrong one
  // would refuse every real webhook, so it stops the start instead of the first payment.
  it.each(['8PT597110X687430LKGECATA', '4JH86294D6297924G', 'a'.repeat(50)])('accepts the PayPal webhook id %s', (id) => {
    expect(() => config.validator(paypal(id))).not.toThrow();
  });
  it.each(['WH-8PT597110X687430L', ' 8PT597110X687430L', '8PT597110X687430L ', 'webhook_1', 'a'.repeat(51), 'https://example.com/hook', '8PT5971\n10X'])('refuses the PayPal webhook id %j', (id) => {
    expect(() => config.validator(paypal(id))).toThrow(/PAYPAL_WEBHOOK_ID must be the webhook's ID as PayPal shows it/);
  });
  it('still asks for the webhook id with the keys', () => {
    expect(() => config.validator(paypal(''))).toThrow(/PAYPAL_WEBHOOK_ID must be set/);
  });
});
