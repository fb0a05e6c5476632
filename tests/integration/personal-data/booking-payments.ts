/**
 * Personal-data module for booking and payments (issue 20). The client has a past session paid
 * directly, an upcoming confirmed one the therapist marked paid with a note (world.notes.bookingId, for
 * the chat and wellness group), one they cancelled with a reason of their own, and a calendar feed; the
 * bystander books the same therapist; the therapist has days off, an external calendar and payment
 * instructions. The export must hold all of it (other people by display name only, no feed address,
 * no calendar address beyond its host); the erasure must cancel the upcoming session by policy, keep
 * the money records linked to nobody and leave the bystander's and the therapist's own data alone.
 */
import { expect } from 'vitest';
import type { Knex } from 'knex';
import { apiClient } from '../../helpers/haven';
import { hourFromNow } from '../booking-helpers';
import type { PersonalDataModule, World } from './world';

/** What the seed leaves for the checks (one world per test file). */
interface Seeded {
  clientName: string;
  therapistName: string;
  bystanderName: string;
  upcomingId: string;
  cancelledId: string;
  pastId: string;
  bystanderBookingId: string;
  paymentId: string;
  feedToken: string;
  cancelReason: string;
  paymentNote: string;
  dayOffNote: string;
  calendarSecret: string;
  instructions: string;
}
let seeded: Seeded | null = null;
const state = (): Seeded => {
  if (!seeded) throw new Error('booking-payments: seed() has not run');
  return seeded;
};

/** Distinct hours from now, far from the other groups' bookings. */
const UPCOMING_HOURS = 500;
const CANCELLED_HOURS = 502;
const BYSTANDER_HOURS = 504;

async function displayName(world: World, userId: number): Promise<string> {
  const person = await world.haven.strapi.plugin('people').service('people').one(userId);
  return person.displayName as string;
}

async function settle(world: World) {
  await new Promise((resolve) => setTimeout(resolve, 30));
  await world.haven.strapi.plugin('booking').service('events').idle();
}

/** Every row of every table of these plugins, with its table name. */
async function rowsOf(world: World, plugins: string[]): Promise<{ table: string; row: Record<string, unknown> }[]> {
  const strapi = world.haven.strapi;
  const knex = strapi.db.connection as Knex;
  const out: { table: string; row: Record<string, unknown> }[] = [];
  for (const uid of Object.keys(strapi.contentTypes)) {
    if (!plugins.some((p) => uid.startsWith(`plugin::${p}.`))) continue;
    const table = strapi.db.metadata.get(uid).tableName as string;
    for (const row of (await knex(table).select('*')) as Record<string, unknown>[]) out.push({ table, row });
  }
  return out;
}


/** The parts of booking's and payments' export sections these checks read (type aliases: an export's sections are plain JSON records). */
type ExportedSession = {
  id: string;
  with: string;
  status: string;
  policy?: { freeCancellationHours: number };
};
type ExportedBooking = {
  sessionsAsClient: ExportedSession[];
  sessionsAsTherapist: ExportedSession[];
  calendarFeed: unknown;
  availability: unknown;
  daysOff: { note: string | null }[];
};
type ExportedPayment = {
  status: string;
  receiptNumber: string;
};
type ExportedPayments = {
  payments: ExportedPayment[];
  receipts: { number: string; totalMinor: number; issuedTo: string }[];
  paymentInstructions: unknown;
  notesWritten: unknown[];
};

