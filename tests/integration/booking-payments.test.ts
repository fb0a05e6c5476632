import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, createUser, startHaven, type Haven } from '../helpers/haven';
import { hourFromNow, recordEvents, therapist, type User } from './booking-helpers';

/**
 * The payments hook: bookings that need payment hold their slot as pending_payment, are confirmed by
 * markPaid(), and are released when the hold runs out. BOOKING_REQUIRE_PAYMENT forces the gate here;
 * the sweeper runs every 200 ms and is handed a later "now" to let holds run out without waiting.
 */
describe('payment holds', () => {
  let haven: Haven;
  let api: ReturnType<typeof apiClient>;
  let events: ReturnType<typeof recordEvents>;
  let t: Awaited<ReturnType<typeof therapist>>;
  let alice: User;
  let bob: User;
  const hook = () => haven.strapi.plugin('booking').service('payment-hook');
  const HOLD_MS = 15 * 60_000;

  beforeAll(async () => {
    haven = await startHaven({ env: { BOOKING_REQUIRE_PAYMENT: 'true', BOOKING_HOLD_SWEEP_MS: '200', BOOKING_REMINDER_POLL_MS: '3600000' } });
    api = apiClient(haven.url);
    events = recordEvents(haven);
    t = await therapist(haven, { rateMinor: 7500 });
    alice = await createUser(haven, 'client');
    bob = await createUser(haven, 'client');
  });
  afterAll(async () => haven?.close());

  it('a booking that needs payment is pending_payment, holds its slot for 15 minutes, and is not yet confirmed', async () => {
    const health = await api.get('/api/booking/health');
    expect(health.body).toMatchObject({ paymentGate: 'forced (BOOKING_REQUIRE_PAYMENT)', paymentHoldMinutes: 15 });
    const start = hourFromNow(30);
    const res = await api.post('/api/booking/bookings', { therapist: t.therapistId, start }, alice.jwt);
    expect(res.status).toBe(201);
    const b = res.body.data[0];
    expect(b.status).toBe('pending_payment');
    const hold = Date.parse(b.holdExpiresAt) - Date.now();
    expect(hold).toBeGreaterThan(HOLD_MS - 60_000);
    expect(hold).toBeLessThanOrEqual(HOLD_MS);
    expect((await api.post('/api/booking/bookings', { therapist: t.therapistId, start }, bob.jwt)).status).toBe(409);
    await events.settle();
    expect(events.of('booking.created', b.id)).toHaveLength(1);
    expect(events.of('booking.confirmed', b.id)).toHaveLength(0);
    expect(await haven.strapi.plugin('booking').service('relationships').haveBooking(alice.id, t.id)).toBe(true);

    const paid = await hook().markPaid(b.id);
    expect(paid).toMatchObject({ ok: true, alreadyPaid: false, booking: { id: b.id, status: 'confirmed', rateMinor: 7500 } });
    expect((await hook().markPaid(b.id)).alreadyPaid).toBe(true);
    await events.settle();
    expect(events.of('booking.confirmed', b.id)).toHaveLength(1);
  });

  it('an unpaid hold runs out: status expired, slot free, booking.expired emitted once', async () => {
    const start = hourFromNow(40);
    const b = (await api.post('/api/booking/bookings', { therapist: t.therapistId, start }, alice.jwt)).body.data[0];
    const later = Date.now() + HOLD_MS + 1000;
    const [first, second] = await Promise.all([hook().releaseExpiredHolds({ now: later }), hook().releaseExpiredHolds({ now: later })]);
    expect(first + second).toBe(1);
    const row = await haven.strapi.db.query('plugin::booking.booking').findOne({ where: { documentId: b.id } });
    expect(row).toMatchObject({ status: 'expired', cancelledBy: 'system' });
    await events.settle();
    expect(events.of('booking.expired', b.id)).toHaveLength(1);
    const day = start.slice(0, 10);
    const slots = await api.get(`/api/booking/therapists/${t.therapistId}/slots?from=${day}&to=${day}&tz=UTC`);
    expect(slots.body.data.slots.map((s: any) => s.start)).toContain(start);
    expect((await api.get('/api/booking/bookings?scope=upcoming', alice.jwt)).body.data.map((x: any) => x.id)).not.toContain(b.id);

    // Paid late while the time is still free: confirmed after all.
    const paid = await hook().markPaid(b.id);
    expect(paid).toMatchObject({ ok: true, booking: { status: 'confirmed' } });
    expect((await api.post('/api/booking/bookings', { therapist: t.therapistId, start }, bob.jwt)).status).toBe(409);
  });

  it('paid after the hold ran out and someone else took the time: slot_taken, so payments can refund', async () => {
    const start = hourFromNow(50);
    const b = (await api.post('/api/booking/bookings', { therapist: t.therapistId, start }, alice.jwt)).body.data[0];
    await hook().releaseExpiredHolds({ now: Date.now() + HOLD_MS + 1000 });
    const other = await api.post('/api/booking/bookings', { therapist: t.therapistId, start }, bob.jwt);
    expect(other.status).toBe(201);
    const result = await hook().markPaid(b.id);
    expect(result).toMatchObject({ ok: false, reason: 'slot_taken', booking: { id: b.id, status: 'expired' } });
    expect(await hook().markPaid('nosuchbooking')).toMatchObject({ ok: false, reason: 'not_found' });
  });

  it('claims of time long past are pruned; current ones stay', async () => {
    const claims = haven.strapi.db.query('plugin::booking.slot-claim');
    const before = await claims.count({});
    const oldUnit = Math.floor((Date.now() - 3 * 86_400_000) / 300_000);
    await claims.create({ data: { therapistUserId: t.id, unit: oldUnit, bookingId: 1 } });
    const pruned = await (await import('../../plugins/booking/dist/server/db/booking-rows.js')).bookingRows(haven.strapi).pruneClaims(Date.now());
    expect(pruned).toBe(1);
    expect(await claims.count({})).toBe(before);
  });

  it('the background sweeper releases holds by itself', async () => {
    const b = (await api.post('/api/booking/bookings', { therapist: t.therapistId, start: hourFromNow(60) }, alice.jwt)).body.data[0];
    await haven.strapi.db.query('plugin::booking.booking').update({ where: { documentId: b.id }, data: { holdExpiresAt: new Date(Date.now() - 1000) } });
    const deadline = Date.now() + 5000;
    let status = 'pending_payment';
    while (status === 'pending_payment' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = (await haven.strapi.db.query('plugin::booking.booking').findOne({ where: { documentId: b.id } })).status;
    }
    expect(status).toBe('expired');
  });
});

