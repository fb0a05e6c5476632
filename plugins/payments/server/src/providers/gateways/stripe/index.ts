/**
 * Stripe, through the official `stripe` SDK: Checkout Sessions (one line per session), refunds, and
 * webhooks verified on the raw body with the SDK's own signature check (timestamp tolerance included,
 * so a stale signature is refused like a forged one).
 *
 * Checkout expiry: Stripe refuses `expires_at` earlier than 30 minutes after creation, while a
 * booking holds its slot for BOOKING_PAYMENT_HOLD_MINUTES (15 by default). The service asks for
 * max(hold end, now + minCheckoutMs) and, when the hold runs out first, expires the session itself
 * (`expireCheckout`, on booking.expired), so the payer cannot pay for a slot that is no longer held.
 * A payment racing that call is reconciled: confirmed if the time is still free, refunded if not.
 */
import Stripe from 'stripe';
import type { PaymentsConfig } from '../../../config';
import { normaliseCurrency } from '../../../lib/money';
import { WebhookRejected, type CheckoutRequest, type CheckoutSession, type GatewayEvent, type PaymentGateway, type RefundRequest, type RefundResult, type VerifiedEvent } from '../types';

/** Stripe's own lower bound for Checkout Session expiry. */
export const STRIPE_MIN_CHECKOUT_MS = 30 * 60_000;

type Id = string | { id: string } | null | undefined;
const idOf = (value: Id): string | null => (typeof value === 'string' ? value : (value?.id ?? null));

/** The SDK's options: a local API (stripe-mock, the tests' stand-in) through host/port/protocol when STRIPE_API_BASE is set. */
export function stripeClientOptions(apiBase: string): ConstructorParameters<typeof Stripe>[1] {
  const options: ConstructorParameters<typeof Stripe>[1] = { maxNetworkRetries: 2, timeout: 20_000, telemetry: false, appInfo: { name: 'Haven' } };
  if (!apiBase) return options;
  const url = new URL(apiBase);
  return { ...options, host: url.hostname, port: url.port || (url.protocol === 'https:' ? 443 : 80), protocol: url.protocol === 'https:' ? 'https' : 'http' };
}

