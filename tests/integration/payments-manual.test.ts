import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, createUser, startHaven, type Haven } from '../helpers/haven';
import { therapist, type User } from './booking-helpers';
import { staffUser, type Staff } from './community-helpers';
import { book, confirmedSession as confirmed, paymentRow, QUIET, refundRows, settle } from './payments-helpers';

/** The manual provider (no gateway configured): pay your therapist directly; the therapist or staff mark it. */
describe('payments with the manual provider', () => {
  let haven: Haven;
  let api: ReturnType<typeof apiClient>;
  let t: Awaited<ReturnType<typeof therapist>>;
  let other: Awaited<ReturnType<typeof therapist>>;
  let alice: User;
  let bob: User;
  let admin: Staff;
  let nextHour = 30;

  beforeAll(async () => {
    haven = await startHaven({ env: { ...QUIET } });
    api = apiClient(haven.url);
    t = await therapist(haven, { rateMinor: 8000, currency: 'EUR' });
    other = await therapist(haven, { rateMinor: 5000 });
    alice = await createUser(haven, 'client');
    bob = await createUser(haven, 'client');
    admin = await staffUser(haven, 'strapi-super-admin');
  });
  afterAll(async () => haven?.close());

  const confirmedSession = (client = alice, therapistId = t.therapistId) => confirmed(haven, client, therapistId, (nextHour += 2));

  it('confirms bookings at once and records a payment to make directly', async () => {
    expect((await api.get('/api/payments/health')).body).toMatchObject({ provider: 'manual', providers: ['manual'] });
    const { booking, payment } = await confirmedSession();
    expect(payment).toMatchObject({ status: 'pending', provider: 'manual', amountMinor: 8000, currency: 'EUR', checkoutUrl: null, notice: expect.stringMatching(/^Pay .+ directly \(how is below\); they mark it paid here when the money arrives\.$/) });
    expect((await api.post('/api/payments/checkout', { booking: booking.id }, alice.jwt)).status).toBe(409);
    expect((await api.post('/api/payments/checkout', { booking: booking.id, provider: 'stripe' }, alice.jwt)).status).toBe(400);
  });

  it('the therapist marks it paid, once; nobody else can', async () => {
    const { payment } = await confirmedSession();
    expect((await api.get(`/api/payments/${payment.id}`, t.jwt)).body.data).toMatchObject({ yourRole: 'therapist', canMark: true });
    const byClient = await api.post(`/api/payments/${payment.id}/mark`, { outcome: 'paid' }, alice.jwt);
    expect(byClient.status).toBe(403);
    expect((await api.post(`/api/payments/${payment.id}/mark`, { outcome: 'paid' }, other.jwt)).status).toBe(404);
    expect((await api.post(`/api/payments/${payment.id}/mark`, { outcome: 'gift' }, t.jwt)).status).toBe(400);
    const [a, b] = await Promise.all([
      api.post(`/api/payments/${payment.id}/mark`, { outcome: 'paid', note: 'Cash at the session' }, t.jwt),
      api.post(`/api/payments/${payment.id}/mark`, { outcome: 'paid' }, t.jwt),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect(await paymentRow(haven, payment.id)).toMatchObject({ status: 'succeeded', waived: false, settledBy: `therapist:${t.id}` });
    expect((await api.get(`/api/payments/${payment.id}`, alice.jwt)).body.data).toMatchObject({ status: 'succeeded', notice: null });
  });

  it('staff waive a payment from the admin; waived payments count in no totals; the receipt says so', async () => {
    const { payment } = await confirmedSession();
    const res = await admin.api.post(`/payments/admin/payments/${payment.id}/mark`, { outcome: 'waived' });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ status: 'succeeded', waived: true, canRefund: false, canMark: false });
    const html = await (await fetch(`${haven.url}/api/payments/${payment.id}/receipt`, { headers: { authorization: `Bearer ${alice.jwt}` } })).text();
    expect(html).toContain('Waived by the therapist');
    const list = await admin.api.get(`/payments/admin/payments?provider=manual&therapist=${t.id}`);
    const eur = list.body.meta.totals.byCurrency.find((c: any) => c.currency === 'EUR');
    expect(eur.paidMinor % 8000).toBe(0);
    const paidCount = list.body.data.filter((p: any) => p.status === 'succeeded' && !p.waived).length;
    expect(eur.paidMinor).toBe(paidCount * 8000);
  });

  it('cancelling a session paid directly records the refund the policy grants; an unpaid one is closed with nothing owed', async () => {
    const paid = await confirmedSession();
    await api.post(`/api/payments/${paid.payment.id}/mark`, { outcome: 'paid' }, t.jwt);
    expect((await api.post(`/api/booking/bookings/${paid.booking.id}/cancel`, { reason: 'Moving away' }, t.jwt)).status).toBe(200);
    await settle(haven);
    expect(await refundRows(haven, paid.payment.id)).toMatchObject([{ kind: 'cancellation', amountMinor: 8000, provider: 'manual', status: 'succeeded', providerRefundId: expect.stringMatching(/^manual_[0-9a-f]{24}$/) }]);
    expect(await paymentRow(haven, paid.payment.id)).toMatchObject({ status: 'refunded', refundedMinor: 8000 });

    const unpaid = await confirmedSession(bob);
    expect((await api.post(`/api/booking/bookings/${unpaid.booking.id}/cancel`, {}, bob.jwt)).status).toBe(200);
    await settle(haven);
    expect(await paymentRow(haven, unpaid.payment.id)).toMatchObject({ status: 'failed', failureReason: 'The session was cancelled before it was paid: nothing is owed.' });
    expect(await refundRows(haven, unpaid.payment.id)).toHaveLength(0);
    expect((await api.post(`/api/payments/${unpaid.payment.id}/mark`, { outcome: 'paid' }, t.jwt)).status).toBe(409);
  });

  it('sessions without a price record no payment', async () => {
    const free = await therapist(haven, { rateMinor: 0 });
    const [b] = await book(haven, alice, free.therapistId, (nextHour += 2));
    await settle(haven);
    expect((await api.get('/api/payments', alice.jwt)).body.data.some((p: any) => p.bookingId === b.id)).toBe(false);
  });
});
