/**
 * PayPal, through the official `@paypal/paypal-server-sdk` (Orders v2): create an order, capture it
 * when the payer comes back (money moves at the capture, which Haven makes), refund captures, and
 * verify webhooks with PayPal's verify-webhook-signature call for PAYPAL_WEBHOOK_ID. The SDK has no
 * controller for that call, so it goes through the SDK client's own request builder: the same OAuth
 * token, retries and HTTP client as every other call.
 *
 * Orders have no expiry to set: an approved order takes no money until Haven captures it, and Haven
 * captures only for a payment it still considers open.
 */
import {
  ApiError,
  CheckoutPaymentIntent,
  Client,
  Environment,
  OrdersController,
  PaymentsController,
  PaypalExperienceUserAction,
  PaypalWalletContextShippingPreference,
  type Order,
} from '@paypal/paypal-server-sdk';
import type { PaymentsConfig } from '../../../config';
import { fromDecimalString, normaliseCurrency, toDecimalString } from '../../../lib/money';
import { WebhookRejected, type CheckoutRequest, type CheckoutSession, type GatewayEvent, type PaymentGateway, type RefundRequest, type RefundResult, type VerifiedEvent } from '../types';

const SIGNATURE_HEADERS = ['paypal-auth-algo', 'paypal-cert-url', 'paypal-transmission-id', 'paypal-transmission-sig', 'paypal-transmission-time'] as const;

/** The parts of a PayPal webhook event Haven reads (the body is verified by PayPal before it is trusted). */
interface PaypalWebhookEvent {
  id?: unknown;
  event_type?: unknown;
  resource?: {
    id?: string;
    status?: string;
    custom_id?: string;
    amount?: { currency_code?: string; value?: string };
    supplementary_data?: { related_ids?: { order_id?: string } };
    seller_payable_breakdown?: { total_refunded_amount?: { currency_code?: string; value?: string } };
    links?: { href?: string; rel?: string }[];
  };
}

/**
 * The SDK client's options. PAYPAL_API_PROXY (tests only) goes into the SDK's own proxy settings: the
 * SDK then tunnels its HTTPS calls to PayPal's fixed hosts through that proxy (CONNECT), as it would
 * through a company proxy.
 */
export function paypalClientOptions(config: PaymentsConfig['paypal']): ConstructorParameters<typeof Client>[0] {
  const proxy = config.apiProxy ? new URL(config.apiProxy) : null;
  return {
    clientCredentialsAuthCredentials: { oAuthClientId: config.clientId, oAuthClientSecret: config.clientSecret },
    environment: config.environment === 'production' ? Environment.Production : Environment.Sandbox,
    timeout: 20_000,
    ...(proxy ? { httpClientOptions: { proxySettings: { address: `${proxy.protocol}//${proxy.hostname}`, port: Number(proxy.port || (proxy.protocol === 'https:' ? 443 : 80)) } } } : {}),
  };
}

/** The capture id a refund belongs to, from its `up` link (/v2/payments/captures/{id}). */
function captureIdOf(links: { href?: string; rel?: string }[] | undefined): string | null {
  const up = links?.find((link) => link.rel === 'up' && typeof link.href === 'string');
  const match = up?.href ? /\/v2\/payments\/captures\/([A-Za-z0-9-]{1,64})$/.exec(up.href) : null;
  return match ? match[1] : null;
}

function amountOf(money: { currency_code?: string; value?: string } | { currencyCode?: string; value?: string } | undefined): { minor: number; currency: string } | null {
  if (!money) return null;
  const currency = normaliseCurrency('currency_code' in money ? money.currency_code : (money as { currencyCode?: string }).currencyCode);
  if (!/^[A-Z]{3}$/.test(currency) || typeof money.value !== 'string') return null;
  try {
    return { minor: fromDecimalString(money.value, currency), currency };
  } catch {
    return null;
  }
}