export const bookingPaymentsModule: PersonalDataModule = {
  plugins: ['booking', 'payments'],

  async seed(world) {
    const { haven, client, therapist, bystander } = world;
    const api = apiClient(haven.url);
    const booking = haven.strapi.plugin('booking');
    const payments = haven.strapi.plugin('payments');
    const tag = Math.random().toString(36).slice(2, 8);
    const s: Seeded = {
      clientName: await displayName(world, client.id),
      therapistName: await displayName(world, therapist.id),
      bystanderName: await displayName(world, bystander.id),
      upcomingId: '',
      cancelledId: '',
      pastId: '',
      bystanderBookingId: '',
      paymentId: '',
      feedToken: '',
      cancelReason: `Client wrote: my shift moved ${tag}`,
      paymentNote: `Cash handed over at the door ${tag}`,
      dayOffNote: `Conference ${tag}`,
      calendarSecret: `s3cr3t${tag}`,
      instructions: `Bank transfer to IBAN DE89 3704 0044 0532 0130 00, ref ${tag}`,
    };

    // The therapist's own set-up: instructions, a day off, an external calendar (its address is private).
    expect((await api.put('/api/payments/instructions/mine', { instructions: s.instructions }, therapist.jwt)).status).toBe(200);
    const dayOff = new Date(Date.now() + 200 * 86_400_000).toISOString().slice(0, 10);
    expect((await api.post('/api/booking/availability/days-off', { from: dayOff, to: dayOff, note: s.dayOffNote }, therapist.jwt)).status).toBeLessThan(300);
    const calendar = await api.post('/api/booking/calendars', { url: `https://calendar.example.invalid/private/${s.calendarSecret}/basic.ics`, label: 'Work' }, therapist.jwt);
    expect(calendar.status, JSON.stringify(calendar.body)).toBeLessThan(300);

    // A past session, held and paid directly (the demo's history path: the slot rules refuse the past).
    const startsAt = new Date(Date.now() - 14 * 86_400_000);
    startsAt.setUTCMinutes(0, 0, 0);
    const past = await booking.service('past-sessions').record({ therapistId: therapist.therapistId, clientUserId: client.id, startsAt, outcome: 'completed' });
    s.pastId = past.id;
    await payments.service('past-payments').record({ session: past, createdAt: new Date(startsAt.getTime() - 86_400_000), paidAt: new Date(startsAt.getTime() + 3_600_000) });

    // An upcoming confirmed session (the manual provider confirms at once), which the therapist marks paid with a note.
    const upcoming = await api.post('/api/booking/bookings', { therapist: therapist.therapistId, start: hourFromNow(UPCOMING_HOURS) }, client.jwt);
    expect(upcoming.status, JSON.stringify(upcoming.body)).toBe(201);
    s.upcomingId = upcoming.body.data[0].id;
    expect(upcoming.body.data[0].status).toBe('confirmed');
    world.notes.bookingId = s.upcomingId;
    await settle(world);
    const mine = await api.get('/api/payments?role=client', client.jwt);
    const payment = (mine.body.data as { id: string; bookingId: string }[]).find((p) => p.bookingId === s.upcomingId);
    expect(payment, JSON.stringify(mine.body)).toBeTruthy();
    s.paymentId = payment!.id;
    world.notes.paymentId = s.paymentId;
    expect((await api.post(`/api/payments/${s.paymentId}/mark`, { outcome: 'paid', note: s.paymentNote }, therapist.jwt)).status).toBe(200);

    // One they booked and cancelled themselves, with a reason they wrote.
    const other = await api.post('/api/booking/bookings', { therapist: therapist.therapistId, start: hourFromNow(CANCELLED_HOURS) }, client.jwt);
    expect(other.status).toBe(201);
    s.cancelledId = other.body.data[0].id;
    expect((await api.post(`/api/booking/bookings/${s.cancelledId}/cancel`, { reason: s.cancelReason }, client.jwt)).status).toBe(200);

    // Their calendar feed: the address is a secret they must not find in the export.
    const feed = await api.post('/api/booking/feed', {}, client.jwt);
    expect(feed.status).toBe(201);
    s.feedToken = new URL(feed.body.data.url).pathname.split('/').pop()!.replace(/\.ics$/, '');

    // The bystander's session with the same therapist, paid: it must survive the client's erasure.
    const theirs = await api.post('/api/booking/bookings', { therapist: therapist.therapistId, start: hourFromNow(BYSTANDER_HOURS) }, bystander.jwt);
    expect(theirs.status).toBe(201);
    s.bystanderBookingId = theirs.body.data[0].id;
    await settle(world);
    seeded = s;
  },

  async checkExport(world, exported) {
    const s = state();
    const b = exported.booking as ExportedBooking;
    const p = exported.payments as ExportedPayments;
    expect(b).toBeTruthy();
    expect(p).toBeTruthy();

    const sessions = b.sessionsAsClient;
    // Other groups may add sessions of their own between the two: these three must be there.
    expect(sessions.map((x) => x.id)).toEqual(expect.arrayContaining([s.pastId, s.upcomingId, s.cancelledId]));
    for (const x of sessions) expect(x.with).toBe(s.therapistName);
    expect(sessions.find((x) => x.id === s.pastId)).toMatchObject({ status: 'completed', rateMinor: 9000, currency: 'USD' });
    expect(sessions.find((x) => x.id === s.upcomingId)).toMatchObject({ status: 'confirmed', startsAt: expect.any(String), endsAt: expect.any(String) });
    expect(sessions.find((x) => x.id === s.upcomingId)?.policy).toMatchObject({ freeCancellationHours: expect.any(Number) });
    expect(sessions.find((x) => x.id === s.cancelledId)).toMatchObject({ status: 'cancelled', cancelledBy: 'client', cancelReason: s.cancelReason });
    expect(b.sessionsAsTherapist).toEqual([]);
    expect(b.calendarFeed).toMatchObject({ active: true, url: '[redacted]', createdAt: expect.any(String) });
    expect(b.availability).toBeNull();

    // The past session's, the upcoming one's (marked paid with a note) and the cancelled one's (never paid).
    expect(p.payments.length).toBeGreaterThanOrEqual(3);
    for (const x of p.payments) expect(x).toMatchObject({ role: 'payer', with: s.therapistName, amountMinor: 9000, currency: 'USD', provider: 'manual' });
    expect(p.payments.filter((x) => x.status === 'succeeded').length).toBeGreaterThanOrEqual(2);
    expect(p.payments.find((x) => x.receiptNumber === s.paymentId)).toMatchObject({ note: s.paymentNote, paidAt: expect.any(String) });
    expect(p.receipts.map((r) => r.number).sort()).toEqual(p.payments.map((x) => x.receiptNumber).sort());
    expect(p.receipts.every((r) => r.totalMinor === 9000 && r.issuedTo === 'you')).toBe(true);
    expect(p.paymentInstructions).toBeNull();
    expect(p.notesWritten).toEqual([]);

    // Nothing secret and nothing naming anyone but by display name.
    const text = JSON.stringify({ booking: b, payments: p });
    for (const secret of [s.feedToken, world.therapist.email, world.therapist.username, world.bystander.email, s.bystanderName, s.bystanderBookingId, world.therapist.therapistId, s.calendarSecret]) {
      expect(text).not.toContain(secret);
    }
    expect(text).not.toMatch(/"(therapistUserId|clientUserId|payerUserId|payeeUserId|tokenHash|urlEncrypted|checkoutUrl|checkoutSessionId|providerPaymentId)"/);
    expect(text).not.toContain(`"userId"`);

    // The therapist's own export (their hooks called directly): availability, days off, calendar host only, instructions, notes.
    const theirs: ExportedBooking & { externalCalendars: unknown } = await world.haven.strapi.plugin('booking').service('personal-data').export(world.therapist.id);
    expect(theirs.availability).toMatchObject({ timeZone: 'UTC', horizonDays: 365 });
    expect(theirs.daysOff.some((d) => d.note === s.dayOffNote)).toBe(true);
    expect(theirs.externalCalendars).toEqual([expect.objectContaining({ label: 'Work', host: 'calendar.example.invalid' })]);
    expect(theirs.sessionsAsTherapist.filter((x) => x.id === s.upcomingId || x.id === s.pastId).map((x) => x.with)).toEqual([s.clientName, s.clientName]);
    const theirMoney = await world.haven.strapi.plugin('payments').service('personal-data').export(world.therapist.id);
    expect(theirMoney.paymentInstructions).toMatchObject({ text: s.instructions });
    expect(theirMoney.notesWritten).toEqual(expect.arrayContaining([expect.objectContaining({ note: s.paymentNote })]));
    const theirText = JSON.stringify([theirs, theirMoney]);
    expect(theirText).not.toContain(s.calendarSecret);
    expect(theirText).not.toContain(world.client.email);
  },

  async checkErased(world) {
    const s = state();
    const { client, therapist, bystander, haven } = world;
    const rows = await rowsOf(world, ['booking', 'payments']);
    const sensitive = [client.email, client.username, s.clientName, s.cancelReason, s.paymentNote];
    for (const { table, row } of rows) {
      for (const [column, value] of Object.entries(row)) {
        // Account columns must point at nobody; any text must hold nothing the client is or wrote.
        if (/user_?id$/i.test(column)) expect(Number(value), `${table}.${column}`).not.toBe(client.id);
        if (typeof value === 'string') for (const needle of sensitive) expect(value, `${table}.${column}`).not.toContain(needle);
      }
    }

    const booking = (documentId: string) => haven.strapi.db.query('plugin::booking.booking').findOne({ where: { documentId } });
    // The upcoming session was cancelled by Haven under the policy, and the refund recorded; both kept, linked to nobody.
    const upcoming = await booking(s.upcomingId);
    expect(upcoming).toMatchObject({ status: 'cancelled', cancelledBy: 'system', clientUserId: null, therapistUserId: therapist.id, rateMinor: 9000 });
    const past = await booking(s.pastId);
    expect(past).toMatchObject({ status: 'completed', clientUserId: null, rateMinor: 9000, currency: 'USD' });
    const payment = await haven.strapi.db.query('plugin::payments.payment').findOne({ where: { documentId: s.paymentId } });
    expect(payment).toMatchObject({ payerUserId: null, note: null, amountMinor: 9000, currency: 'USD', status: 'refunded' });
    const refunds = await haven.strapi.db.query('plugin::payments.refund').findMany({ where: { paymentId: payment.id } });
    expect(refunds).toEqual([expect.objectContaining({ amountMinor: 9000, status: 'succeeded', reason: null })]);

    // The bystander's session and the therapist's own set-up are untouched.
    expect(await booking(s.bystanderBookingId)).toMatchObject({ status: 'confirmed', clientUserId: bystander.id, therapistUserId: therapist.id });
    expect(await haven.strapi.db.query('plugin::payments.payment').findOne({ where: { bookingId: s.bystanderBookingId } })).toMatchObject({ payerUserId: bystander.id, payeeUserId: therapist.id });
    expect(await haven.strapi.db.query('plugin::booking.availability').count({ where: { therapistUserId: therapist.id } })).toBe(1);
    expect(await haven.strapi.db.query('plugin::booking.external-calendar').count({ where: { therapistUserId: therapist.id } })).toBe(1);
    expect(await haven.strapi.db.query('plugin::payments.instruction').findOne({ where: { therapistUserId: therapist.id } })).toMatchObject({ text: s.instructions });
    // The feed address no longer opens anything.
    expect((await fetch(`${haven.url}/api/booking/calendar/${s.feedToken}.ics`)).status).toBe(404);
  },
};
