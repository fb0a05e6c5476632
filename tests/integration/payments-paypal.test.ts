import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, createUser, startHaven, type Haven } from '../helpers/haven';
import { startPaypalStandin, type PaypalStandin } from '../helpers/paypal-standin';
import { startStripeStandin, type StripeStandin } from '../helpers/stripe-standin';
import { recordEvents, therapist, type User } from './booking-helpers';
import { book, bookingRow, eventCount, paymentRow, QUIET, refundRows, settle } from './payments-helpers';

/**
 * PayPal (Orders v2) through the official @paypal/paypal-server-sdk, whose requests reach a local
 * stand-in through the SDK's HTTP client proxy option; Stripe is configured too, so the client chooses.
 */
describe('payments with PayPal (and Stripe: the client chooses)', () => {
  let haven: Haven;
  let paypal: PaypalStandin;
  let stripe: StripeStandin;
  let api: ReturnType<typeof apiClient>;
  let events: ReturnType<typeof recordEvents>;
  let t: Awaited<ReturnType<typeof therapist>>;
  let alice: User;
  let webhook: string;
  let nextHour = 30;
  const CLIENT = { clientId: 'AZ-standin-client', clientSecret: 'EL-standin-secret', webhookId: '4JH86294D6297924G' };

  beforeAll(async () => {
    paypal = await startPaypalStandin(CLIENT);
    stripe = await startStripeStandin({ secretKey: 'sk_test_both', webhookSecret: 'whsec_both' });
    haven = await startHaven({
      env: {
        ...QUIET,
        ...stripe.havenEnv(),
        ...paypal.havenEnv(),
      },
    });
    api = apiClient(haven.url);
    events = recordEvents(haven);
    webhook = `${haven.url}/api/payments/paypal/webhook`;
    t = await therapist(haven, { rateMinor: 9000, currency: 'USD' });
    alice = await createUser(haven, 'client');
  });
  afterAll(async () => {
    await haven?.close();
    await paypal?.close();
    await stripe?.close();
  });
  // Issue 22: every request Haven sent and every answer the stand-in gave matched the provider's published specification.
  afterEach(() => {
    expect(paypal.problems).toEqual([]);
    expect(stripe.problems).toEqual([]);
  });

  async function paypalCheckout() {
    const [b] = await book(haven, alice, t.therapistId, (nextHour += 2));
    const res = await api.post('/api/payments/checkout', { booking: b.id, provider: 'paypal' }, alice.jwt);
    expect(res.status).toBe(201);
    const orderId = new URL(res.body.data.url).searchParams.get('token')!;
    return { booking: b, payment: res.body.data.payment, url: res.body.data.url as string, orderId };
  }

  it('with both gateways the client must choose', async () => {
    expect((await api.get('/api/payments/health')).body).toMatchObject({ provider: 'stripe+paypal', providers: ['stripe', 'paypal'] });
    const [b] = await book(haven, alice, t.therapistId, (nextHour += 2));
    const res = await api.post('/api/payments/checkout', { booking: b.id }, alice.jwt);
    expect(res.status).toBe(400);
    expect(res.body.error.details.providers).toEqual(['stripe', 'paypal']);
    expect((await api.post('/api/payments/checkout', { booking: b.id, provider: 'bitcoin' }, alice.jwt)).status).toBe(400);
  });

  it('PayPal order → the payer approves → capture on return → confirmed; the capture webhook and replays change nothing more', async () => {
    const before = paypal.records.length;
    const { booking, payment, url, orderId } = await paypalCheckout();
    expect(url).toBe(`https://www.sandbox.paypal.com/checkoutnow?token=${orderId}`);
    const calls = paypal.records.slice(before);
    expect(calls.every((r) => r.host === 'api-m.sandbox.paypal.com')).toBe(true);
    const token = calls.find((r) => r.path === '/v1/oauth2/token');
    if (token) expect(token.headers.authorization).toBe(`Basic ${Buffer.from(`${CLIENT.clientId}:${CLIENT.clientSecret}`).toString('base64')}`);
    const create = calls.find((r) => r.path === '/v2/checkout/orders')!;
    expect(create.status).toBe(200);
    expect(create.headers.authorization).toMatch(/^Bearer A21AA/);
    expect(create.requestId).toBe(`haven-checkout-${payment.id}-1`);
    expect(create.body).toMatchObject({
      intent: 'CAPTURE',
      purchase_units: [{ reference_id: booking.id, custom_id: payment.id, amount: { currency_code: 'USD', value: '90.00', breakdown: { item_total: { currency_code: 'USD', value: '90.00' } } }, items: [{ quantity: '1', unit_amount: { value: '90.00' }, sku: booking.id }] }],
      payment_source: { paypal: { experience_context: { return_url: `http://localhost:4321/payments/return?payment=${payment.id}`, cancel_url: `http://localhost:4321/payments/cancelled?payment=${payment.id}` } } },
    });
    expect(create.body.purchase_units[0].items[0].name).toMatch(/^Therapy session with /);

    // Back before approving: nothing is captured, the payment waits.
    const early = await api.post(`/api/payments/${payment.id}/complete`, {}, alice.jwt);
    expect(early.body.data).toMatchObject({ status: 'pending' });
    expect(await bookingRow(haven, booking.id)).toMatchObject({ status: 'pending_payment' });

    paypal.approve(orderId);
    // The return page loaded twice at once (two tabs): one capture at PayPal, one transition.
    const [first, second] = await Promise.all([api.post(`/api/payments/${payment.id}/complete`, {}, alice.jwt), api.post(`/api/payments/${payment.id}/complete`, {}, alice.jwt)]);
    expect(first.body.data.status).toBe('succeeded');
    expect(second.body.data.status).toBe('succeeded');
    expect(first.body.data.sessions[0].status).toBe('confirmed');
    const captureCalls = paypal.records.filter((r) => r.path === `/v2/checkout/orders/${orderId}/capture`);
    expect(captureCalls.length).toBeGreaterThanOrEqual(1);
    expect(captureCalls.every((r) => r.requestId === `haven-capture-${payment.id}-1`)).toBe(true);
    expect(paypal.captures.size).toBeGreaterThanOrEqual(1);
    await settle(haven);
    expect(events.of('booking.confirmed', booking.id)).toHaveLength(1);
    const row = await paymentRow(haven, payment.id);
    expect(row).toMatchObject({ status: 'succeeded', provider: 'paypal', receivedMinor: 9000, receivedCurrency: 'USD' });

    const captured = paypal.captureCompleted(row.providerPaymentId);
    const delivered = await paypal.deliver(webhook, captured);
    expect(delivered).toMatchObject({ status: 200, body: { duplicate: false, state: 'ignored' } });
    const replays = await Promise.all(Array.from({ length: 10 }, () => paypal.deliver(webhook, captured)));
    expect(replays.every((r) => r.status === 200 && r.body.duplicate === true)).toBe(true);
    expect(await eventCount(haven, { eventId: captured.id })).toBe(1);
    expect(events.of('booking.confirmed', booking.id)).toHaveLength(1);
    expect(paypal.problems).toEqual([]);
  });

  it('the capture webhook alone confirms (the payer never came back)', async () => {
    const { booking, payment, orderId } = await paypalCheckout();
    paypal.approve(orderId);
    // PayPal captured (e.g. another device finished): simulate by capturing through the stand-in state.
    const order = paypal.orders.get(orderId)!;
    const capture = { id: `CAPSTANDIN${Date.now()}`, orderId, amount: { currency_code: 'USD', value: '90.00' }, refunded: 0, custom_id: payment.id };
    paypal.captures.set(capture.id, capture);
    order.status = 'COMPLETED';
    const res = await paypal.deliver(webhook, paypal.captureCompleted(capture.id));
    expect(res.body).toMatchObject({ state: 'processed' });
    await settle(haven);
    expect(await bookingRow(haven, booking.id)).toMatchObject({ status: 'confirmed' });
  });

  it('forged or incomplete PayPal signatures are refused (400) and change nothing', async () => {
    const { payment, orderId } = await paypalCheckout();
    paypal.approve(orderId);
    const event = paypal.event('PAYMENT.CAPTURE.COMPLETED', { id: 'CAPFORGED1', status: 'COMPLETED', amount: { currency_code: 'USD', value: '90.00' }, custom_id: payment.id, supplementary_data: { related_ids: { order_id: orderId } } });
    const count = await eventCount(haven);
    const verifyCalls = () => paypal.records.filter((r) => r.path === '/v1/notifications/verify-webhook-signature').length;
    const before = verifyCalls();
    expect((await paypal.deliver(webhook, event, { forge: true })).status).toBe(400);
    expect(verifyCalls()).toBe(before + 1);
    expect((await paypal.deliver(webhook, event, { omit: 'paypal-transmission-sig' })).status).toBe(400);
    expect(verifyCalls()).toBe(before + 1);
    const verify = paypal.records.filter((r) => r.path === '/v1/notifications/verify-webhook-signature').at(-1)!;
    expect(verify.body).toMatchObject({ webhook_id: CLIENT.webhookId, auth_algo: 'SHA256withRSA', webhook_event: { id: event.id } });
    expect(await eventCount(haven)).toBe(count);
    expect(await paymentRow(haven, payment.id)).toMatchObject({ status: 'pending' });
  });

  it('a denied capture marks the payment failed; cancelling a paid booking refunds through PayPal once', async () => {
    const denied = await paypalCheckout();
    paypal.approve(denied.orderId);
    paypal.declineNextCapture();
    const back = await api.post(`/api/payments/${denied.payment.id}/complete`, {}, alice.jwt);
    expect(back.body.data).toMatchObject({ status: 'failed', notice: 'PayPal declined the payment.' });
    expect(await bookingRow(haven, denied.booking.id)).toMatchObject({ status: 'pending_payment' });

    const { booking, payment, orderId } = await paypalCheckout();
    paypal.approve(orderId);
    await api.post(`/api/payments/${payment.id}/complete`, {}, alice.jwt);
    const captureId = (await paymentRow(haven, payment.id)).providerPaymentId;
    expect((await api.post(`/api/booking/bookings/${booking.id}/cancel`, { reason: 'Travelling' }, alice.jwt)).status).toBe(200);
    await settle(haven);
    const refundCalls = paypal.records.filter((r) => r.path === `/v2/payments/captures/${captureId}/refund`);
    expect(refundCalls).toHaveLength(1);
    expect(refundCalls[0].body).toMatchObject({ amount: { currency_code: 'USD', value: '90.00' }, custom_id: payment.id });
    expect(refundCalls[0].requestId).toMatch(/^haven-refund-[0-9a-f]{40}$/);
    expect(await paymentRow(haven, payment.id)).toMatchObject({ status: 'refunded', refundedMinor: 9000 });
    const [refund] = paypal.refunds.filter((r) => r.captureId === captureId);
    const refunded = paypal.event('PAYMENT.CAPTURE.REFUNDED', {
      id: refund.id,
      status: 'COMPLETED',
      amount: { currency_code: 'USD', value: '90.00' },
      custom_id: payment.id,
      seller_payable_breakdown: { total_refunded_amount: { currency_code: 'USD', value: '90.00' } },
      links: [{ href: `https://api-m.sandbox.paypal.com/v2/payments/captures/${captureId}`, rel: 'up', method: 'GET' }],
    });
    expect((await paypal.deliver(webhook, refunded)).body).toMatchObject({ state: 'ignored' });
    expect(await refundRows(haven, payment.id)).toHaveLength(1);
  });

  it('switching from Stripe to PayPal closes the Stripe session first, so only one checkout can take money', async () => {
    const [b] = await book(haven, alice, t.therapistId, (nextHour += 2));
    const viaStripe = await api.post('/api/payments/checkout', { booking: b.id, provider: 'stripe' }, alice.jwt);
    expect(viaStripe.status).toBe(201);
    const sessionId = viaStripe.body.data.url.split('/').pop();
    const viaPaypal = await api.post('/api/payments/checkout', { booking: b.id, provider: 'paypal' }, alice.jwt);
    expect(viaPaypal.status).toBe(201);
    expect(viaPaypal.body.data.provider).toBe('paypal');
    expect(stripe.sessions.get(sessionId)!.status).toBe('expired');
    expect(stripe.records.some((r) => r.path === `/v1/checkout/sessions/${sessionId}/expire`)).toBe(true);
    const create = paypal.records.filter((r) => r.path === '/v2/checkout/orders').at(-1)!;
    expect(create.requestId).toBe(`haven-checkout-${viaPaypal.body.data.payment.id}-2`);
  });
});