describe('payment gate', () => {
  let haven: Haven;
  afterAll(async () => haven?.close());

  it('without BOOKING_REQUIRE_PAYMENT the registered gate decides; without a gate bookings are confirmed at once', async () => {
    haven = await startHaven({ env: { BOOKING_REQUIRE_PAYMENT: 'false', BOOKING_REMINDER_POLL_MS: '3600000' } });
    const api = apiClient(haven.url);
    const free = await therapist(haven, { rateMinor: 0 });
    const paid = await therapist(haven, { rateMinor: 5000 });
    const client = await createUser(haven, 'client');
    const direct = await api.post('/api/booking/bookings', { therapist: paid.therapistId, start: hourFromNow(30) }, client.jwt);
    expect(direct.body.data[0].status).toBe('confirmed');
    const asked: any[] = [];
    haven.strapi.plugin('booking').service('payment-hook').registerPaymentGate({
      name: 'test gate',
      requiresPayment: (quote: any) => {
        asked.push(quote);
        return quote.rateMinor > 0;
      },
    });
    expect((await api.get('/api/booking/health')).body.paymentGate).toBe('test gate');
    const pending = await api.post('/api/booking/bookings', { therapist: paid.therapistId, start: hourFromNow(31) }, client.jwt);
    expect(pending.body.data[0].status).toBe('pending_payment');
    const confirmed = await api.post('/api/booking/bookings', { therapist: free.therapistId, start: hourFromNow(31) }, client.jwt);
    expect(confirmed.body.data[0].status).toBe('confirmed');
    expect(asked[0]).toMatchObject({ therapistUserId: paid.id, therapistId: paid.therapistId, clientUserId: client.id, rateMinor: 5000, currency: 'USD', seriesId: null });
  });
});
