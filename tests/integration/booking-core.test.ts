import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, type Haven } from '../helpers/haven';
import { ALL, badBookingRequests, badSlotWindows, BAD_AVAILABILITY, bookingRoutes, callAs, startBookingCore, type BookingCore, type Role } from './booking-core-helpers';
import { ALWAYS_OPEN, bookingCount, hourFromNow, therapist, type User } from './booking-helpers';

/**
 * Slots, booking, the race for one slot, series, cancel/reschedule under the policy, my sessions,
 * relationships and events, against a real Strapi on SQLite or PostgreSQL.
 */
describe('booking', () => {
  let haven: Haven;
  let api: BookingCore['api'];
  let events: BookingCore['events'];
  let open: BookingCore['open'];
  let alice: User;
  let bob: User;

  beforeAll(async () => {
    ({ haven, api, events, open, alice, bob } = await startBookingCore());
  });
  afterAll(async () => haven?.close());

  describe('slots', () => {
    it('lists a New York therapist\'s slots across the 2027 spring-forward night, in a Berlin client\'s zone', async () => {
      const ny = await therapist(haven, {
        sessionLengthMinutes: 60,
        availability: { ...ALWAYS_OPEN, timeZone: 'America/New_York', weeklyHours: [{ weekday: 7, start: '00:00', end: '06:00' }] },
      });
      const res = await api.get(`/api/booking/therapists/${ny.therapistId}/slots?from=2027-03-14&to=2027-03-14&tz=America/New_York`);
      expect(res.status).toBe(200);
      expect(res.body.data.slots.map((s: any) => s.start)).toEqual([
        '2027-03-14T05:00:00.000Z',
        '2027-03-14T06:00:00.000Z',
        '2027-03-14T07:00:00.000Z',
        '2027-03-14T08:00:00.000Z',
        '2027-03-14T09:00:00.000Z',
      ]);
      expect(res.body.data.slots.map((s: any) => s.local)).toEqual([
        '2027-03-14T00:00:00-05:00',
        '2027-03-14T01:00:00-05:00',
        '2027-03-14T03:00:00-04:00',
        '2027-03-14T04:00:00-04:00',
        '2027-03-14T05:00:00-04:00',
      ]);
      // The same slots for a client in Berlin (still on winter time): 06:00 to 10:00, one hour apart.
      const berlin = await api.get(`/api/booking/therapists/${ny.therapistId}/slots?from=2027-03-14T00:00:00Z&to=2027-03-15T00:00:00Z&tz=Europe/Berlin`);
      expect(berlin.body.data.slots.map((s: any) => s.local.slice(11))).toEqual(['06:00:00+01:00', '07:00:00+01:00', '08:00:00+01:00', '09:00:00+01:00', '10:00:00+01:00']);
      expect(berlin.body.data.therapist.timeZone).toBe('America/New_York');
    });

    it('refuses bad windows and zones, and hides unknown and unverified therapists', async () => {
      const pending = await therapist(haven, { verified: false });
      const cases = badSlotWindows(open.therapistId, pending.therapistId);
      for (const [path, status] of cases) {
        const res = await api.get(path);
        expect(res.status, path).toBe(status);
        expect(res.body.error.message).toBeTruthy();
      }
    });
  });

  describe('booking one session', () => {
    it('books a free slot, which then leaves the slot list; the events follow the commit', async () => {
      const start = hourFromNow(30);
      const res = await api.post('/api/booking/bookings', { therapist: open.therapistId, start }, alice.jwt);
      expect(res.status).toBe(201);
      const booking = res.body.data[0];
      expect(booking).toMatchObject({ status: 'confirmed', startsAt: start, yourRole: 'client', rateMinor: 12000, currency: 'EUR' });
      expect(Date.parse(booking.endsAt) - Date.parse(booking.startsAt)).toBe(50 * 60_000);
      const day = start.slice(0, 10);
      const slots = await api.get(`/api/booking/therapists/${open.therapistId}/slots?from=${day}&to=${day}&tz=UTC`);
      expect(slots.body.data.slots.map((s: any) => s.start)).not.toContain(start);
      await events.settle();
      expect(events.of('booking.created', booking.id)).toHaveLength(1);
      expect(events.of('booking.confirmed', booking.id)[0].payload.booking).toMatchObject({ id: booking.id, therapistUserId: open.id, clientUserId: alice.id, rateMinor: 12000 });
    });

    it('refuses bad requests with a clear 4xx and writes nothing', async () => {
      const before = await bookingCount(haven);
      const far = new Date(Date.now() + 400 * 86_400_000);
      far.setUTCMinutes(0, 0, 0);
      const strict = await therapist(haven, { availability: { ...ALWAYS_OPEN, minNoticeHours: 48 } });
      const cases = badBookingRequests({ open, strict, jwt: alice.jwt, far });
      for (const [body, jwt, status, message] of cases) {
        const res = await api.post('/api/booking/bookings', body, jwt);
        expect(res.status, JSON.stringify(body)).toBe(status);
        expect(res.body.error.message).toMatch(message);
      }
      expect(await bookingCount(haven)).toBe(before);
    });

    it('fifty concurrent requests for one slot give exactly one booking', async () => {
      const clients = await Promise.all(Array.from({ length: 10 }, () => createUser(haven, 'client')));
      const start = hourFromNow(50);
      const results = await Promise.all(Array.from({ length: 50 }, (_, i) => api.post('/api/booking/bookings', { therapist: open.therapistId, start }, clients[i % 10].jwt)));
      const statuses = results.map((r) => r.status);
      expect(statuses.filter((s) => s === 201)).toHaveLength(1);
      expect(statuses.filter((s) => s === 409)).toHaveLength(49);
      expect(await bookingCount(haven, { therapistUserId: open.id, startsAt: new Date(start), status: 'confirmed' })).toBe(1);
    });

    it('overlapping starts of different lengths race too: one booking wins the time', async () => {
      const long = await therapist(haven, { sessionLengthMinutes: 90, availability: { ...ALWAYS_OPEN, incrementMinutes: 30 } });
      const clients = await Promise.all(Array.from({ length: 5 }, () => createUser(haven, 'client')));
      const a = hourFromNow(60);
      const b = new Date(Date.parse(a) + 30 * 60_000).toISOString();
      const results = await Promise.all(Array.from({ length: 50 }, (_, i) => api.post('/api/booking/bookings', { therapist: long.therapistId, start: i % 2 ? a : b }, clients[i % 5].jwt)));
      expect(results.filter((r) => r.status === 201)).toHaveLength(1);
      expect(await bookingCount(haven, { therapistUserId: long.id })).toBe(1);
    });

    it('the database itself refuses a second claim of the same time (unique index)', async () => {
      const claims = haven.strapi.db.query('plugin::booking.slot-claim');
      const one = await claims.findOne({ where: { therapistUserId: open.id } });
      await expect(claims.create({ data: { therapistUserId: open.id, unit: one.unit, bookingId: 999999 } })).rejects.toThrow();
    });
  });

  describe('weekly series', () => {
    it('12 weeks with one colliding week: 409 naming it and nothing written, then the other 11 booked under one series id', async () => {
      const t = await therapist(haven);
      const start = hourFromNow(24 * 3);
      const week5 = new Date(Date.parse(start) + 4 * 7 * 86_400_000).toISOString();
      expect((await api.post('/api/booking/bookings', { therapist: t.therapistId, start: week5 }, bob.jwt)).status).toBe(201);

      const check = await api.get(`/api/booking/therapists/${t.therapistId}/series?start=${encodeURIComponent(start)}&weeks=12`);
      expect(check.status).toBe(200);
      expect(check.body.data.occurrences.filter((o: any) => !o.free).map((o: any) => o.start)).toEqual([week5]);

      const before = await bookingCount(haven, { therapistUserId: t.id });
      const refused = await api.post('/api/booking/bookings', { therapist: t.therapistId, start, weeks: 12 }, alice.jwt);
      expect(refused.status).toBe(409);
      expect(refused.body.error.details.conflicts.map((c: any) => c.start)).toEqual([week5]);
      expect(await bookingCount(haven, { therapistUserId: t.id })).toBe(before);

      const booked = await api.post('/api/booking/bookings', { therapist: t.therapistId, start, weeks: 12, skipConflicts: true }, alice.jwt);
      expect(booked.status).toBe(201);
      expect(booked.body.data).toHaveLength(11);
      expect(booked.body.meta.skipped.map((s: any) => s.start)).toEqual([week5]);
      const series = new Set(booked.body.data.map((b: any) => b.seriesId));
      expect(series.size).toBe(1);
      expect([...series][0]).toBeTruthy();

      // Cancel the rest of the series from week 9: weeks 9 to 12.
      const week9 = booked.body.data.find((b: any) => b.startsAt === new Date(Date.parse(start) + 8 * 7 * 86_400_000).toISOString());
      const cancelled = await api.post(`/api/booking/bookings/${week9.id}/cancel`, { scope: 'following', reason: 'Moving away' }, alice.jwt);
      expect(cancelled.status).toBe(200);
      expect(cancelled.body.data).toHaveLength(4);
      expect(await bookingCount(haven, { seriesId: [...series][0], status: 'confirmed' })).toBe(7);
      const payments = haven.strapi.plugin('booking').service('payment-hook');
      const read = await payments.readForPayment(week9.id);
      expect(read.series.occurrences).toHaveLength(11);
      expect(read.booking).toMatchObject({ rateMinor: 9000, currency: 'USD', seriesId: [...series][0] });
    });
  });

  describe('cancel and reschedule under the policy', () => {
    it('a client cancelling early gets a full refund, late none; a therapist always refunds in full', async () => {
      const t = await therapist(haven, { rateMinor: 8000 });
      const early = (await api.post('/api/booking/bookings', { therapist: t.therapistId, start: hourFromNow(48) }, alice.jwt)).body.data[0];
      const late = (await api.post('/api/booking/bookings', { therapist: t.therapistId, start: hourFromNow(5) }, alice.jwt)).body.data[0];
      const late2 = (await api.post('/api/booking/bookings', { therapist: t.therapistId, start: hourFromNow(6) }, alice.jwt)).body.data[0];
      expect(late.policy.text).toMatch(/up to 24 hours before/);
      expect(late.refundIfCancelledNow).toMatchObject({ kind: 'none', amountMinor: 0 });

      const r1 = await api.post(`/api/booking/bookings/${early.id}/cancel`, { reason: 'Feeling better' }, alice.jwt);
      expect(r1.body.data[0]).toMatchObject({ status: 'cancelled', cancelledBy: 'client', refund: { kind: 'full', amountMinor: 8000 } });
      const r2 = await api.post(`/api/booking/bookings/${late.id}/cancel`, {}, alice.jwt);
      expect(r2.body.data[0].refund).toMatchObject({ kind: 'none', amountMinor: 0 });
      const r3 = await api.post(`/api/booking/bookings/${late2.id}/cancel`, { reason: 'Ill' }, t.jwt);
      expect(r3.body.data[0]).toMatchObject({ cancelledBy: 'therapist', refund: { kind: 'full', amountMinor: 8000 } });
      expect((await api.post(`/api/booking/bookings/${late2.id}/cancel`, {}, alice.jwt)).status).toBe(409);

      await events.settle();
      expect(events.of('booking.cancelled', early.id)[0].payload).toMatchObject({ cancelledBy: 'client', reason: 'Feeling better', refund: { kind: 'full', percent: 100 } });
      expect(events.of('booking.cancelled', late.id)[0].payload.refund).toMatchObject({ kind: 'none', percent: 0 });
      expect(events.of('booking.cancelled', late2.id)[0].payload).toMatchObject({ cancelledBy: 'therapist', reason: 'Ill' });

      // A partial late refund when the therapist's policy grants one.
      await api.put('/api/booking/availability', { freeCancellationHours: 48, lateCancellationRefundPercent: 50 }, t.jwt);
      const partial = (await api.post('/api/booking/bookings', { therapist: t.therapistId, start: hourFromNow(30) }, alice.jwt)).body.data[0];
      const r4 = await api.post(`/api/booking/bookings/${partial.id}/cancel`, {}, alice.jwt);
      expect(r4.body.data[0].refund).toMatchObject({ kind: 'partial', percent: 50, amountMinor: 4000 });
    });

    it('reschedules within the window (same id, sequence raised), refuses a late client reschedule, lets the therapist move it', async () => {
      const t = await therapist(haven);
      const b = (await api.post('/api/booking/bookings', { therapist: t.therapistId, start: hourFromNow(72) }, alice.jwt)).body.data[0];
      const to = hourFromNow(96);
      const moved = await api.post(`/api/booking/bookings/${b.id}/reschedule`, { start: to }, alice.jwt);
      expect(moved.status).toBe(200);
      expect(moved.body.data).toMatchObject({ id: b.id, startsAt: to, status: 'confirmed' });
      await events.settle();
      expect(events.of('booking.rescheduled', b.id)[0].payload).toMatchObject({ previous: { startsAt: b.startsAt }, booking: { startsAt: to, sequence: 1 } });
      // The old time is free again, the new one taken.
      const taken = await api.post('/api/booking/bookings', { therapist: t.therapistId, start: to }, bob.jwt);
      expect(taken.status).toBe(409);
      expect((await api.post('/api/booking/bookings', { therapist: t.therapistId, start: b.startsAt }, bob.jwt)).status).toBe(201);
      // Moving onto a taken time, off the grid, or by someone else.
      expect((await api.post(`/api/booking/bookings/${b.id}/reschedule`, { start: b.startsAt }, alice.jwt)).status).toBe(409);
      expect((await api.post(`/api/booking/bookings/${b.id}/reschedule`, { start: to.replace(':00:00', ':20:00') }, alice.jwt)).status).toBe(400);
      expect((await api.post(`/api/booking/bookings/${b.id}/reschedule`, { start: hourFromNow(100) }, bob.jwt)).status).toBe(404);

      const soon = (await api.post('/api/booking/bookings', { therapist: t.therapistId, start: hourFromNow(4) }, alice.jwt)).body.data[0];
      expect(soon.canReschedule).toBe(false);
      const late = await api.post(`/api/booking/bookings/${soon.id}/reschedule`, { start: hourFromNow(120) }, alice.jwt);
      expect(late.status).toBe(409);
      expect(late.body.error.message).toMatch(/24 hours/);
      expect((await api.post(`/api/booking/bookings/${soon.id}/reschedule`, { start: hourFromNow(120) }, t.jwt)).status).toBe(200);
    });
  });

  describe('my sessions, outcomes and who may see what', () => {
    it('clients see their own sessions; therapists see theirs with client display names only; strangers get 404', async () => {
      const t = await therapist(haven);
      const carol = await createUser(haven, 'client');
      const b = (await api.post('/api/booking/bookings', { therapist: t.therapistId, start: hourFromNow(20) }, carol.jwt)).body.data[0];

      const mine = await api.get('/api/booking/bookings?scope=upcoming', carol.jwt);
      expect(mine.body.data.map((x: any) => x.id)).toEqual([b.id]);
      const theirs = await api.get('/api/booking/bookings?scope=upcoming', t.jwt);
      expect(theirs.body.data).toHaveLength(1);
      expect(theirs.body.data[0]).toMatchObject({ id: b.id, yourRole: 'therapist', with: { displayName: expect.stringMatching(/^Tester /) } });
      expect(JSON.stringify(theirs.body)).not.toContain(carol.email);
      expect((await api.get('/api/booking/bookings?scope=past', carol.jwt)).body.data).toEqual([]);
      expect((await api.get('/api/booking/bookings?scope=later', carol.jwt)).status).toBe(400);

      for (const [method, path, body] of [
        ['get', `/api/booking/bookings/${b.id}`, undefined],
        ['post', `/api/booking/bookings/${b.id}/cancel`, {}],
        ['post', `/api/booking/bookings/${b.id}/reschedule`, { start: hourFromNow(30) }],
        ['post', `/api/booking/bookings/${b.id}/outcome`, { outcome: 'completed' }],
      ] as const) {
        const res = method === 'get' ? await api.get(path, alice.jwt) : await api.post(path, body, open.jwt);
        expect(res.status, path).toBe(404);
        expect(res.body.error.message).toMatch(/No such booking/);
      }
      expect((await api.get('/api/booking/bookings/nosuchbooking123', carol.jwt)).status).toBe(404);
      // A client cannot mark an outcome; the therapist only once the session has started.
      expect((await api.post(`/api/booking/bookings/${b.id}/outcome`, { outcome: 'completed' }, carol.jwt)).status).toBe(404);
      expect((await api.post(`/api/booking/bookings/${b.id}/outcome`, { outcome: 'completed' }, t.jwt)).status).toBe(409);

      // A past session (its time moved into the past directly in the database: the clock cannot be turned back).
      const row = await haven.strapi.db.query('plugin::booking.booking').findOne({ where: { documentId: b.id } });
      await haven.strapi.db.query('plugin::booking.booking').update({ where: { id: row.id }, data: { startsAt: new Date(Date.now() - 3 * 3_600_000), endsAt: new Date(Date.now() - 2 * 3_600_000) } });
      expect((await api.post(`/api/booking/bookings/${b.id}/outcome`, { outcome: 'no_show' }, t.jwt)).body.data.status).toBe('no_show');
      const past = await api.get('/api/booking/bookings?scope=past', carol.jwt);
      expect(past.body.data.map((x: any) => [x.id, x.status])).toEqual([[b.id, 'no_show']]);

      const rel = haven.strapi.plugin('booking').service('relationships');
      expect(await rel.haveBooking(carol.id, t.id)).toBe(false); // no-show does not count
      expect(await rel.haveBooking(alice.id, open.id)).toBe(true);
      expect(await rel.haveBooking(bob.id, open.id)).toBe(false);
      expect(await rel.getBookingForParticipant(b.id, alice.id)).toBeNull();
      expect(await rel.getBookingForParticipant(b.id, t.id)).toMatchObject({ id: b.id, yourRole: 'therapist', clientUserId: carol.id });
      expect(await rel.listParticipants(b.id)).toEqual([
        { userId: carol.id, role: 'client' },
        { userId: t.id, role: 'therapist' },
      ]);
    });

    it('only therapists edit availability and calendars; bad availability is refused whole', async () => {
      expect((await api.get('/api/booking/availability', alice.jwt)).status).toBe(403);
      expect((await api.put('/api/booking/availability', { incrementMinutes: 30 }, alice.jwt)).status).toBe(403);
      expect((await api.get('/api/booking/calendars', alice.jwt)).status).toBe(403);
      expect((await api.get('/api/booking/availability')).status).toBe(403);
      const t = await therapist(haven);
      for (const bad of BAD_AVAILABILITY) {
        const res = await api.put('/api/booking/availability', bad, t.jwt);
        expect(res.status, JSON.stringify(bad)).toBe(400);
      }
      const kept = await api.get('/api/booking/availability', t.jwt);
      expect(kept.body.data).toMatchObject({ incrementMinutes: 60, timeZone: 'UTC' });
      expect(kept.body.data.policyText).toMatch(/full refund/);
    });

    it('a failing event handler never fails the booking', async () => {
      const off = haven.strapi.plugin('booking').service('events').on('booking.confirmed', () => {
        throw new Error('handler exploded');
      });
      const res = await api.post('/api/booking/bookings', { therapist: open.therapistId, start: hourFromNow(80) }, bob.jwt);
      off();
      expect(res.status).toBe(201);
      await events.settle();
      expect(events.of('booking.confirmed', res.body.data[0].id)).toHaveLength(1);
    });
  });

  describe('directory', () => {
    it('filters by specialty, language, maximum rate, free text and availability this week, with each next free slot', async () => {
      const grief = await therapist(haven, { rateMinor: 5000 });
      await haven.strapi.documents('api::therapist-profile.therapist-profile').update({
        documentId: grief.therapistId,
        data: { specialties: ['Grief', 'Loss'], languages: ['Spanish', 'English'], bio: 'Gentle support after bereavement.' },
      });
      const closed = await therapist(haven, { rateMinor: 4000, availability: { ...ALWAYS_OPEN, weeklyHours: [] } });
      const hidden = await therapist(haven, { rateMinor: 1000, verified: false });
      const ids = async (query: string) => {
        const res = await api.get(`/api/therapists?pageSize=100&${query}`);
        expect(res.status, query).toBe(200);
        return res.body.data.map((t: any) => t.id);
      };
      expect(await ids('specialty=grief')).toEqual([grief.therapistId]);
      expect(await ids('language=spanish')).toEqual([grief.therapistId]);
      expect(await ids('q=BEREAVEMENT')).toEqual([grief.therapistId]);
      const cheap = await ids('maxRate=5000&currency=USD');
      expect(cheap).toEqual(expect.arrayContaining([grief.therapistId, closed.therapistId]));
      expect(cheap).not.toContain(open.therapistId);
      expect(cheap).not.toContain(hidden.therapistId);
      const thisWeek = await ids('available=week&maxRate=5000&currency=usd');
      expect(thisWeek).toContain(grief.therapistId);
      expect(thisWeek).not.toContain(closed.therapistId);
      const listed = (await api.get('/api/therapists?pageSize=100&maxRate=5000&currency=USD')).body.data;
      const next = listed.find((t: any) => t.id === grief.therapistId).nextFreeSlot;
      expect(Date.parse(next)).toBeGreaterThan(Date.now());
      expect(Date.parse(next) - Date.now()).toBeLessThan(2 * 3_600_000);
      expect(listed.find((t: any) => t.id === closed.therapistId).nextFreeSlot).toBeNull();
      expect((await api.get(`/api/therapists/${grief.therapistId}`)).body.data.nextFreeSlot).toBe(next);
      expect((await api.get('/api/therapists?maxRate=-1&currency=USD')).status).toBe(400);
      // Rates compare only within a currency: the EUR therapist (€120) is judged by a euro limit alone.
      expect(await ids('maxRate=13000&currency=EUR')).toContain(open.therapistId);
      expect(await ids('maxRate=13000&currency=EUR')).not.toContain(grief.therapistId);
      expect(await ids('maxRate=100000&currency=USD')).not.toContain(open.therapistId);
      expect(await ids('maxRate=11999&currency=EUR')).not.toContain(open.therapistId);
      expect((await api.get('/api/therapists?pageSize=1')).body.meta.currencies).toEqual(expect.arrayContaining(['EUR', 'USD']));
      const bare = await api.get('/api/therapists?maxRate=5000');
      expect(bare.status).toBe(400);
      expect(bare.body.error.message).toMatch(/currency/);
      expect((await api.get('/api/therapists?maxRate=5000&currency=EURO')).status).toBe(400);
      expect((await api.get('/api/therapists?maxRate=50.5&currency=EUR')).status).toBe(400);
      expect((await api.get(`/api/therapists/${hidden.therapistId}`)).status).toBe(404);
    });
  });

  describe('authorization of every endpoint', () => {
    it('each route answers each role as the role table says; participants-only data stays with participants', async () => {
      const t = await therapist(haven);
      const client = await createUser(haven, 'client');
      const b = (await api.post('/api/booking/bookings', { therapist: t.therapistId, start: hourFromNow(150) }, client.jwt)).body.data[0];
      const cal = (await api.post('/api/booking/calendars', { url: 'https://calendar.invalid/x.ics' }, t.jwt)).body.data;
      const routes = bookingRoutes({ therapistId: t.therapistId, openTherapistId: open.therapistId, bookingId: b.id, calendarId: cal.id });
      // A therapist role without a therapist profile is not possible here; a client is refused by the role table.
      const jwt: Record<Role, string | undefined> = { public: undefined, client: alice.jwt, therapist: (await therapist(haven)).jwt };
      for (const route of routes) {
        for (const role of ALL) {
          const res = await callAs(api, route, jwt[role]);
          const refused = [401, 403].includes(res.status);
          expect(refused, `${route.method} ${route.path} as ${role}: ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`).toBe(!route.allowed.includes(role));
          expect(res.status, `${route.method} ${route.path} as ${role}`).toBeLessThan(500);
        }
      }
      // Allowed through the role table, but not a participant: the booking answers like a missing one.
      for (const path of [`/api/booking/bookings/${b.id}`]) expect((await api.get(path, alice.jwt)).status).toBe(404);
      // …and another therapist's calendar likewise.
      expect((await api.post(`/api/booking/calendars/${cal.id}/refresh`, {}, open.jwt)).status).toBe(404);
      expect((await api.get(`/api/booking/bookings/${b.id}`, client.jwt)).status).toBe(200);
      expect((await api.get(`/api/booking/bookings/${b.id}`, t.jwt)).status).toBe(200);
    });
  });
});