export function createPaypalGateway(config: PaymentsConfig['paypal']): PaymentGateway {
  const client = new Client(paypalClientOptions(config));
  const orders = new OrdersController(client);
  const payments = new PaymentsController(client);

  /** What a captured (or refused) order means. */
  function orderEvent(order: Order, paymentId: string | null): GatewayEvent {
    const unit = order.purchaseUnits?.[0];
    const capture = unit?.payments?.captures?.[0];
    const custom = unit?.customId ?? capture?.customId ?? paymentId;
    if (!capture?.id) return { kind: 'ignored', reason: `order ${order.status ?? 'unknown'} without a capture` };
    if (capture.status === 'DECLINED' || capture.status === 'FAILED') {
      return { kind: 'failed', paymentId: custom ?? null, sessionId: order.id ?? null, providerPaymentId: capture.id, message: 'PayPal declined the payment.' };
    }
    if (capture.status !== 'COMPLETED' && capture.status !== 'PARTIALLY_REFUNDED' && capture.status !== 'REFUNDED') {
      return { kind: 'ignored', reason: `capture ${capture.status ?? 'unknown'}` };
    }
    const amount = amountOf(capture.amount);
    if (!amount) return { kind: 'ignored', reason: 'capture without a readable amount' };
    return { kind: 'paid', paymentId: custom ?? null, sessionId: order.id ?? null, providerPaymentId: capture.id, amountMinor: amount.minor, currency: amount.currency };
  }

  function describe(event: PaypalWebhookEvent): GatewayEvent {
    const resource = event.resource ?? {};
    const type = String(event.event_type);
    if (type === 'PAYMENT.CAPTURE.COMPLETED') {
      const amount = amountOf(resource.amount);
      if (!resource.id || !amount) return { kind: 'ignored', reason: 'capture without id or amount' };
      return { kind: 'paid', paymentId: resource.custom_id ?? null, sessionId: resource.supplementary_data?.related_ids?.order_id ?? null, providerPaymentId: resource.id, amountMinor: amount.minor, currency: amount.currency };
    }
    // PayPal names a refused capture DENIED in some documents and DECLINED in others (both are in its
    // webhook event list): either means no money moved.
    if (type === 'PAYMENT.CAPTURE.DENIED' || type === 'PAYMENT.CAPTURE.DECLINED') {
      return { kind: 'failed', paymentId: resource.custom_id ?? null, sessionId: resource.supplementary_data?.related_ids?.order_id ?? null, providerPaymentId: resource.id ?? null, message: 'PayPal denied the payment.' };
    }
    if (type === 'PAYMENT.CAPTURE.REFUNDED') {
      const capture = captureIdOf(resource.links);
      const amount = amountOf(resource.amount);
      if (!capture || !amount) return { kind: 'ignored', reason: 'refund without its capture or amount' };
      const total = amountOf(resource.seller_payable_breakdown?.total_refunded_amount);
      return { kind: 'refunded', paymentId: resource.custom_id ?? null, providerPaymentId: capture, refundedMinor: total?.minor ?? null, refundId: resource.id ?? null, amountMinor: amount.minor, currency: amount.currency };
    }
    return { kind: 'ignored', reason: `Haven does not act on ${type}` };
  }

  return {
    name: 'paypal',
    minCheckoutMs: 0,

    async createCheckout(request: CheckoutRequest): Promise<CheckoutSession> {
      const money = (minor: number) => ({ currencyCode: request.currency, value: toDecimalString(minor, request.currency) });
      const { result } = await orders.createOrder({
        body: {
          intent: CheckoutPaymentIntent.Capture,
          purchaseUnits: [
            {
              referenceId: request.bookingId,
              customId: request.paymentId,
              description: (request.lines.length > 1 ? `${request.lines.length} therapy sessions` : request.lines[0].name).slice(0, 127),
              amount: { ...money(request.amountMinor), breakdown: { itemTotal: money(request.amountMinor) } },
              items: request.lines.map((line) => ({ name: line.name.slice(0, 127), quantity: '1', unitAmount: money(line.amountMinor), sku: line.bookingId })),
            },
          ],
          paymentSource: {
            paypal: {
              experienceContext: {
                brandName: 'Haven',
                returnUrl: request.successUrl,
                cancelUrl: request.cancelUrl,
                userAction: PaypalExperienceUserAction.PayNow,
                shippingPreference: PaypalWalletContextShippingPreference.NoShipping,
              },
            },
          },
        },
        paypalRequestId: request.idempotencyKey,
        prefer: 'return=representation',
      });
      const approve = result.links?.find((link) => link.rel === 'payer-action' || link.rel === 'approve');
      if (!result.id || !approve?.href) throw new Error('PayPal returned an order without an approval link');
      return { sessionId: result.id, url: approve.href, expiresAt: null };
    },

    async completeReturn(orderId: string, idempotencyKey: string): Promise<GatewayEvent> {
      try {
        const { result } = await orders.captureOrder({ id: orderId, paypalRequestId: idempotencyKey, prefer: 'return=representation' });
        return orderEvent(result, null);
      } catch (err) {
        if (!(err instanceof ApiError) || err.statusCode !== 422) throw err;
        // ORDER_ALREADY_CAPTURED (another tab, or the webhook's path) or ORDER_NOT_APPROVED: read what is true now.
        const { result } = await orders.getOrder({ id: orderId });
        if (result.status === 'COMPLETED') return orderEvent(result, null);
        return { kind: 'ignored', reason: `order ${result.status ?? 'unknown'}: the payer has not approved it` };
      }
    },

    async expireCheckout(orderId: string) {
      const { result } = await orders.getOrder({ id: orderId });
      return result.status === 'COMPLETED' ? 'already_paid' : 'expired';
    },

    async verifyWebhook(rawBody: string, headers): Promise<VerifiedEvent> {
      const values: Record<string, string> = {};
      for (const name of SIGNATURE_HEADERS) {
        const value = headers[name];
        if (typeof value !== 'string' || !value || value.length > 2048) throw new WebhookRejected(`Missing or malformed ${name} header`);
        values[name] = value;
      }
      let event: PaypalWebhookEvent;
      try {
        event = JSON.parse(rawBody) as PaypalWebhookEvent;
      } catch {
        throw new WebhookRejected('The body is not JSON');
      }
      if (typeof event?.id !== 'string' || typeof event.event_type !== 'string') throw new WebhookRejected('The body is not a PayPal event');

      // The event goes back to PayPal exactly as received (re-serialising could change what was signed).
      const body =
        `{"auth_algo":${JSON.stringify(values['paypal-auth-algo'])},"cert_url":${JSON.stringify(values['paypal-cert-url'])},` +
        `"transmission_id":${JSON.stringify(values['paypal-transmission-id'])},"transmission_sig":${JSON.stringify(values['paypal-transmission-sig'])},` +
        `"transmission_time":${JSON.stringify(values['paypal-transmission-time'])},"webhook_id":${JSON.stringify(config.webhookId)},"webhook_event":${rawBody}}`;
      const req = client.getRequestBuilderFactory()('POST', '/v1/notifications/verify-webhook-signature');
      req.header('Content-Type', 'application/json');
      req.text(body);
      req.authenticate([{ oauth2: true }]);
      const { result } = await req.callAsText();
      let status: unknown;
      try {
        status = (JSON.parse(result) as { verification_status?: unknown }).verification_status;
      } catch {
        throw new Error('PayPal answered the signature check with something other than JSON');
      }
      if (status !== 'SUCCESS') throw new WebhookRejected('PayPal did not verify the webhook signature');
      return { eventId: event.id, type: event.event_type, objectId: event.resource?.id ?? null, event: describe(event) };
    },

    async refund(request: RefundRequest): Promise<RefundResult> {
      const { result } = await payments.refundCapturedPayment({
        captureId: request.providerPaymentId,
        paypalRequestId: request.idempotencyKey,
        prefer: 'return=representation',
        body: { amount: { currencyCode: request.currency, value: toDecimalString(request.amountMinor, request.currency) }, customId: request.paymentId, noteToPayer: request.reason.slice(0, 255) },
      });
      if (!result.id) throw new Error('PayPal returned a refund without an id');
      const status = result.status === 'COMPLETED' ? 'succeeded' : result.status === 'FAILED' || result.status === 'CANCELLED' ? 'failed' : 'pending';
      return { refundId: result.id, status };
    },
  };
}
