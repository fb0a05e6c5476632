/**
 * Configuration of the payments plugin, read from the environment at start (README "Payments" lists
 * every variable). Gateways are chosen from which keys are set: Stripe when STRIPE_SECRET_KEY and
 * STRIPE_WEBHOOK_SECRET are, PayPal when PAYPAL_CLIENT_ID and PAYPAL_CLIENT_SECRET are; with both the
 * client chooses at checkout; with neither, `manual` (pay the therapist directly).
 */
import type { GatewayName } from '@haven/shared/payments';

export type { GatewayName, ProviderName } from '@haven/shared/payments';

export interface PaymentsConfig {
  /** What runs: 'manual', or the online gateways (one or both). Shown by GET /api/payments/health. */
  provider: 'manual' | 'stripe' | 'paypal' | 'stripe+paypal';
  gateways: GatewayName[];
  /** Currency of bookings that carry none (ISO 4217). */
  currency: string;
  stripe: {
    secretKey: string;
    webhookSecret: string;
    /** Seconds a signed Stripe event stays acceptable (replays of older signatures are refused). */
    webhookToleranceSeconds: number;
    /**
     * Where the SDK sends API calls instead of api.stripe.com (e.g. http://127.0.0.1:12111 for
     * stripe-mock or a test stand-in), through the SDK's host/port/protocol options. Refused in production.
     */
    apiBase: string;
  };
  paypal: {
    clientId: string;
    clientSecret: string;
    webhookId: string;
    environment: 'sandbox' | 'production';
    /**
     * An HTTP proxy every PayPal SDK call goes through (the SDK's own HTTP client options), for a
     * local stand-in in tests. Refused in production.
     */
    apiProxy: string;
  };
  /** The site's public URL: where providers send the payer back. */
  publicSiteUrl: string;
  /** Staff address told about payments that need a look (amount mismatch, failed refunds); unset: the log only. */
  staffEmail: string;
  /** How often refunds left pending by an interrupted request are sent again (ms). */
  refundRetryMs: number;
  /** Run the refund retrier (off only in tools that load Strapi for one job). */
  workers: boolean;
}

type Env = (key: string, fallback?: string) => string;

const trimSlash = (url: string) => url.replace(/\/+$/, '');
const int = (value: string) => (/^\d+$/.test(value.trim()) ? Number(value) : Number.NaN);

export default {
  default: ({ env }: { env: Env }): PaymentsConfig => {
    const stripe = {
      secretKey: env('STRIPE_SECRET_KEY', ''),
      webhookSecret: env('STRIPE_WEBHOOK_SECRET', ''),
      webhookToleranceSeconds: int(env('STRIPE_WEBHOOK_TOLERANCE_SECONDS', '300')),
      apiBase: trimSlash(env('STRIPE_API_BASE', '')),
    };
    const paypal = {
      clientId: env('PAYPAL_CLIENT_ID', ''),
      clientSecret: env('PAYPAL_CLIENT_SECRET', ''),
      webhookId: env('PAYPAL_WEBHOOK_ID', ''),
      environment: env('PAYPAL_ENVIRONMENT', 'sandbox') as 'sandbox' | 'production',
      apiProxy: trimSlash(env('PAYPAL_API_PROXY', '')),
    };
    const gateways: GatewayName[] = [];
    if (stripe.secretKey || stripe.webhookSecret) gateways.push('stripe');
    if (paypal.clientId || paypal.clientSecret) gateways.push('paypal');
    return {
      provider: gateways.length ? (gateways.join('+') as PaymentsConfig['provider']) : 'manual',
      gateways,
      currency: env('PAYMENTS_CURRENCY', 'USD'),
      stripe,
      paypal,
      publicSiteUrl: trimSlash(env('PUBLIC_SITE_URL', 'http://localhost:4321')),
      staffEmail: env('PAYMENTS_STAFF_EMAIL', ''),
      refundRetryMs: int(env('PAYMENTS_REFUND_RETRY_MS', '60000')),
      workers: env('BOOKING_WORKERS', 'true') !== 'false',
    };
  },

  /** Stops the start on a half-configured gateway: a key without its webhook secret would take money it cannot confirm. */
  validator(config: PaymentsConfig) {
    if (!/^[A-Z]{3}$/.test(config.currency)) throw new Error('PAYMENTS_CURRENCY must be an ISO 4217 code such as USD');
    const production = process.env.NODE_ENV === 'production';
    if (!Number.isInteger(config.refundRetryMs) || config.refundRetryMs < 1000) throw new Error('PAYMENTS_REFUND_RETRY_MS must be a whole number of milliseconds, 1000 or more');
    if (config.gateways.includes('stripe')) {
      if (!config.stripe.secretKey) throw new Error('STRIPE_WEBHOOK_SECRET is set but STRIPE_SECRET_KEY is not: set both, or neither');
      if (!config.stripe.webhookSecret) throw new Error('STRIPE_SECRET_KEY is set but STRIPE_WEBHOOK_SECRET is not: without it Haven cannot verify Stripe webhooks');
      if (!Number.isInteger(config.stripe.webhookToleranceSeconds) || config.stripe.webhookToleranceSeconds < 1 || config.stripe.webhookToleranceSeconds > 3600) {
        throw new Error('STRIPE_WEBHOOK_TOLERANCE_SECONDS must be a whole number of seconds between 1 and 3600');
      }
    }
    if (config.gateways.includes('paypal')) {
      if (!config.paypal.clientId || !config.paypal.clientSecret) throw new Error('PAYPAL_CLIENT_ID and PAYPAL_CLIENT_SECRET must be set together');
      if (!config.paypal.webhookId) throw new Error('PAYPAL_WEBHOOK_ID must be set with the PayPal keys: without it Haven cannot verify PayPal webhooks');
      // PayPal's verify-webhook-signature refuses any other webhook id (its specification's pattern): caught at start, not at the first payment.
      if (!/^[A-Za-z0-9]{1,50}$/.test(config.paypal.webhookId)) throw new Error('PAYPAL_WEBHOOK_ID must be the webhook\'s ID as PayPal shows it (letters and digits only, such as 8PT597110X687430LKGECATA)');
      if (!['sandbox', 'production'].includes(config.paypal.environment)) throw new Error('PAYPAL_ENVIRONMENT must be sandbox or production');
    }
    for (const [name, value] of [['STRIPE_API_BASE', config.stripe.apiBase], ['PAYPAL_API_PROXY', config.paypal.apiProxy]] as const) {
      if (!value) continue;
      if (production) throw new Error(`${name} must not be set in production: it sends payment API calls somewhere other than the provider`);
      let url: URL;
      try {
        url = new URL(value);
      } catch {
        throw new Error(`${name} must be a URL such as http://127.0.0.1:12111`);
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`${name} must be an http(s) URL`);
    }
  },
};
