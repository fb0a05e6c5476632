import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, createUser, startHaven, type Haven } from '../helpers/haven';
import { bookingCount, hourFromNow, therapist, type User } from './booking-helpers';
import { clientPayment, HOLD_MS, QUIET, settle } from './payments-helpers';

/** The booking plugin's config module (its default export: `default` and `validator`). */
type BookingConfigModule = typeof import('../../plugins/booking/dist/server/config.js').default;

/**
 * Abuse of free bookings: with the manual provider a booking is confirmed without payment, so one
 * client may hold only so many upcoming unpaid sessions (per therapist and in all) and make only so
 * many booking requests per window. The limits come from the environment (set low here: 3 per
 * therapist, 5 in all, 8 requests an hour); refusals are 409 / 429 with a kind message and write nothing.
 */
describe('booking limits', () => {
  let haven: Haven;
  let api: ReturnType<typeof apiClient>;
  let ts: Awaited<ReturnType<typeof therapist>>[];
  let hour = 30;
  const BOOKINGS = 'plugin::booking.booking';

  beforeAll(async () => {
    haven = await startHaven({
      env: { ...QUIET, BOOKING_MAX_UNPAID_PER_THERAPIST: '3', BOOKING_MAX_UNPAID_TOTAL: '5', BOOKING_CREATE_LIMIT: '8', BOOKING_CREATE_WINDOW_MINUTES: '60' },
    });
    api = apiClient(haven.url);
    ts = [];
    for (let i = 0; i < 4; i++) ts.push(await therapist(haven, { rateMinor: 4000 }));
  });
  afterAll(async () => haven?.close());

  const book = (client: User, t: { therapistId: string }, extra: Record<string, unknown> = {}) =>
    api.post('/api/booking/bookings', { therapist: t.therapistId, start: hourFromNow((hour += 1)), ...extra }, client.jwt);

  it('reads its limits from the environment and refuses bad values at start', async () => {
    expect(haven.strapi.config.get('plugin::booking.limits')).toEqual({ maxUnpaidPerTherapist: 3, maxUnpaidTotal: 5, createPerWindow: 8, createWindowMinutes: 60 });
    // Loaded from ESM, the compiled CommonJS module's export may come wrapped once more (default.default).
    const mod: { default: BookingConfigModule | { default: BookingConfigModule } } = await import('../../plugins/booking/dist/server/config.js');
    const config = 'validator' in mod.default ? mod.default : mod.default.default;
    const good = haven.strapi.config.get('plugin::booking');
    expect(() => config.validator(good)).not.toThrow();
    for (const [key, value] of [['maxUnpaidPerTherapist', 0], ['maxUnpaidTotal', Number.NaN], ['createPerWindow', -1], ['createWindowMinutes', 1.5]] as const) {
      expect(() => config.validator({ ...good, limits: { ...good.limits, [key]: value } }), key).toThrow(/BOOKING_/);
    }
  });

  it('per therapist: the 4th unpaid session with one therapist is refused (409, kind message, nothing written); another therapist is fine', async () => {
    const client = await createUser(haven, 'client');
    for (let i = 0; i < 3; i++) expect((await book(client, ts[0])).status).toBe(201);
    const before = await bookingCount(haven, { clientUserId: client.id });
    const refused = await book(client, ts[0]);
    expect(refused.status).toBe(409);
    expect(refused.body.error.details).toMatchObject({ reason: 'unpaid_limit', scope: 'therapist', limit: 3, held: 3 });
    expect(refused.body.error.message).toContain('You have 3 upcoming sessions with this therapist that are not paid yet');
    expect(refused.body.error.message).toContain('pay for or cancel one of them first');
    expect(await bookingCount(haven, { clientUserId: client.id })).toBe(before);
    expect((await book(client, ts[1])).status).toBe(201);
  });

  it('in all: the 6th unpaid session over several therapists is refused; a cancelled or declined one frees its place', async () => {
    const client = await createUser(haven, 'client');
    const made: { id: string; t: number }[] = [];
    for (const i of [0, 0, 1, 1, 2]) {
      const res = await book(client, ts[i]);
      expect(res.status).toBe(201);
      made.push({ id: res.body.data[0].id, t: i });
    }
    const refused = await book(client, ts[3]);
    expect(refused.status).toBe(409);
    expect(refused.body.error.details).toMatchObject({ reason: 'unpaid_limit', scope: 'total', limit: 5, held: 5 });
    expect(refused.body.error.message).toContain('with all therapists together');
    // The client cancels one: room for one more.
    expect((await api.post(`/api/booking/bookings/${made[0].id}/cancel`, {}, client.jwt)).status).toBe(200);
    expect((await book(client, ts[3])).status).toBe(201);
    expect((await book(client, ts[3])).status).toBe(409);
    // The therapist declines one: room again.
    expect((await api.post(`/api/booking/bookings/${made[2].id}/decline`, {}, ts[1].jwt)).status).toBe(200);
    expect((await book(client, ts[3])).status).toBe(201);
  });

  it('paid sessions do not count: once the therapist marks one paid (manual provider), the client may book another', async () => {
    const client = await createUser(haven, 'client');
    const first = (await book(client, ts[2])).body.data[0];
    for (let i = 0; i < 2; i++) expect((await book(client, ts[2])).status).toBe(201);
    expect((await book(client, ts[2])).status).toBe(409);
    await settle(haven);
    const payment = await clientPayment(haven, client, first.id);
    expect((await api.post(`/api/payments/${payment.id}/mark`, { outcome: 'paid' }, ts[2].jwt)).status).toBe(200);
    expect((await api.get(`/api/booking/bookings/${first.id}`, client.jwt)).body.data.paidAt).toBeTruthy();
    expect((await book(client, ts[2])).status).toBe(201);
    expect((await book(client, ts[2])).status).toBe(409);
  });

  it('past sessions do not count', async () => {
    const client = await createUser(haven, 'client');
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await book(client, ts[3])).body.data[0].id);
    expect((await book(client, ts[3])).status).toBe(409);
    await haven.strapi.db.query(BOOKINGS).update({ where: { documentId: ids[0] }, data: { startsAt: new Date(Date.now() - 3_600_000), endsAt: new Date(Date.now() - 600_000) } });
    expect((await book(client, ts[3])).status).toBe(201);
  });

  it('a weekly series counts every week: too many weeks are refused with how many are left', async () => {
    const client = await createUser(haven, 'client');
    expect((await book(client, ts[1])).status).toBe(201);
    const tooMany = await book(client, ts[1], { weeks: 3 });
    expect(tooMany.status).toBe(409);
    expect(tooMany.body.error.message).toContain('You can book 2 more sessions now: please choose fewer weeks.');
    expect(await bookingCount(haven, { clientUserId: client.id })).toBe(1);
    expect((await book(client, ts[1], { weeks: 2 })).status).toBe(201);
    expect((await book(client, ts[1], { weeks: 2, skipConflicts: true })).status).toBe(409);
  });

  it('concurrent requests cannot pass together: 12 at one therapist give exactly 3 bookings, 12 over four therapists exactly 5', async () => {
    const one = await createUser(haven, 'client');
    const base = (hour += 20);
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => api.post('/api/booking/bookings', { therapist: ts[0].therapistId, start: hourFromNow(base + i) }, one.jwt)));
    expect(results.filter((r) => r.status === 201)).toHaveLength(3);
    expect(results.every((r) => r.status === 201 || r.status === 409)).toBe(true);
    expect(await bookingCount(haven, { clientUserId: one.id })).toBe(3);

    const many = await createUser(haven, 'client');
    const base2 = (hour += 20);
    const spread = await Promise.all(Array.from({ length: 12 }, (_, i) => api.post('/api/booking/bookings', { therapist: ts[i % 4].therapistId, start: hourFromNow(base2 + i) }, many.jwt)));
    expect(spread.filter((r) => r.status === 201)).toHaveLength(5);
    expect(await bookingCount(haven, { clientUserId: many.id })).toBe(5);
  });

  it('booking requests are rate-limited: the 9th within the hour answers 429 with Retry-After; a series is one request; failures do not count', async () => {
    const client = await createUser(haven, 'client');
    // A request that books nothing (taken, bad input) does not count.
    for (let i = 0; i < 5; i++) expect((await api.post('/api/booking/bookings', { therapist: ts[0].therapistId, start: 'soon' }, client.jwt)).status).toBe(400);
    const series = await book(client, ts[0], { weeks: 2 });
    expect(series.status).toBe(201);
    for (const b of series.body.data) await api.post(`/api/booking/bookings/${b.id}/cancel`, {}, client.jwt);
    // Book and cancel in a loop (a mail to the therapist each time): 7 more requests pass, then 429.
    for (let i = 0; i < 7; i++) {
      const res = await book(client, ts[i % 4]);
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect((await api.post(`/api/booking/bookings/${res.body.data[0].id}/cancel`, {}, client.jwt)).status).toBe(200);
    }
    const before = await bookingCount(haven, { clientUserId: client.id });
    const limited = await book(client, ts[1]);
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(3500);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    expect(limited.body.error.details).toMatchObject({ reason: 'booking_rate', limit: 8, windowMinutes: 60 });
    expect(limited.body.error.message).toContain('You can book again in about 60 minutes');
    expect((await book(client, ts[1], { weeks: 2 })).status).toBe(429);
    expect(await bookingCount(haven, { clientUserId: client.id })).toBe(before);
    // Someone else is not affected.
    expect((await book(await createUser(haven, 'client'), ts[1])).status).toBe(201);

    // The oldest request leaves the window: one more passes, and Retry-After follows the next oldest.
    const oldest = await haven.strapi.db.query(BOOKINGS).findMany({ where: { clientUserId: client.id, seriesId: { $notNull: true } } });
    for (const row of oldest) await haven.strapi.db.query(BOOKINGS).update({ where: { id: row.id }, data: { createdAt: new Date(Date.now() - 61 * 60_000) } });
    expect((await book(client, ts[1])).status).toBe(201);
    const again = await book(client, ts[2]);
    expect(again.status).toBe(429);
    expect(Number(again.headers.get('retry-after'))).toBeLessThanOrEqual(3600);
  });

  it('holds waiting for payment count while they last; an expired hold frees its place', async () => {
    const client = await createUser(haven, 'client');
    haven.strapi.plugin('booking').service('payment-hook').registerPaymentGate({ name: 'test gate', requiresPayment: () => true });
    const held = [];
    for (let i = 0; i < 3; i++) {
      const res = await book(client, ts[3]);
      expect(res.body.data[0].status).toBe('pending_payment');
      held.push(res.body.data[0].id);
    }
    expect((await book(client, ts[3])).status).toBe(409);
    await haven.strapi.plugin('booking').service('payment-hook').releaseExpiredHolds({ now: Date.now() + HOLD_MS + 60_000 });
    expect((await book(client, ts[3])).status).toBe(201);
    // Paid through the payment hook (as an online provider does): no longer counted.
    const paid = await haven.strapi.plugin('booking').service('payment-hook').markPaid((await book(client, ts[3])).body.data[0].id);
    expect(paid.ok).toBe(true);
    expect((await book(client, ts[3])).status).toBe(201);
    expect((await book(client, ts[3])).status).toBe(201);
    expect((await book(client, ts[3])).status).toBe(409);
  });
});
