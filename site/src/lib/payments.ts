/** The site's calls to the payments plugin (server side only), the shapes they return and the redirect rule. */
import { cms } from './cms';

export type PaymentStatus = 'pending' | 'succeeded' | 'failed' | 'refunded' | 'partially_refunded';

export interface Payment {
  id: string;
  status: PaymentStatus;
  provider: 'manual' | 'stripe' | 'paypal';
  amountMinor: number;
  refundedMinor: number;
  currency: string;
  waived: boolean;
  createdAt: string;
  paidAt: string | null;
  yourRole: 'client' | 'therapist';
  with: { displayName: string };
  therapistId: string | null;
  bookingId: string;
  seriesId: string | null;
  sessions: { bookingId: string; startsAt: string; endsAt: string; amountMinor: number; status: string | null }[];
  refunds: { amountMinor: number; createdAt: string; status: 'pending' | 'succeeded' | 'failed'; reason: string | null }[];
  notice: string | null;
  checkoutUrl: string | null;
  checkoutExpiresAt: string | null;
  canMark: boolean;
}

export interface CheckoutResult {
  payment: Payment;
  provider: 'manual' | 'stripe' | 'paypal';
  url: string | null;
  message: string | null;
}

export const PAYMENT_STATUS_LABELS: Record<PaymentStatus, string> = {
  pending: 'Not paid yet',
  succeeded: 'Paid',
  failed: 'Not paid',
  refunded: 'Refunded',
  partially_refunded: 'Partly refunded',
};

export const PROVIDER_LABELS = { stripe: 'Card (Stripe)', paypal: 'PayPal', manual: 'Directly to your therapist' } as const;

/** Short-lived cookie carrying a failed checkout's message back to the session page. */
export const PAYMENT_FLASH = 'haven_payment_flash';

/**
 * Where the site may send a payer: only the provider pages the CMS returned, and only on these origins
 * (Stripe Checkout and PayPal; PAYMENT_REDIRECT_ORIGINS adds others, e.g. a local stand-in in tests).
 * Nothing from the visitor's request ever becomes a redirect target.
 */
export const PAYMENT_REDIRECT_ORIGINS: string[] = [
  'https://checkout.stripe.com',
  'https://www.paypal.com',
  'https://www.sandbox.paypal.com',
  ...(process.env.PAYMENT_REDIRECT_ORIGINS ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean)
    .flatMap((origin) => {
      try {
        return [new URL(origin).origin];
      } catch {
        return [];
      }
    }),
];

/** The provider URL when it is safe to send the payer there, else null. */
export function providerRedirect(url: string | null | undefined): string | null {
  if (!url || typeof url !== 'string' || url.length > 2048) return null;
  try {
    const parsed = new URL(url);
    return PAYMENT_REDIRECT_ORIGINS.includes(parsed.origin) ? parsed.toString() : null;
  } catch {
    return null;
  }
}

export const validPaymentId = (id: string | null | undefined): id is string => typeof id === 'string' && /^[A-Za-z0-9]{1,64}$/.test(id);

/** The online providers a client may choose from (empty: pay the therapist directly). */
export async function onlineProviders(): Promise<('stripe' | 'paypal')[]> {
  const health = await cms<{ providers: string[] }>('/api/payments/health');
  if (!health.ok) return [];
  return (health.data.providers ?? []).filter((p): p is 'stripe' | 'paypal' => p === 'stripe' || p === 'paypal');
}

export const getPayment = (id: string, token: string) => cms<{ data: Payment }>(`/api/payments/${id}`, { token });
export const completePayment = (id: string, token: string) => cms<{ data: Payment }>(`/api/payments/${id}/complete`, { body: {}, token });
