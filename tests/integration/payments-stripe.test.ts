import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Haven } from '../helpers/haven';
import type { StripeStandin } from '../helpers/stripe-standin';
import type { User } from './booking-helpers';
import { book, bookingRow, EVENT_UID, eventCount, expireHolds, paymentRow, refundRows, settle } from './payments-helpers';
import { SECRET, startCheckout, startStripeSuite, type StripeSuite } from './payments-stripe-helpers';

/**
 * Stripe end to end through the official SDK against a local stand-in of the Stripe API that records
 * and checks every request; webhooks are signed with the SDK's own test-header helper and delivered
 * to Haven over HTTP, as Stripe would.
 */
describe('payments with Stripe', () => {
  let haven: Haven;
  let stripe: StripeStandin;
  let api: StripeSuite['api'];
  let events: StripeSuite['events'];
  let t: StripeSuite['t'];
  let alice: User;
  let bob: User;
  let webhook: string;
  let outbox: string;

  beforeAll(async () => {
    ({ haven, stripe, api, events, t, alice, bob, webhook, outbox } = await startStripeSuite());
  });
  afterAll(async () => {
    await haven?.close();
    await stripe?.close();
  });
  // Issue 22: every request Haven sent and every answer the stand-in gave matched the provider's published specification.
  afterEach(() => expect(stripe.problems).toEqual([]));

  /** Books a session for alice (or someone) and starts its Stripe checkout. */
  let nextHour = 30;
  const checkout = (client: User = alice, hours = (nextHour += 2)) => startCheckout({ haven, api, t }, client, hours);

  it('makes priced bookings wait for payment and tells which provider runs', async () => {
    expect((await api.get('/api/payments/health')).body).toMatchObject({ provider: 'stripe', providers: ['stripe'], currency: 'USD' });
    expect((await api.get('/api/booking/health')).body.paymentGate).toBe('stripe');
  });

  it('pay → confirmed: one Checkout Session with the right request, then the signed webhook confirms the booking', async () => {
    const before = stripe.records.length;
    const { booking, payment, url, sessionId } = await checkout();
    expect(url).toBe(`${stripe.base}/pay/${sessionId}`);
    const calls = stripe.records.slice(before);
    expect(calls.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /v1/checkout/sessions']);
    const [call] = calls;
    expect(call.headers.authorization).toBe(`Bearer ${SECRET}`);
    expect(call.idempotencyKey).toBe(`haven-checkout-${payment.id}-1`);
    expect(call.form).toMatchObject({
      mode: 'payment',
      client_reference_id: payment.id,
      metadata: { havenPayment: payment.id, booking: booking.id },
      payment_intent_data: { metadata: { havenPayment: payment.id, booking: booking.id } },
      line_items: [{ quantity: '1', price_data: { currency: 'usd', unit_amount: '9000', product_data: { metadata: { booking: booking.id } } } }],
    });
    expect(call.form.line_items[0].price_data.product_data.name).toMatch(/^Therapy session with Tester [0-9a-f]+, \w{3} \d{1,2} \w{3} \d{4}, \d{2}:\d{2} \(UTC\)$/);
    expect(call.form.success_url).toBe(`http://localhost:4321/payments/return?payment=${payment.id}`);
    expect(call.form.cancel_url).toBe(`http://localhost:4321/payments/cancelled?payment=${payment.id}`);
    // Stripe's minimum is 30 minutes while the hold is 15: the session is asked for just over 30 minutes.
    const expiresIn = Number(call.form.expires_at) * 1000 - Date.now();
    expect(expiresIn).toBeGreaterThan(30 * 60_000);
    expect(expiresIn).toBeLessThan(33 * 60_000);
    expect(stripe.problems).toEqual([]);

    // Clicking "pay" again reuses the open session: no second Stripe call, same URL.
    const again = await api.post('/api/payments/checkout', { booking: booking.id }, alice.jwt);
    expect(again.status).toBe(201);
    expect(again.body.data.url).toBe(url);
    expect(stripe.records.length).toBe(before + 1);

    const { event } = await stripe.pay(sessionId);
    const delivered = await stripe.deliver(webhook, event);
    expect(delivered).toMatchObject({ status: 200, body: { received: true, duplicate: false, state: 'processed' } });
    await settle(haven);
    expect(await bookingRow(haven, booking.id)).toMatchObject({ status: 'confirmed' });
    expect(await paymentRow(haven, payment.id)).toMatchObject({ status: 'succeeded', provider: 'stripe', amountMinor: 9000, currency: 'USD', receivedMinor: 9000 });
    expect(events.of('booking.confirmed', booking.id)).toHaveLength(1);

    const mine = await api.get(`/api/payments/${payment.id}`, alice.jwt);
    expect(mine.body.data).toMatchObject({ id: payment.id, status: 'succeeded', amountMinor: 9000, yourRole: 'client', sessions: [{ bookingId: booking.id, status: 'confirmed' }] });
    // Returning from Stripe afterwards changes nothing and shows the real state.
    const back = await api.post(`/api/payments/${payment.id}/complete`, {}, alice.jwt);
    expect(back.body.data).toMatchObject({ status: 'succeeded', sessions: [{ status: 'confirmed' }] });
  });

  it('five "pay" clicks at once make one payment and one Checkout Session', async () => {
    const [b] = await book(haven, alice, t.therapistId, (nextHour += 2));
    const before = stripe.sessions.size;
    const results = await Promise.all(Array.from({ length: 5 }, () => api.post('/api/payments/checkout', { booking: b.id }, alice.jwt)));
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(results.map((r) => r.body.data.url)).size).toBe(1);
    expect(new Set(results.map((r) => r.body.data.payment.id)).size).toBe(1);
    expect(stripe.sessions.size - before).toBe(1);
    expect(await haven.strapi.db.query('plugin::payments.payment').count({ where: { bookingId: b.id } })).toBe(1);
  });

  it('the same event replayed, and 20 deliveries of one event at once, make one transition', async () => {
    const { booking, payment, sessionId } = await checkout();
    const { event } = await stripe.pay(sessionId);
    const confirmedBefore = events.of('booking.confirmed', booking.id).length;
    const results = await Promise.all(Array.from({ length: 20 }, () => stripe.deliver(webhook, event)));
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(results.filter((r) => r.body.duplicate === false)).toHaveLength(1);
    await settle(haven);
    expect(await eventCount(haven, { eventId: event.id })).toBe(1);
    expect(await haven.strapi.db.query(EVENT_UID).findOne({ where: { eventId: event.id } })).toMatchObject({ state: 'processed', attempts: 1 });
    expect(events.of('booking.confirmed', booking.id).length - confirmedBefore).toBe(1);
    const row = await paymentRow(haven, payment.id);
    expect(row).toMatchObject({ status: 'succeeded' });
    const paidAt = row.paidAt;

    // Replayed later, and the same news under another event id (async_payment_succeeded): nothing changes.
    expect((await stripe.deliver(webhook, event)).body).toMatchObject({ duplicate: true });
    const other = stripe.event('checkout.session.async_payment_succeeded', stripe.sessions.get(sessionId));
    expect((await stripe.deliver(webhook, other)).body).toMatchObject({ duplicate: false, state: 'ignored' });
    await settle(haven);
    expect((await paymentRow(haven, payment.id)).paidAt).toEqual(paidAt);
    expect(events.of('booking.confirmed', booking.id).length - confirmedBefore).toBe(1);
    expect(await refundRows(haven, payment.id)).toHaveLength(0);
  });

  it('a declined card marks the attempt failed; paying afterwards in the same session still confirms', async () => {
    const { booking, payment, sessionId } = await checkout();
    const failed = stripe.event('payment_intent.payment_failed', { id: 'pi_test_declined_1', object: 'payment_intent', metadata: { havenPayment: payment.id, booking: booking.id }, last_payment_error: { type: 'card_error', code: 'card_declined', message: 'Your card was declined.' } });
    expect((await stripe.deliver(webhook, failed)).body).toMatchObject({ state: 'processed' });
    expect((await api.get(`/api/payments/${payment.id}`, alice.jwt)).body.data).toMatchObject({ status: 'failed', notice: 'Your card was declined.' });
    await stripe.deliver(webhook, (await stripe.pay(sessionId)).event);
    await settle(haven);
    expect(await paymentRow(haven, payment.id)).toMatchObject({ status: 'succeeded', failureReason: null });
    expect(await bookingRow(haven, booking.id)).toMatchObject({ status: 'confirmed' });
    // A failure reported after the success (out of order) changes nothing.
    expect((await stripe.deliver(webhook, stripe.event('payment_intent.payment_failed', failed.data.object))).body).toMatchObject({ state: 'ignored' });
  });

  it('a Checkout Session that expires at Stripe while the hold lasts can be started again (a new attempt, a new key)', async () => {
    const { booking, payment, sessionId } = await checkout();
    stripe.sessions.get(sessionId)!.status = 'expired';
    expect((await stripe.deliver(webhook, stripe.event('checkout.session.expired', stripe.sessions.get(sessionId)))).body).toMatchObject({ state: 'processed' });
    expect(await paymentRow(haven, payment.id)).toMatchObject({ status: 'failed', checkoutUrl: null });
    const before = stripe.records.length;
    const again = await api.post('/api/payments/checkout', { booking: booking.id }, alice.jwt);
    expect(again.status).toBe(201);
    const created = stripe.records.slice(before).filter((r) => r.path === '/v1/checkout/sessions');
    expect(created.map((r) => r.idempotencyKey)).toEqual([`haven-checkout-${payment.id}-2`]);
    const second = again.body.data.url.split('/').pop();
    expect(second).not.toBe(sessionId);
    await stripe.deliver(webhook, (await stripe.pay(second)).event);
    await settle(haven);
    expect(await bookingRow(haven, booking.id)).toMatchObject({ status: 'confirmed' });
  });

  it('a forged, missing or stale signature gets 400 and changes nothing', async () => {
    const { payment, sessionId } = await checkout();
    const { event } = await stripe.pay(sessionId);
    const count = await eventCount(haven);
    const forged = await stripe.deliver(webhook, event, { secret: 'whsec_someone_else' });
    const missing = await stripe.deliver(webhook, event, { signature: null });
    const stale = await stripe.deliver(webhook, event, { timestamp: Math.floor(Date.now() / 1000) - 600 });
    const garbage = await stripe.deliver(webhook, event, { signature: 't=1,v1=deadbeef' });
    for (const res of [forged, missing, stale, garbage]) {
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/^Webhook refused/);
    }
    // A body changed after signing is refused too.
    const payload = JSON.stringify(event);
    const tampered = await fetch(webhook, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': stripe.sign(payload) }, body: payload.replace('"paid"', '"paid" ') });
    expect(tampered.status).toBe(400);
    expect(await eventCount(haven)).toBe(count);
    expect(await paymentRow(haven, payment.id)).toMatchObject({ status: 'pending', paidAt: null });
  });

  it('an event for an unknown booking is recorded and ignored', async () => {
    const stray = stripe.event('checkout.session.completed', { id: 'cs_test_unknown', object: 'checkout.session', status: 'complete', payment_status: 'paid', amount_total: 5000, currency: 'usd', metadata: { havenPayment: 'nosuchpayment000000000000', booking: 'nosuchbooking' }, client_reference_id: null, payment_intent: 'pi_test_unknown' });
    const res = await stripe.deliver(webhook, stray);
    expect(res).toMatchObject({ status: 200, body: { duplicate: false, state: 'ignored' } });
    expect(await haven.strapi.db.query(EVENT_UID).findOne({ where: { eventId: stray.id } })).toMatchObject({ state: 'ignored', paymentId: null });
    const unhandled = stripe.event('customer.created', { id: 'cus_test_1', object: 'customer' });
    expect((await stripe.deliver(webhook, unhandled)).body).toMatchObject({ state: 'ignored' });
  });

  it('expired → the checkout is closed at Stripe and the slot is free for someone else', async () => {
    const { booking, payment, sessionId } = await checkout();
    await expireHolds(haven);
    expect(await bookingRow(haven, booking.id)).toMatchObject({ status: 'expired' });
    expect(stripe.records.some((r) => r.method === 'POST' && r.path === `/v1/checkout/sessions/${sessionId}/expire`)).toBe(true);
    expect(stripe.sessions.get(sessionId)!.status).toBe('expired');
    expect(await paymentRow(haven, payment.id)).toMatchObject({ status: 'failed', failureReason: 'The time held for you ran out before the payment was made.' });
    const taken = await api.post('/api/booking/bookings', { therapist: t.therapistId, start: booking.startsAt }, bob.jwt);
    expect(taken.status).toBe(201);
    // Stripe's own expiry event arrives afterwards: recorded, nothing changes.
    const expired = stripe.event('checkout.session.expired', stripe.sessions.get(sessionId));
    expect((await stripe.deliver(webhook, expired)).body).toMatchObject({ state: 'ignored' });
    expect(await paymentRow(haven, payment.id)).toMatchObject({ status: 'failed' });
    const again = await api.post('/api/payments/checkout', { booking: booking.id }, alice.jwt);
    expect(again.status).toBe(409);
  });

  it('a payment that arrives after the hold ran out and the slot was taken is refunded in full and the client told', async () => {
    const { booking, payment, sessionId } = await checkout();
    await expireHolds(haven);
    expect((await api.post('/api/booking/bookings', { therapist: t.therapistId, start: booking.startsAt }, bob.jwt)).status).toBe(201);
    // Stripe completed the payment as Haven closed the session (the race the expiry call cannot rule out).
    const { event, intent } = await stripe.pay(sessionId);
    const before = stripe.records.length;
    expect((await stripe.deliver(webhook, event)).status).toBe(200);
    await settle(haven);
    const refundCalls = stripe.records.slice(before).filter((r) => r.path === '/v1/refunds');
    expect(refundCalls).toHaveLength(1);
    expect(refundCalls[0].form).toMatchObject({ payment_intent: intent.id, amount: '9000', metadata: { havenPayment: payment.id } });
    expect(refundCalls[0].idempotencyKey).toMatch(/^haven-refund-[0-9a-f]{40}$/);
    expect(await paymentRow(haven, payment.id)).toMatchObject({ status: 'refunded', refundedMinor: 9000 });
    expect(await bookingRow(haven, booking.id)).toMatchObject({ status: 'expired' });
    expect(await refundRows(haven, payment.id)).toMatchObject([{ kind: 'late_payment', amountMinor: 9000, status: 'succeeded', bookingId: booking.id }]);
    const mails = fs.readdirSync(outbox).map((f) => fs.readFileSync(path.join(outbox, f), 'utf8'));
    expect(mails.some((m) => m.includes(alice.email) && /Subject: Your payment of \$90\.00 has been refunded/.test(m) && m.includes('someone else booked it'))).toBe(true);
    // The replay refunds nothing more.
    expect((await stripe.deliver(webhook, event)).body).toMatchObject({ duplicate: true });
    expect(stripe.refunds.filter((r) => r.payment_intent === intent.id)).toHaveLength(1);
  });

  it('cancelling within the policy sends exactly one refund request; charge.refunded and replays add nothing', async () => {
    const { booking, payment, sessionId } = await checkout(alice, 100);
    const { event, intent } = await stripe.pay(sessionId);
    await stripe.deliver(webhook, event);
    await settle(haven);
    const cancel = await api.post(`/api/booking/bookings/${booking.id}/cancel`, { reason: 'Feeling better' }, alice.jwt);
    expect(cancel.status).toBe(200);
    expect((await api.post(`/api/booking/bookings/${booking.id}/cancel`, {}, alice.jwt)).status).toBe(409);
    await settle(haven);
    const calls = stripe.records.filter((r) => r.path === '/v1/refunds' && r.form.payment_intent === intent.id);
    expect(calls).toHaveLength(1);
    expect(calls[0].form.amount).toBe('9000');
    expect(await paymentRow(haven, payment.id)).toMatchObject({ status: 'refunded', refundedMinor: 9000 });
    const refunded = stripe.chargeRefunded(intent.id);
    expect((await stripe.deliver(webhook, refunded)).status).toBe(200);
    expect((await stripe.deliver(webhook, refunded)).body).toMatchObject({ duplicate: true });
    // An old "completed" delivered after the refund (out of order) cannot undo it.
    expect((await stripe.deliver(webhook, stripe.event('checkout.session.completed', stripe.sessions.get(sessionId)))).status).toBe(200);
    expect(await refundRows(haven, payment.id)).toMatchObject([{ kind: 'cancellation', amountMinor: 9000, status: 'succeeded', bookingId: booking.id }]);
    expect(await paymentRow(haven, payment.id)).toMatchObject({ status: 'refunded', refundedMinor: 9000 });
  });

  it('a refund made in the Stripe dashboard is recorded from charge.refunded', async () => {
    const { payment, sessionId } = await checkout();
    const { event, intent } = await stripe.pay(sessionId);
    await stripe.deliver(webhook, event);
    intent.refunded = 2500;
    expect((await stripe.deliver(webhook, stripe.chargeRefunded(intent.id))).body).toMatchObject({ state: 'processed' });
    expect(await paymentRow(haven, payment.id)).toMatchObject({ status: 'partially_refunded', refundedMinor: 2500 });
    expect(await refundRows(haven, payment.id)).toMatchObject([{ kind: 'provider', amountMinor: 2500, requestedBy: 'provider' }]);
  });

  it('checkout is refused for bookings that are not waiting for payment, and for other people', async () => {
    const { booking, payment, sessionId } = await checkout();
    expect((await api.post('/api/payments/checkout', { booking: booking.id }, bob.jwt)).status).toBe(404);
    expect((await api.post('/api/payments/checkout', { booking: booking.id }, t.jwt)).status).toBe(404);
    expect((await api.post('/api/payments/checkout', { booking: booking.id })).status).toBe(403);
    expect((await api.post('/api/payments/checkout', { booking: booking.id, provider: 'paypal' }, alice.jwt)).status).toBe(400);
    expect((await api.post('/api/payments/checkout', { booking: booking.id, amount: 1 }, alice.jwt)).status).toBe(400);
    expect((await api.post('/api/payments/checkout', { booking: booking.id, note: 'x'.repeat(5000) }, alice.jwt)).status).toBe(413);
    const { event } = await stripe.pay(sessionId);
    await stripe.deliver(webhook, event);
    const paid = await api.post('/api/payments/checkout', { booking: booking.id }, alice.jwt);
    expect(paid.status).toBe(409);
    expect(paid.body.error.details).toMatchObject({ reason: 'not_pending_payment', status: 'confirmed' });

    // Reading: the payer and the therapist, nobody else (answered like a missing payment).
    expect((await api.get(`/api/payments/${payment.id}`, bob.jwt)).status).toBe(404);
    expect((await api.get(`/api/payments/${payment.id}/receipt`, bob.jwt)).status).toBe(404);
    expect((await api.post(`/api/payments/${payment.id}/complete`, {}, bob.jwt)).status).toBe(404);
    expect((await api.get('/api/payments', bob.jwt)).body.data.map((p: any) => p.id)).not.toContain(payment.id);
    const theirs = await api.get('/api/payments?role=therapist', t.jwt);
    expect(theirs.body.data.find((p: any) => p.id === payment.id)).toMatchObject({ yourRole: 'therapist', with: { displayName: expect.stringMatching(/^Tester /) } });
    expect(JSON.stringify(theirs.body)).not.toContain(alice.email);
    // Refunds are staff business: no site user reaches the admin API.
    expect((await api.post(`/payments/admin/payments/${payment.id}/refund`, { amountMinor: 100, reason: 'Please refund' }, alice.jwt)).status).toBe(401);
    expect((await api.get('/api/payments?status=nonsense', alice.jwt)).status).toBe(400);
  });
});
