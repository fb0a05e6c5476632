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
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { applyBenchStrapiEnv } from './strapi-env.mjs';

const require = createRequire(import.meta.url);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CMS = path.join(ROOT, 'cms');
const database = process.argv[2];
if (!['sqlite', 'postgres'].includes(database)) throw new Error('usage: node bench/payments-target.mjs sqlite|postgres');
const PAYMENTS = Number(process.env.BENCH_PAYMENTS || 600);

applyBenchStrapiEnv(database, {
  HAVEN_SEED_DEMO: 'false',
  BOOKING_WORKERS: 'false',
  LOG_LEVEL: 'error',
  STRIPE_SECRET_KEY: 'sk_test_bench',
  STRIPE_WEBHOOK_SECRET: process.env.BENCH_WEBHOOK_SECRET,
  // Paid events make no Stripe call; anything that tried would fail at once rather than leave the machine.
  STRIPE_API_BASE: 'http://127.0.0.1:9',
});

const emit = (kind, data) => process.stdout.write(`${kind} ${JSON.stringify(data)}\n`);
const { createStrapi } = require('@strapi/strapi');
const before = { SIGTERM: process.listeners('SIGTERM'), SIGINT: process.listeners('SIGINT') };
const app = createStrapi({ appDir: CMS, distDir: path.join(CMS, 'dist'), autoReload: false, serveAdminPanel: false });
for (const signal of ['SIGTERM', 'SIGINT']) for (const l of process.listeners(signal)) if (!before[signal].includes(l)) process.off(signal, l);
const strapi = await app.load();
strapi.log.level = 'error';
const started = Date.now();

// Every booking.confirmed, counted per booking: more than one for a booking would be a double transition.
const confirmations = new Map();
strapi.plugin('booking').service('events').on('booking.confirmed', ({ booking }) => {
  confirmations.set(booking.id, (confirmations.get(booking.id) ?? 0) + 1);
});

const roles = Object.fromEntries((await strapi.db.query('plugin::users-permissions.role').findMany({})).map((r) => [r.type, r.id]));
async function person(role, email, displayName) {
  const user = await strapi.plugin('users-permissions').service('user').add({ username: email.split('@')[0], email, password: 'Bench-Passw0rd!', provider: 'local', confirmed: true, blocked: false, role: roles[role] });
  await strapi.service('api::profile.profile').createForUser(user.id, { displayName, timeZone: 'UTC' });
  return user;
}
const therapistUser = await person('therapist', 'bench.payee@haven.example', 'Dr. Bench');
const profile = await strapi.documents('api::therapist-profile.therapist-profile').create({
  data: { licenceNumber: 'BENCH-P1', licenceJurisdiction: 'Benchland', licenceExpiry: '2030-01-01', specialties: ['anxiety'], languages: ['English'], sessionLengthMinutes: 50, rateMinor: 9000, currency: 'USD', verificationStatus: 'verified', user: therapistUser.id },
});
const client = await person('client', 'bench.payer@haven.example', 'Bench Payer');
await strapi.plugin('booking').service('availability').update(therapistUser.id, {
  timeZone: 'UTC',
  weeklyHours: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '24:00' })),
  incrementMinutes: 60,
  bufferBeforeMinutes: 0,
  bufferAfterMinutes: 0,
  minNoticeHours: 0,
  minNoticeDays: 0,
  horizonDays: 365,
});

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
const eventsFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'haven-bench-payments-')), 'events.json');
fs.writeFileSync(eventsFile, JSON.stringify(events));

await strapi.server.mount();
await new Promise((resolve) => strapi.server.httpServer.listen(0, '127.0.0.1', resolve));
const { port } = strapi.server.httpServer.address();
emit('BENCH_TARGET', { url: `http://127.0.0.1:${port}`, payments: PAYMENTS, eventsFile, generateSeconds: (Date.now() - started) / 1000 });

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

async function stop() {
  fs.rmSync(path.dirname(eventsFile), { recursive: true, force: true });
  await strapi.destroy();
  process.exit(0);
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
