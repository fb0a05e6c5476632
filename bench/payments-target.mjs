#!/usr/bin/env node
/**
 * The server side of `npm run bench:payments` (bench/payments.mjs starts it once per database): boots
 * Haven's compiled CMS with Stripe configured on an empty database, books BENCH_PAYMENTS sessions
 * (pending_payment, through the booking service) and gives each a pending Stripe payment in the shape
 * the checkout service writes, then writes one `checkout.session.completed` event per payment to a
 * JSON file, serves the CMS on 127.0.0.1 and prints `BENCH_TARGET {…}`.
 *
 * It counts every `booking.confirmed` event per booking; a line "stats" on stdin prints `BENCH_STATS {…}`
 * (confirmations per booking, payments by status, provider events by state). It stops on SIGTERM.
 * Needs DATABASE_FILENAME (sqlite) or DATABASE_URL (postgres) and the compiled cms/dist and plugins.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { numberFromEnv } from './lib/env.mjs';
import { createPerson, createTherapist, everyDay } from './lib/people.mjs';
import { bootTarget, emit, listen } from './lib/strapi.mjs';

const PAYMENTS = numberFromEnv('BENCH_PAYMENTS', 600, { integer: true });
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-bench-payments-'));
// The events file goes with the process, however it stops.
process.on('exit', () => fs.rmSync(workDir, { recursive: true, force: true }));

const { strapi } = await bootTarget('payments-target', {
  env: {
    BOOKING_WORKERS: 'false',
    LOG_LEVEL: 'error',
    STRIPE_SECRET_KEY: 'sk_test_bench',
    STRIPE_WEBHOOK_SECRET: process.env.BENCH_WEBHOOK_SECRET,
    // Paid events make no Stripe call; anything that tried would fail at once rather than leave the machine.
    STRIPE_API_BASE: 'http://127.0.0.1:9',
  },
});
const started = Date.now();

// Every booking.confirmed, counted per booking: more than one for a booking would be a double transition.
const confirmations = new Map();
strapi.plugin('booking').service('events').on('booking.confirmed', ({ booking }) => {
  confirmations.set(booking.id, (confirmations.get(booking.id) ?? 0) + 1);
});

const { user: therapistUser, profile } = await createTherapist(strapi, {
  email: 'bench.payee@haven.example',
  displayName: 'Dr. Bench',
  licenceNumber: 'BENCH-P1',
  availability: { weeklyHours: everyDay('00:00', '24:00'), incrementMinutes: 60, bufferAfterMinutes: 0, minNoticeDays: 0 },
});
const client = await createPerson(strapi, { role: 'client', email: 'bench.payer@haven.example', displayName: 'Bench Payer' });

// Sessions waiting for payment, booked through the service; each gets a pending Stripe payment.
const first = new Date();
first.setUTCMinutes(0, 0, 0);
const events = [];
for (let i = 0; i < PAYMENTS; i++) {
  const start = first.getTime() + (48 + i) * 3_600_000;
  const { bookings } = await strapi.plugin('booking').service('bookings').create(client.id, { therapist: profile.documentId, start });
  const b = bookings[0];
  const sessionId = `cs_test_bench_${crypto.randomBytes(10).toString('hex')}`;
  const payment = await strapi.db.query('plugin::payments.payment').create({
    data: {
      purchaseKey: `booking:${b.documentId}`,
      bookingId: b.documentId,
      items: [{ bookingId: b.documentId, startsAt: new Date(start).toISOString(), endsAt: new Date(start + 50 * 60_000).toISOString(), amountMinor: 9000 }],
      payerUserId: client.id,
      payeeUserId: therapistUser.id,
      therapistId: profile.documentId,
      amountMinor: 9000,
      currency: 'USD',
      provider: 'stripe',
      status: 'pending',
      refundedMinor: 0,
      attempt: 1,
      checkoutSessionId: sessionId,
      checkoutUrl: `https://checkout.stripe.com/c/pay/${sessionId}`,
      checkoutExpiresAt: new Date(Date.now() + 32 * 60_000),
      flagged: false,
      waived: false,
    },
  });
  events.push({
    id: `evt_bench_${crypto.randomBytes(12).toString('hex')}`,
    object: 'event',
    api_version: '2026-10-28.endive',
    created: Math.floor(Date.now() / 1000),
    type: 'checkout.session.completed',
    livemode: false,
    pending_webhooks: 1,
    data: {
      object: {
        id: sessionId,
        object: 'checkout.session',
        mode: 'payment',
        status: 'complete',
        payment_status: 'paid',
        amount_total: 9000,
        currency: 'usd',
        client_reference_id: payment.documentId,
        metadata: { havenPayment: payment.documentId, booking: b.documentId },
        payment_intent: `pi_bench_${crypto.randomBytes(10).toString('hex')}`,
      },
    },
  });
  if ((i + 1) % 100 === 0) emit('BENCH_PROGRESS', `${i + 1} of ${PAYMENTS} sessions booked and waiting for payment`);
}
const eventsFile = path.join(workDir, 'events.json');
fs.writeFileSync(eventsFile, JSON.stringify(events));
emit('BENCH_TARGET', { url: await listen(strapi), payments: PAYMENTS, eventsFile, generateSeconds: (Date.now() - started) / 1000 });

async function stats() {
  await strapi.plugin('booking').service('events').idle();
  const count = (uid, where) => strapi.db.query(uid).count({ where });
  const counts = [...confirmations.values()];
  return {
    bookingsConfirmed: confirmations.size,
    confirmationsTotal: counts.reduce((a, b) => a + b, 0),
    doubleTransitions: counts.filter((n) => n > 1).length,
    paymentsSucceeded: await count('plugin::payments.payment', { status: 'succeeded' }),
    paymentsPending: await count('plugin::payments.payment', { status: 'pending' }),
    eventsRecorded: await count('plugin::payments.provider-event', {}),
    eventsProcessed: await count('plugin::payments.provider-event', { state: 'processed' }),
    bookingsConfirmedInDb: await count('plugin::booking.booking', { status: 'confirmed' }),
  };
}
readline.createInterface({ input: process.stdin }).on('line', async (line) => {
  if (line.trim() === 'stats') emit('BENCH_STATS', await stats());
});

