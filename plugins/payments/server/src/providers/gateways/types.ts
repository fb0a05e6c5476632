/**
 * The one interface every payment provider implements (one folder each: stripe/, paypal/, manual/).
 * Services speak only this interface; what is specific to a provider (its SDK, its event names, its
 * amount format, how it signs webhooks) stays inside its folder.
 */
import type { ProviderName } from '../../config';

export interface CheckoutLine {
  /** Shown to the payer: "Therapy session with Dr Rivera, Tue 10 Mar 2026 14:00 UTC". */
  name: string;
  amountMinor: number;
  bookingId: string;
}

export interface CheckoutRequest {
  /** Haven's payment id (documentId), carried in the provider's metadata so every event finds its payment. */
  paymentId: string;
  bookingId: string;
  seriesId: string | null;
  lines: CheckoutLine[];
  amountMinor: number;
  currency: string;
  /** The provider refuses a second, different checkout under the same key: one key per payment and attempt. */
  idempotencyKey: string;
  /** When the checkout must stop accepting payment (epoch ms). */
  expiresAt: number;
  successUrl: string;
  cancelUrl: string;
  payerEmail: string | null;
}

export interface CheckoutSession {
  /** Stripe Checkout Session id, PayPal order id, or Haven's own reference for manual. */
  sessionId: string;
  /** Where the payer goes to pay; null for manual (nothing to pay online). */
  url: string | null;
  /** When the provider stops accepting payment (may be later than asked: Stripe's minimum is 30 minutes). */
  expiresAt: number | null;
}

/** Everything a provider can tell Haven, in Haven's words. Amounts are minor units, currencies upper-case. */
export type GatewayEvent =
  | { kind: 'paid'; paymentId: string | null; sessionId: string | null; providerPaymentId: string; amountMinor: number; currency: string }
  | { kind: 'failed'; paymentId: string | null; sessionId: string | null; providerPaymentId: string | null; message: string }
  | { kind: 'checkout_expired'; paymentId: string | null; sessionId: string }
  /** `refundedMinor` is the total refunded so far on that provider payment (providers report it cumulatively). */
  | { kind: 'refunded'; paymentId: string | null; providerPaymentId: string; refundedMinor: number | null; refundId: string | null; amountMinor: number | null; currency: string }
  /** A refund the provider had accepted as pending (or needing action) has ended: the money went back, or it did not. */
  | { kind: 'refund_settled'; refundId: string; outcome: 'succeeded' | 'failed'; message: string }
  | { kind: 'ignored'; reason: string };

/** A verified webhook delivery: the provider's event id (the key of "at most once") and what it means. */
export interface VerifiedEvent {
  eventId: string;
  type: string;
  objectId: string | null;
  event: GatewayEvent;
}

export interface RefundRequest {
  paymentId: string;
  providerPaymentId: string;
  amountMinor: number;
  currency: string;
  idempotencyKey: string;
  reason: string;
}

export interface RefundResult {
  refundId: string;
  status: 'succeeded' | 'pending' | 'failed';
}

/** Thrown by verifyWebhook: answered 400 and nothing is recorded. */
export class WebhookRejected extends Error {}

export interface PaymentGateway {
  readonly name: ProviderName;
  /** The shortest checkout the provider accepts (Stripe: 30 minutes); Haven asks for at least this. */
  readonly minCheckoutMs: number;

  /** Starts a checkout for the payer; idempotent under `idempotencyKey`. */
  createCheckout(request: CheckoutRequest): Promise<CheckoutSession>;

  /**
   * The payer came back from the provider's page. Stripe: reads the session (webhooks may lag);
   * PayPal: captures the approved order (money moves here); manual: nothing was paid online.
   * `idempotencyKey` makes a capture happen once however often the payer reloads the page.
   */
  completeReturn(sessionId: string, idempotencyKey: string): Promise<GatewayEvent>;

  /**
   * Stops a checkout from taking money (the booking's hold ran out or it was cancelled). Answers
   * 'already_paid' when the payer finished first: the payment event that follows is then reconciled.
   */
  expireCheckout(sessionId: string): Promise<'expired' | 'already_paid'>;

  /** Verifies a webhook on its raw body and headers, and says what it means. Throws WebhookRejected. */
  verifyWebhook(rawBody: string, headers: Record<string, string | string[] | undefined>): Promise<VerifiedEvent>;

  /** Gives money back through the provider; idempotent under `idempotencyKey`. */
  refund(request: RefundRequest): Promise<RefundResult>;
}
