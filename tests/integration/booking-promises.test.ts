import { DateTime } from 'luxon';
import type { BookingView, SlotList } from '@haven/shared/booking';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, createUser, startHaven, type Haven } from '../helpers/haven';
import { smtpEnv, startMailbox, type Mailbox } from '../helpers/mailbox';
import { hourFromNow, therapist, type User } from './booking-helpers';
import { bookingRow, clientPayment, QUIET, refundRows, settle } from './payments-helpers';

/**
 * Promises kept: a booking keeps the cancellation policy it was booked under (what was shown before
 * booking is what applies, later changes reach new bookings only, moves keep it), and a therapist
 * may decline a booking (a kind mail with their message, a full refund through payments whatever the
 * policy, the time free again). Payments run with the manual provider: the therapist marks sessions paid.
 */
describe('booking promises', () => {
  let haven: Haven;
  let mailbox: Mailbox;
  let api: ReturnType<typeof apiClient>;
  let client: User;

  beforeAll(async () => {
    mailbox = await startMailbox();
    // Limits high enough that this file's many bookings never meet them (booking-limits.test.ts tests them).
    haven = await startHaven({ env: { ...QUIET, ...smtpEnv(mailbox), BOOKING_CREATE_LIMIT: '1000', BOOKING_MAX_UNPAID_PER_THERAPIST: '100', BOOKING_MAX_UNPAID_TOTAL: '100' } });
    api = apiClient(haven.url);
    client = await createUser(haven, 'client');
  });
  afterAll(async () => {
    await haven?.close();
    await mailbox?.close();
  });

  type Policy = { freeCancellationHours: number; lateCancellationRefundPercent: number };
  const setPolicy = async (t: User, policy: Policy) => expect((await api.put('/api/booking/availability', policy, t.jwt)).status).toBe(200);

  /** Books at `hours` from now and marks the session paid (manual provider), as the therapist would. */
  async function paidSession(t: Awaited<ReturnType<typeof therapist>>, hours: number, who: User = client) {
    const res = await api.post('/api/booking/bookings', { therapist: t.therapistId, start: hourFromNow(hours) }, who.jwt);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const b = res.body.data[0];
    await settle(haven);
    const payment = await clientPayment(haven, who, b.id);
    expect((await api.post(`/api/payments/${payment.id}/mark`, { outcome: 'paid' }, t.jwt)).status).toBe(200);
    return { booking: b, paymentId: payment.id };
  }

  describe('the policy a booking was made under', () => {
    // [what was shown when booking, what the therapist sets afterwards, hours until the session, refund % under the booked policy, % the new one would give]
    const variants: [string, Policy, Policy, number, number, number][] = [
      ['generous, then tightened to none', { freeCancellationHours: 0, lateCancellationRefundPercent: 100 }, { freeCancellationHours: 24 * 14, lateCancellationRefundPercent: 0 }, 30, 100, 0],
      ['24 h window, then 72 h', { freeCancellationHours: 24, lateCancellationRefundPercent: 50 }, { freeCancellationHours: 72, lateCancellationRefundPercent: 0 }, 48, 100, 0],
      ['late 50 %, then late 0 %', { freeCancellationHours: 48, lateCancellationRefundPercent: 50 }, { freeCancellationHours: 48, lateCancellationRefundPercent: 0 }, 30, 50, 0],
      ['late 25 %, then late 80 % (loosened: still the booked one)', { freeCancellationHours: 48, lateCancellationRefundPercent: 25 }, { freeCancellationHours: 48, lateCancellationRefundPercent: 80 }, 30, 25, 80],
      ['no refund late, then a 1 h window', { freeCancellationHours: 72, lateCancellationRefundPercent: 0 }, { freeCancellationHours: 1, lateCancellationRefundPercent: 0 }, 30, 0, 100],
    ];

    for (const [name, booked, later, hours, percent, wouldBe] of variants) {
      it(`${name}: the cancellation refunds ${percent} % (the new policy would give ${wouldBe} %), the API shows the booked policy, a new booking gets the new one`, async () => {
        const t = await therapist(haven, { rateMinor: 10000, currency: 'EUR' });
        await setPolicy(t, booked);
        const slots = await api.get(`/api/booking/therapists/${t.therapistId}/slots?from=${hourFromNow(hours).slice(0, 10)}&to=${hourFromNow(hours).slice(0, 10)}&tz=UTC`);
        expect(slots.body.data.policy).toMatchObject(booked);
        const { booking, paymentId } = await paidSession(t, hours);
        expect(booking.policy).toMatchObject({ ...booked, asBooked: true });
        const shownText = booking.policy.text;

        await setPolicy(t, later);
        for (const who of [client, t]) {
          const view = (await api.get(`/api/booking/bookings/${booking.id}`, who.jwt)).body.data;
          expect(view.policy).toEqual({ ...booked, text: shownText, asBooked: true });
        }
        const clientView = (await api.get(`/api/booking/bookings/${booking.id}`, client.jwt)).body.data;
        expect(clientView.refundIfCancelledNow).toMatchObject({ percent, amountMinor: percent * 100 });
        const listed = (await api.get<{ data: BookingView[] }>('/api/booking/bookings?scope=upcoming&pageSize=100', client.jwt)).body.data.find((b) => b.id === booking.id);
        expect(listed?.policy).toMatchObject(booked);

        const fresh = (await api.post('/api/booking/bookings', { therapist: t.therapistId, start: hourFromNow(hours + 1) }, client.jwt)).body.data[0];
        expect(fresh.policy).toMatchObject({ ...later, asBooked: true });
        expect(fresh.policy.text).not.toBe(shownText);

        const cancelled = await api.post(`/api/booking/bookings/${booking.id}/cancel`, { reason: 'Plans changed' }, client.jwt);
        expect(cancelled.status).toBe(200);
        expect(cancelled.body.data[0].refund).toMatchObject({ percent, amountMinor: percent * 100, currency: 'EUR' });
        expect((await bookingRow(haven, booking.id)).refund.percent).toBe(percent);
        await settle(haven);
        const refunds = await refundRows(haven, paymentId);
        expect(refunds.map((r) => r.amountMinor)).toEqual(percent ? [percent * 100] : []);
      });
    }

    it('a move keeps the booking\'s policy: a client may still move it under the booked window after the therapist narrowed it', async () => {
      const t = await therapist(haven, { rateMinor: 6000 });
      await setPolicy(t, { freeCancellationHours: 24, lateCancellationRefundPercent: 100 });
      const { booking, paymentId } = await paidSession(t, 40);
      await setPolicy(t, { freeCancellationHours: 24 * 7, lateCancellationRefundPercent: 0 });
      // Under the new policy a client could not move a session 40 hours away; under the booked one they can.
      const moved = await api.post(`/api/booking/bookings/${booking.id}/reschedule`, { start: hourFromNow(44) }, client.jwt);
      expect(moved.status, JSON.stringify(moved.body)).toBe(200);
      expect(moved.body.data).toMatchObject({ startsAt: hourFromNow(44), policy: { freeCancellationHours: 24, lateCancellationRefundPercent: 100, asBooked: true }, canReschedule: true });
      // The therapist moves it too: still the booked policy.
      const again = await api.post(`/api/booking/bookings/${booking.id}/reschedule`, { start: hourFromNow(20) }, t.jwt);
      expect(again.body.data.policy).toMatchObject({ freeCancellationHours: 24, lateCancellationRefundPercent: 100 });
      // 20 hours away is late under the booked policy, which still refunds 100 % late.
      const cancelled = await api.post(`/api/booking/bookings/${booking.id}/cancel`, {}, client.jwt);
      expect(cancelled.body.data[0].refund).toMatchObject({ kind: 'full', amountMinor: 6000 });
      await settle(haven);
      expect((await refundRows(haven, paymentId)).map((r) => r.amountMinor)).toEqual([6000]);
    });

    it('every week of a series keeps the policy it was booked under; "the rest of the series" refunds by it', async () => {
      const t = await therapist(haven, { rateMinor: 3000 });
      await setPolicy(t, { freeCancellationHours: 0, lateCancellationRefundPercent: 0 });
      const res = await api.post('/api/booking/bookings', { therapist: t.therapistId, start: hourFromNow(30), weeks: 3 }, client.jwt);
      expect(res.status).toBe(201);
      await setPolicy(t, { freeCancellationHours: 24 * 14, lateCancellationRefundPercent: 0 });
      const cancelled = await api.post<{ data: BookingView[] }>(`/api/booking/bookings/${res.body.data[0].id}/cancel`, { scope: 'following' }, client.jwt);
      expect(cancelled.body.data.map((b) => [b.refund?.percent, b.policy.freeCancellationHours])).toEqual([[100, 0], [100, 0], [100, 0]]);
    });

    it('what is shown before booking is what applies: a booking sent with a policy the therapist has changed since books nothing', async () => {
      const t = await therapist(haven);
      const shown = { freeCancellationHours: 24, lateCancellationRefundPercent: 0 };
      await setPolicy(t, shown);
      const ok = await api.post('/api/booking/bookings', { therapist: t.therapistId, start: hourFromNow(30), policy: shown }, client.jwt);
      expect(ok.status).toBe(201);
      await setPolicy(t, { freeCancellationHours: 48, lateCancellationRefundPercent: 0 });
      const before = await haven.strapi.db.query('plugin::booking.booking').count({ where: { therapistUserId: t.id } });
      for (const stale of [shown, { freeCancellationHours: 48, lateCancellationRefundPercent: 10 }, { freeCancellationHours: 0, lateCancellationRefundPercent: 0 }]) {
        const res = await api.post('/api/booking/bookings', { therapist: t.therapistId, start: hourFromNow(31), policy: stale }, client.jwt);
        expect(res.status).toBe(409);
        expect(res.body.error.details).toMatchObject({ reason: 'policy_changed', policy: { freeCancellationHours: 48, lateCancellationRefundPercent: 0 } });
        expect(res.body.error.message).toContain('changed their cancellation policy');
        expect(res.body.error.message).toContain('up to 48 hours');
      }
      for (const bad of [{ freeCancellationHours: -1, lateCancellationRefundPercent: 0 }, { freeCancellationHours: 1, lateCancellationRefundPercent: 101 }, { freeCancellationHours: 1 }, { freeCancellationHours: 1, lateCancellationRefundPercent: 0, extra: 1 }, 'generous', { freeCancellationHours: 1.5, lateCancellationRefundPercent: 0 }]) {
        expect((await api.post('/api/booking/bookings', { therapist: t.therapistId, start: hourFromNow(31), policy: bad }, client.jwt)).status, JSON.stringify(bad)).toBe(400);
      }
      expect(await haven.strapi.db.query('plugin::booking.booking').count({ where: { therapistUserId: t.id } })).toBe(before);
      const current = { freeCancellationHours: 48, lateCancellationRefundPercent: 0 };
      expect((await api.post('/api/booking/bookings', { therapist: t.therapistId, start: hourFromNow(31), policy: current }, client.jwt)).status).toBe(201);
    });

    it('bookings from before policies were kept use the current policy until the start copies it into them; then a change no longer reaches them', async () => {
      const t = await therapist(haven, { rateMinor: 2000 });
      await setPolicy(t, { freeCancellationHours: 12, lateCancellationRefundPercent: 30 });
      const open = (await api.post('/api/booking/bookings', { therapist: t.therapistId, start: hourFromNow(30) }, client.jwt)).body.data[0];
      const ended = (await api.post('/api/booking/bookings', { therapist: t.therapistId, start: hourFromNow(31) }, client.jwt)).body.data[0];
      await api.post(`/api/booking/bookings/${ended.id}/cancel`, {}, client.jwt);
      for (const id of [open.id, ended.id]) await haven.strapi.db.query('plugin::booking.booking').update({ where: { documentId: id }, data: { policy: null } });
      await setPolicy(t, { freeCancellationHours: 6, lateCancellationRefundPercent: 40 });
      const legacy = (await api.get(`/api/booking/bookings/${open.id}`, client.jwt)).body.data;
      expect(legacy.policy).toMatchObject({ freeCancellationHours: 6, lateCancellationRefundPercent: 40, asBooked: false });

      const { backfillPolicies } = await import('../../plugins/booking/dist/server/db/backfill.js');
      await backfillPolicies(haven.strapi);
      await backfillPolicies(haven.strapi); // twice: changes nothing more
      expect((await bookingRow(haven, open.id)).policy).toEqual({ freeCancellationHours: 6, lateCancellationRefundPercent: 40 });
      expect((await bookingRow(haven, ended.id)).policy).toBeNull();
      await setPolicy(t, { freeCancellationHours: 100, lateCancellationRefundPercent: 0 });
      expect((await api.get(`/api/booking/bookings/${open.id}`, client.jwt)).body.data.policy).toMatchObject({ freeCancellationHours: 6, lateCancellationRefundPercent: 40, asBooked: true });
    });
  });

  describe('a therapist declines a booking', () => {
    let t: Awaited<ReturnType<typeof therapist>>;
    let other: Awaited<ReturnType<typeof therapist>>;
    let hour = 100;

    beforeAll(async () => {
      t = await therapist(haven, { rateMinor: 9000, currency: 'EUR' });
      other = await therapist(haven);
      // The strictest policy: a client's late cancellation would get nothing back.
      await setPolicy(t, { freeCancellationHours: 24 * 14, lateCancellationRefundPercent: 0 });
    });

    const freeStarts = async (start: string) => {
      const day = start.slice(0, 10);
      return (await api.get<{ data: SlotList }>(`/api/booking/therapists/${t.therapistId}/slots?from=${day}&to=${day}&tz=UTC`)).body.data.slots.map((s) => s.start);
    };

    for (const message of ['I am so sorry, I have to be away that week. Please book with me another time.', undefined, '  ', 'Ünïcödé 🌿 <b>not bold</b> & "quoted"']) {
      it(`refunds in full although the policy gives 0 %, frees the time and mails the client kindly (message: ${JSON.stringify(message)})`, async () => {
        const { booking, paymentId } = await paidSession(t, (hour += 3));
        expect(booking.canDecline).toBe(false); // the client's view
        expect((await api.get(`/api/booking/bookings/${booking.id}`, t.jwt)).body.data).toMatchObject({ canDecline: true, refundIfCancelledNow: { percent: 100 } });
        expect((await api.get(`/api/booking/bookings/${booking.id}`, client.jwt)).body.data.refundIfCancelledNow).toMatchObject({ percent: 0 });
        expect(await freeStarts(booking.startsAt)).not.toContain(booking.startsAt);

        const res = await api.post(`/api/booking/bookings/${booking.id}/decline`, message === undefined ? {} : { message }, t.jwt);
        expect(res.status, JSON.stringify(res.body)).toBe(200);
        const text = message?.trim() || null;
        expect(res.body.data[0]).toMatchObject({ status: 'cancelled', declined: true, cancelledBy: 'therapist', cancelReason: text, refund: { kind: 'full', percent: 100, amountMinor: 9000 }, canDecline: false });
        expect(await freeStarts(booking.startsAt)).toContain(booking.startsAt);
        await settle(haven);
        const refunds = await refundRows(haven, paymentId);
        expect(refunds.map((r) => [r.amountMinor, r.kind])).toEqual([[9000, 'cancellation']]);
        expect(refunds[0].reason).toContain('Declined by the therapist');

        const when = DateTime.fromISO(booking.startsAt, { zone: 'UTC' }).toFormat('cccc d LLLL yyyy, HH:mm');
        const mail = await mailbox.waitFor((m) => !Array.isArray(m.to) && m.to?.text === client.email && /cannot take your session/.test(m.subject ?? '') && (m.text ?? '').includes(when));
        expect(mail.text).toContain('the full amount is refunded');
        expect(mail.text).toContain('/therapists');
        if (text) {
          expect(mail.text).toContain(`Their message to you: "${text}"`);
          expect(mail.html).not.toContain('<b>');
        } else expect(mail.text).not.toContain('Their message');
        const seen = (await api.get(`/api/booking/bookings/${booking.id}`, client.jwt)).body.data;
        expect(seen).toMatchObject({ declined: true, canCancel: false, cancelReason: text });
      });
    }

    it('only the booking\'s therapist, only upcoming open bookings; bad bodies are refused with nothing changed', async () => {
      const { booking } = await paidSession(t, (hour += 3));
      const byClient = await api.post(`/api/booking/bookings/${booking.id}/decline`, {}, client.jwt);
      expect(byClient.status).toBe(403);
      expect(byClient.body.error.message).toContain('cancel it instead');
      expect((await api.post(`/api/booking/bookings/${booking.id}/decline`, {}, other.jwt)).status).toBe(404);
      expect((await api.post('/api/booking/bookings/nosuchbooking1/decline', {}, t.jwt)).status).toBe(404);
      expect((await api.post(`/api/booking/bookings/${booking.id}/decline`, {})).status).toBe(403);
      for (const bad of [{ message: 'x'.repeat(501) }, { message: 5 }, { reason: 'hi' }, { scope: 'all' }]) {
        const res = await api.post(`/api/booking/bookings/${booking.id}/decline`, bad, t.jwt);
        expect(res.status, JSON.stringify(bad)).toBe(400);
      }
      expect((await bookingRow(haven, booking.id)).status).toBe('confirmed');

      // Started: too late to decline.
      await haven.strapi.db.query('plugin::booking.booking').update({ where: { documentId: booking.id }, data: { startsAt: new Date(Date.now() - 60_000) } });
      const started = await api.post(`/api/booking/bookings/${booking.id}/decline`, {}, t.jwt);
      expect(started.status).toBe(409);
      expect(started.body.error.details.reason).toBe('started');

      // Already cancelled by the client: nothing to decline.
      const { booking: gone } = await paidSession(t, (hour += 3));
      await api.post(`/api/booking/bookings/${gone.id}/cancel`, {}, client.jwt);
      const twice = await api.post(`/api/booking/bookings/${gone.id}/decline`, {}, t.jwt);
      expect(twice.status).toBe(409);
      expect(twice.body.error.details.reason).toBe('not_open');
    });

    it('declines the rest of a series with scope following, each week refunded in full and free again', async () => {
      const res = await api.post<{ data: BookingView[] }>('/api/booking/bookings', { therapist: t.therapistId, start: hourFromNow((hour += 3)), weeks: 3 }, client.jwt);
      const ids = res.body.data.map((b) => b.id);
      const declined = await api.post<{ data: BookingView[] }>(`/api/booking/bookings/${ids[1]}/decline`, { scope: 'following', message: 'My practice closes.' }, t.jwt);
      expect(declined.body.data.map((b) => [b.id, b.declined, b.refund?.percent])).toEqual([
        [ids[1], true, 100],
        [ids[2], true, 100],
      ]);
      expect((await bookingRow(haven, ids[0])).status).toBe('confirmed');
      // Two declines at once: one wins, the other is told it is not open any more.
      const { booking } = await paidSession(t, (hour += 3));
      const both = await Promise.all([api.post(`/api/booking/bookings/${booking.id}/decline`, {}, t.jwt), api.post(`/api/booking/bookings/${booking.id}/decline`, {}, t.jwt)]);
      expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
    });
  });
});
