import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, createUser, startHaven, type Haven } from '../helpers/haven';
import { startStripeStandin, type StripeStandin } from '../helpers/stripe-standin';
import { recordEvents, therapist, type User } from './booking-helpers';
import { staffUser, type Staff } from './community-helpers';
import { book, bookingRow, EVENT_UID, eventCount, expireHolds, paymentRow, pdfText, QUIET, refundRows, settle } from './payments-helpers';

/**
 * Stripe end to end through the official SDK against a local stand-in of the Stripe API that records
 * and checks every request; webhooks are signed with the SDK's own test-header helper and delivered
 * to Haven over HTTP, as Stripe would.
 */
describe('payments with Stripe', () => {
  let haven: Haven;
  let stripe: StripeStandin;
  let api: ReturnType<typeof apiClient>;
  let events: ReturnType<typeof recordEvents>;
  let t: Awaited<ReturnType<typeof therapist>>;
  let alice: User;
  let bob: User;
  let admin: Staff;
  let editor: Staff;
  let webhook: string;
  let outbox: string;
  const SECRET = 'sk_test_haven_standin';
  const WHSEC = 'whsec_test_haven_standin';

  beforeAll(async () => {
    stripe = await startStripeStandin({ secretKey: SECRET, webhookSecret: WHSEC });
    // One client books many sessions here: the booking limits (booking-limits.test.ts) are raised out of the way.
    haven = await startHaven({ env: { ...QUIET, BOOKING_CREATE_LIMIT: '1000', BOOKING_MAX_UNPAID_PER_THERAPIST: '100', BOOKING_MAX_UNPAID_TOTAL: '100', STRIPE_SECRET_KEY: SECRET, STRIPE_WEBHOOK_SECRET: WHSEC, STRIPE_API_BASE: stripe.base } });
    outbox = process.env.EMAIL_OUTBOX_DIR!;
    api = apiClient(haven.url);
    events = recordEvents(haven);
    webhook = `${haven.url}/api/payments/stripe/webhook`;
    t = await therapist(haven, { rateMinor: 9000, currency: 'USD' });
    alice = await createUser(haven, 'client');
    bob = await createUser(haven, 'client');
    [admin, editor] = await Promise.all([staffUser(haven, 'strapi-super-admin'), staffUser(haven, 'strapi-editor')]);
  });
  afterAll(async () => {
    await haven?.close();
    await stripe?.close();
  });

  /** Books a session for alice (or someone) and starts its Stripe checkout. */
  let nextHour = 30;
  async function checkout(client: User = alice, hours = (nextHour += 2)) {
    const [b] = await book(haven, client, t.therapistId, hours);
    expect(b.status).toBe('pending_payment');
    const res = await api.post('/api/payments/checkout', { booking: b.id }, client.jwt);
    expect(res.status).toBe(201);
    const sessionId = res.body.data.url.split('/').pop() as string;
    return { booking: b, payment: res.body.data.payment, url: res.body.data.url as string, sessionId };
  }

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
    const failed = stripe.event('payment_intent.payment_failed', { id: 'pi_test_declined_1', object: 'payment_intent', metadata: { havenPayment: payment.id, booking: booking.id }, last_payment_error: { message: 'Your card was declined.' } });
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

  it('staff refunds: partial, then above what is left → 400 and nothing written, then the rest; only with the permission', async () => {
    const { payment, sessionId } = await checkout();
    await stripe.deliver(webhook, (await stripe.pay(sessionId)).event);
    expect((await editor.api.get('/payments/admin/payments')).status).toBe(403);
    expect((await editor.api.post(`/payments/admin/payments/${payment.id}/refund`, { amountMinor: 100, reason: 'Goodwill' })).status).toBe(403);

    const part = await admin.api.post(`/payments/admin/payments/${payment.id}/refund`, { amountMinor: 3000, reason: 'Goodwill gesture' });
    expect(part.status).toBe(200);
    expect(part.body.data).toMatchObject({ status: 'partially_refunded', refundedMinor: 3000, refundableMinor: 6000 });
    const tooMuch = await admin.api.post(`/payments/admin/payments/${payment.id}/refund`, { amountMinor: 6001, reason: 'Too much' });
    expect(tooMuch.status).toBe(400);
    expect(tooMuch.body.error.details).toMatchObject({ refundableMinor: 6000 });
    expect(await refundRows(haven, payment.id)).toHaveLength(1);
    expect((await admin.api.post(`/payments/admin/payments/${payment.id}/refund`, { amountMinor: 0, reason: 'x' })).status).toBe(400);
    expect((await admin.api.post(`/payments/admin/payments/${payment.id}/refund`, { amountMinor: 10.5, reason: 'Half cents' })).status).toBe(400);

    // A double click (same requestId) refunds once; concurrent requests cannot overshoot.
    const requestId = crypto.randomUUID();
    const [a, b] = await Promise.all([
      admin.api.post(`/payments/admin/payments/${payment.id}/refund`, { amountMinor: 6000, reason: 'The rest', requestId }),
      admin.api.post(`/payments/admin/payments/${payment.id}/refund`, { amountMinor: 6000, reason: 'The rest', requestId }),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(await paymentRow(haven, payment.id)).toMatchObject({ status: 'refunded', refundedMinor: 9000 });
    expect(await refundRows(haven, payment.id)).toHaveLength(2);

    const list = await admin.api.get(`/payments/admin/payments?status=refunded&provider=stripe&therapist=${t.id}`);
    expect(list.status).toBe(200);
    expect(list.body.data.map((p: any) => p.id)).toContain(payment.id);
    expect(list.body.meta.totals.byCurrency[0]).toMatchObject({ currency: 'USD' });
    expect((await admin.api.get('/payments/admin/payments?from=2026-13-01')).status).toBe(400);
  });

  it('a refund left pending by an interrupted request is sent again under the same key, and only once', async () => {
    const { payment, sessionId } = await checkout();
    const { event, intent } = await stripe.pay(sessionId);
    await stripe.deliver(webhook, event);
    // What a process that stopped right after reserving the amount leaves behind.
    const row = await paymentRow(haven, payment.id);
    await haven.strapi.db.query('plugin::payments.payment').update({ where: { id: row.id }, data: { refundedMinor: 2000 } });
    await haven.strapi.db.query('plugin::payments.refund').create({
      data: { paymentId: row.id, amountMinor: 2000, currency: 'USD', kind: 'staff', reason: 'Interrupted goodwill refund', idempotencyKey: `staff:${payment.id}:interrupted`, provider: 'stripe', providerPaymentId: intent.id, status: 'pending', requestedBy: 'admin:1', createdAt: new Date(Date.now() - 5 * 60_000) },
    });
    const refunds = haven.strapi.plugin('payments').service('refunds');
    const [a, b] = await Promise.all([refunds.retryStale(), refunds.retryStale()]);
    expect(a + b).toBe(1);
    const calls = stripe.records.filter((r) => r.path === '/v1/refunds' && r.form.payment_intent === intent.id);
    expect(new Set(calls.map((c) => c.idempotencyKey)).size).toBe(1);
    expect(stripe.refunds.filter((r) => r.payment_intent === intent.id)).toHaveLength(1);
    expect(await refundRows(haven, payment.id)).toMatchObject([{ status: 'succeeded', amountMinor: 2000, providerRefundId: expect.stringMatching(/^re_test_/) }]);
    expect(await paymentRow(haven, payment.id)).toMatchObject({ status: 'partially_refunded', refundedMinor: 2000 });
    expect(await refunds.retryStale()).toBe(0);
  });

  it('a payment whose amount does not match is flagged for staff, not confirmed, and staff can refund it', async () => {
    const { booking, payment, sessionId } = await checkout();
    const { event, intent } = await stripe.pay(sessionId, { amount: 100 });
    expect((await stripe.deliver(webhook, event)).body).toMatchObject({ state: 'processed' });
    await settle(haven);
    expect(await bookingRow(haven, booking.id)).toMatchObject({ status: 'pending_payment' });
    expect(await paymentRow(haven, payment.id)).toMatchObject({ status: 'pending', flagged: true, receivedMinor: 100 });
    const flagged = await admin.api.get('/payments/admin/payments?flagged=true');
    const row = flagged.body.data.find((p: any) => p.id === payment.id);
    expect(row).toMatchObject({ flagged: true, canRefund: true, refundableMinor: 100 });
    expect((await api.get(`/api/payments/${payment.id}`, alice.jwt)).body.data.notice).toMatch(/did not match/);
    const refund = await admin.api.post(`/payments/admin/payments/${payment.id}/refund`, { amountMinor: 100, reason: 'Wrong amount received' });
    expect(refund.status).toBe(200);
    expect(stripe.refunds.filter((r) => r.payment_intent === intent.id).map((r) => r.amount)).toEqual([100]);
    expect(await paymentRow(haven, payment.id)).toMatchObject({ status: 'failed' });
  });

  it('a weekly series is paid in one checkout, one line per session; cancelling one session refunds that session', async () => {
    const sessions = await book(haven, alice, t.therapistId, 600, { weeks: 3 });
    expect(sessions).toHaveLength(3);
    const before = stripe.records.length;
    const res = await api.post('/api/payments/checkout', { booking: sessions[0].id }, alice.jwt);
    expect(res.status).toBe(201);
    const call = stripe.records.slice(before).find((r) => r.path === '/v1/checkout/sessions')!;
    expect(call.form.line_items).toHaveLength(3);
    expect(call.form.line_items.map((l: any) => l.price_data.product_data.metadata.booking)).toEqual(sessions.map((s) => s.id));
    expect(call.form.metadata.series).toBe(sessions[0].seriesId);
    const payment = res.body.data.payment;
    expect(payment).toMatchObject({ amountMinor: 27000, sessions: sessions.map((s) => ({ bookingId: s.id })) });
    const sessionId = res.body.data.url.split('/').pop();
    await stripe.deliver(webhook, (await stripe.pay(sessionId)).event);
    await settle(haven);
    for (const s of sessions) expect(await bookingRow(haven, s.id)).toMatchObject({ status: 'confirmed' });

    expect((await api.post(`/api/booking/bookings/${sessions[1].id}/cancel`, { scope: 'one' }, alice.jwt)).status).toBe(200);
    await settle(haven);
    expect(await refundRows(haven, payment.id)).toMatchObject([{ kind: 'cancellation', amountMinor: 9000, bookingId: sessions[1].id }]);
    expect(await paymentRow(haven, payment.id)).toMatchObject({ status: 'partially_refunded', refundedMinor: 9000 });
    // Checkout from another session of the paid series: already paid.
    expect((await api.post('/api/payments/checkout', { booking: sessions[2].id }, alice.jwt)).status).toBe(409);
  });

  it('receipts: a printable page and a PDF with date, therapist, session, amount, refunds and status', async () => {
    const { payment, sessionId } = await checkout();
    await stripe.deliver(webhook, (await stripe.pay(sessionId)).event);
    await admin.api.post(`/payments/admin/payments/${payment.id}/refund`, { amountMinor: 1500, reason: 'Goodwill gesture' });
    const therapistName = (await api.get(`/api/payments/${payment.id}`, alice.jwt)).body.data.with.displayName;
    const res = await fetch(`${haven.url}/api/payments/${payment.id}/receipt`, { headers: { authorization: `Bearer ${alice.jwt}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    for (const text of [payment.id, therapistName, '$90.00', '−$15.00', 'Goodwill gesture', 'Partly refunded', 'Therapy session']) expect(html).toContain(text);
    expect(html).not.toContain('<script');
    const pdf = await fetch(`${haven.url}/api/payments/${payment.id}/receipt?format=pdf`, { headers: { authorization: `Bearer ${alice.jwt}` } });
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const bytes = Buffer.from(await pdf.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(bytes);
    for (const part of ['Haven receipt', payment.id, therapistName, '$90.00', '-$15.00', 'Partly refunded']) expect(text).toContain(part);
    expect((await api.get(`/api/payments/${payment.id}/receipt?format=doc`, alice.jwt)).status).toBe(400);
    // The therapist may read it too.
    expect((await fetch(`${haven.url}/api/payments/${payment.id}/receipt`, { headers: { authorization: `Bearer ${t.jwt}` } })).status).toBe(200);
  });
});
