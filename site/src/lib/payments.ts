/** The site's calls to the payments plugin (server side only) and the redirect rule; the shapes they return are in @haven/shared/payments. */
import type { GatewayName, HowToPayView, OutstandingTotal, PaymentInstructionsView, PaymentView } from '@haven/shared/payments';
import { cms, type Pagination } from './cms';
import { formatMoney } from './format';

export { PAYMENT_STATUS_LABELS } from '@haven/shared/payments';
export type { CheckoutResult, HowToPayView, OutstandingTotal, PaymentInstructionsView, PaymentStatus, PaymentView as Payment } from '@haven/shared/payments';
export { PAYMENT_INSTRUCTIONS_MAX, PAYMENT_NOTE_MAX, PAYMENT_UNDO_MINUTES } from '@haven/shared/payments';

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
export async function onlineProviders(): Promise<GatewayName[]> {
  const health = await cms<{ providers: string[] }>('/api/payments/health');
  if (!health.ok) return [];
  return (health.data.providers ?? []).filter((p): p is GatewayName => p === 'stripe' || p === 'paypal');
}

export const getPayment = (id: string, token: string) => cms<{ data: PaymentView }>(`/api/payments/${id}`, { token });
export const completePayment = (id: string, token: string) => cms<{ data: PaymentView }>(`/api/payments/${id}/complete`, { body: {}, token });

/** How a client pays this therapist (the provider, a sentence, the therapist's instructions); null when it cannot be said. */
export async function howToPay(therapistId: string, token: string): Promise<HowToPayView | null> {
  if (!validPaymentId(therapistId)) return null;
  const res = await cms<{ data: HowToPayView }>(`/api/payments/how-to-pay/${therapistId}`, { token });
  return res.ok ? res.data.data : null;
}

export const myInstructions = (token: string) => cms<{ data: PaymentInstructionsView }>('/api/payments/instructions/mine', { token });
export const saveInstructions = (instructions: string, token: string) =>
  cms<{ data: PaymentInstructionsView }>('/api/payments/instructions/mine', { method: 'PUT', body: { instructions }, token });

export type PaymentList = { data: PaymentView[]; meta: { pagination: Pagination; totals?: OutstandingTotal[] } };

/** "€90.00 and $120.00": a total per currency, never added across currencies. */
export function totalsText(totals: OutstandingTotal[]): string {
  const parts = totals.map((t) => formatMoney(t.amountMinor, t.currency) ?? '');
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}
