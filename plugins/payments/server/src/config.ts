/** Configuration of the payments plugin, read from the environment at start. */
export interface PaymentsConfig {
  provider: 'manual' | 'stripe';
  currency: string;
}

export default {
  default: ({ env }: { env: (key: string, fallback?: string) => string }): PaymentsConfig => ({
    provider: env('STRIPE_SECRET_KEY', '') ? 'stripe' : 'manual',
    currency: env('PAYMENTS_CURRENCY', 'USD'),
  }),
  validator(config: PaymentsConfig) {
    if (!/^[A-Z]{3}$/.test(config.currency)) throw new Error('PAYMENTS_CURRENCY must be an ISO 4217 code such as USD');
  },
};