export function createStripeGateway(config: PaymentsConfig['stripe']): PaymentGateway {
  const stripe = new Stripe(config.secretKey, stripeClientOptions(config.apiBase));

  function describe(event: Stripe.Event): GatewayEvent {
    switch (event.type) {
      case 'checkout.session.completed':
      case 'checkout.session.async_payment_succeeded': {
        const session = event.data.object;
        return sessionEvent(session);
      }
      case 'checkout.session.async_payment_failed': {
        const session = event.data.object;
        return { kind: 'failed', paymentId: session.metadata?.havenPayment ?? session.client_reference_id ?? null, sessionId: session.id, providerPaymentId: idOf(session.payment_intent), message: 'The payment did not go through.' };
      }
      case 'checkout.session.expired': {
        const session = event.data.object;
        return { kind: 'checkout_expired', paymentId: session.metadata?.havenPayment ?? session.client_reference_id ?? null, sessionId: session.id };
      }
      case 'payment_intent.payment_failed': {
        const intent = event.data.object;
        return {
          kind: 'failed',
          paymentId: intent.metadata?.havenPayment ?? null,
          sessionId: null,
          providerPaymentId: intent.id,
          message: (intent.last_payment_error?.message ?? 'The payment was declined.').slice(0, 300),
        };
      }
      case 'charge.refunded': {
        const charge = event.data.object;
        const intent = idOf(charge.payment_intent);
        if (!intent) return { kind: 'ignored', reason: 'refund of a charge without a payment intent' };
        return { kind: 'refunded', paymentId: charge.metadata?.havenPayment ?? null, providerPaymentId: intent, refundedMinor: charge.amount_refunded, refundId: null, amountMinor: null, currency: normaliseCurrency(charge.currency) };
      }
      case 'refund.updated':
      case 'refund.failed':
      case 'charge.refund.updated': {
        // How a refund Stripe answered `pending` or `requires_action` ends (Stripe sends both refund
        // events for one change; the first settles Haven's refund, the second finds it settled).
        const refund = event.data.object;
        const outcome = refund.status === 'succeeded' ? 'succeeded' : refund.status === 'failed' || refund.status === 'canceled' ? 'failed' : null;
        if (!outcome) return { kind: 'ignored', reason: `refund ${refund.id} is ${refund.status ?? 'unknown'}` };
        return { kind: 'refund_settled', refundId: refund.id, outcome, message: `Stripe reports the refund ${refund.status}${refund.failure_reason ? ` (${refund.failure_reason})` : ''}` };
      }
      default:
        return { kind: 'ignored', reason: `Haven does not act on ${event.type}` };
    }
  }

  function sessionEvent(session: Stripe.Checkout.Session): GatewayEvent {
    const paymentId = session.metadata?.havenPayment ?? session.client_reference_id ?? null;
    if (session.status === 'expired') return { kind: 'checkout_expired', paymentId, sessionId: session.id };
    // Only a complete session has finished taking the money: `paid` on a session still `open` is not
    // a payment Haven may confirm a booking on (Stripe's completion event, or the next read, says so).
    if (session.status !== 'complete' || session.payment_status !== 'paid') return { kind: 'ignored', reason: `checkout session ${session.status ?? 'open'}, payment ${session.payment_status}` };
    const intent = idOf(session.payment_intent);
    if (!intent) return { kind: 'ignored', reason: 'paid session without a payment intent' };
    return { kind: 'paid', paymentId, sessionId: session.id, providerPaymentId: intent, amountMinor: session.amount_total ?? 0, currency: normaliseCurrency(session.currency) };
  }

  return {
    name: 'stripe',
    minCheckoutMs: STRIPE_MIN_CHECKOUT_MS,

    async createCheckout(request: CheckoutRequest): Promise<CheckoutSession> {
      const metadata: Record<string, string> = { havenPayment: request.paymentId, booking: request.bookingId, ...(request.seriesId ? { series: request.seriesId } : {}) };
      const session = await stripe.checkout.sessions.create(
        {
          mode: 'payment',
          line_items: request.lines.map((line) => ({
            quantity: 1,
            price_data: { currency: request.currency.toLowerCase(), unit_amount: line.amountMinor, product_data: { name: line.name, metadata: { booking: line.bookingId } } },
          })),
          metadata,
          payment_intent_data: { metadata, description: request.lines.length > 1 ? `${request.lines.length} therapy sessions` : request.lines[0].name },
          client_reference_id: request.paymentId,
          ...(request.payerEmail ? { customer_email: request.payerEmail } : {}),
          expires_at: Math.floor(request.expiresAt / 1000),
          success_url: request.successUrl,
          cancel_url: request.cancelUrl,
        },
        { idempotencyKey: request.idempotencyKey },
      );
      if (!session.url) throw new Error('Stripe returned a checkout session without a URL');
      return { sessionId: session.id, url: session.url, expiresAt: session.expires_at ? session.expires_at * 1000 : null };
    },

    async completeReturn(sessionId: string): Promise<GatewayEvent> {
      return sessionEvent(await stripe.checkout.sessions.retrieve(sessionId));
    },

    async expireCheckout(sessionId: string) {
      const session = await stripe.checkout.sessions.retrieve(sessionId);
      if (session.status === 'complete') return 'already_paid';
      if (session.status === 'expired') return 'expired';
      try {
        await stripe.checkout.sessions.expire(sessionId);
        return 'expired';
      } catch (err) {
        // Completed between our read and the expiry: the payment event reconciles it.
        if ((await stripe.checkout.sessions.retrieve(sessionId)).status === 'complete') return 'already_paid';
        throw err;
      }
    },

    async verifyWebhook(rawBody: string, headers): Promise<VerifiedEvent> {
      const signature = headers['stripe-signature'];
      if (typeof signature !== 'string' || !signature) throw new WebhookRejected('Missing Stripe-Signature header');
      let event: Stripe.Event;
      try {
        event = stripe.webhooks.constructEvent(rawBody, signature, config.webhookSecret, config.webhookToleranceSeconds);
      } catch (err) {
        throw new WebhookRejected(`Stripe signature check failed: ${(err as Error).message}`);
      }
      const object = event.data?.object as { id?: unknown } | undefined;
      return { eventId: event.id, type: event.type, objectId: typeof object?.id === 'string' ? object.id : null, event: describe(event) };
    },

    async refund(request: RefundRequest): Promise<RefundResult> {
      const refund = await stripe.refunds.create(
        { payment_intent: request.providerPaymentId, amount: request.amountMinor, reason: 'requested_by_customer', metadata: { havenPayment: request.paymentId, reason: request.reason.slice(0, 450) } },
        { idempotencyKey: request.idempotencyKey },
      );
      const status = refund.status === 'succeeded' ? 'succeeded' : refund.status === 'failed' || refund.status === 'canceled' ? 'failed' : 'pending';
      return { refundId: refund.id, status };
    },
  };
}
