import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Haven } from '../helpers/haven';
import type { StripeStandin } from '../helpers/stripe-standin';
import type { User } from './booking-helpers';
import type { Staff } from './community-helpers';
import { book, bookingRow, paymentRow, pdfText, refundRows, settle } from './payments-helpers';
import { startCheckout, startStripeSuite, type StripeSuite } from './payments-stripe-helpers';

/** Stripe payments, continued (payments-stripe.test.ts has checkout and webhooks): staff refunds, interrupted refunds, mismatched amounts, series and receipts. */
describe('payments with Stripe: refunds, series and receipts', () => {
  let haven: Haven;
  let stripe: StripeStandin;
  let api: StripeSuite['api'];
  let t: StripeSuite['t'];
  let alice: User;
  let admin: Staff;
  let editor: Staff;
  let webhook: string;

  beforeAll(async () => {
    ({ haven, stripe, api, t, alice, admin, editor, webhook } = await startStripeSuite());
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
