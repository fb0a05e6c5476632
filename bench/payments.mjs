#!/usr/bin/env node
/**
 * `npm run bench:payments`: signed Stripe webhook events handled per second, with duplicates mixed in,
 * and zero double transitions under concurrent duplicate delivery, on SQLite and PostgreSQL.
 *
 * Per database, against one CMS (bench/payments-target.mjs) with BENCH_PAYMENTS sessions waiting for
 * payment, each with a pending Stripe payment:
 *   1. baseline: GET /api/payments/health (no database work, no signature) at the same concurrency;
 *   2. mixed: the `checkout.session.completed` events of two thirds of the payments, each delivered
 *      three times (so two of every three deliveries are duplicates), shuffled, BENCH_CONNECTIONS at once,
 *      every one signed with the Stripe SDK's own test-header helper as Stripe signs them;
 *   3. bursts: every other payment's event delivered BENCH_BURST times at the same instant, groups of
 *      five payments at a time;
 * then counts, in the CMS, booking.confirmed events per booking (double transitions), payments
 * succeeded and provider events recorded. Results replace this benchmark's section of bench/RESULTS.md.
 *
 * Knobs: BENCH_PAYMENTS (600), BENCH_CONNECTIONS (20), BENCH_BURST (20), BENCH_DATABASES (sqlite,postgres),
 * BENCH_WRITE=false to leave RESULTS.md alone, BENCH_SKIP_BUILD=1 to use the compiled CMS as it is.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { databasesFromEnv, log, numberFromEnv } from './lib/env.mjs';
import { benchPerDatabase } from './lib/per-database.mjs';
import { jsonOf, runRequests } from './lib/requests.mjs';
import { markerEnd, markerStart, runLine } from './lib/results.mjs';

const require = createRequire(import.meta.url);
const Stripe = require('stripe');
const PAYMENTS = numberFromEnv('BENCH_PAYMENTS', 600, { integer: true });
const CONNECTIONS = numberFromEnv('BENCH_CONNECTIONS', 20, { integer: true });
const BURST = numberFromEnv('BENCH_BURST', 20, { integer: true });
const SECTION = 'payments';
const SECRET = `whsec_bench_${crypto.randomBytes(12).toString('hex')}`;
const stripe = new Stripe('sk_test_signing_only');

/** "200", or "200 duplicate" when the webhook recognised a delivery it had handled. */
const webhookAnswer = (res, text) => `${res.status}${jsonOf(text)?.duplicate ? ' duplicate' : ''}`;

/** A delivery as Stripe makes it: the exact payload, signed at send time. */
function delivery(url, event) {
  const payload = JSON.stringify(event);
  return () => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8', 'stripe-signature': stripe.webhooks.generateTestHeaderString({ payload, secret: SECRET }) }, body: payload });
}

function shuffle(list) {
  for (let i = list.length - 1; i > 0; i--) {
    const j = crypto.randomInt(i + 1);
    [list[i], list[j]] = [list[j], list[i]];
  }
  return list;
}

/** Every other payment's event delivered BURST times at the same instant, five payments at a time. */
async function bursts(webhook, events) {
  const started = performance.now();
  const answers = {};
  for (let i = 0; i < events.length; i += 5) {
    const group = events.slice(i, i + 5).flatMap((e) => Array.from({ length: BURST }, () => delivery(webhook, e)));
    const row = await runRequests({ label: `burst ${i / 5 + 1}`, requests: group, concurrency: group.length, answer: webhookAnswer, quiet: true });
    for (const [key, count] of Object.entries(row.answers)) answers[key] = (answers[key] ?? 0) + count;
  }
  const n = events.length * BURST;
  const burst = { n, rps: n / ((performance.now() - started) / 1000), answers };
  log(`    bursts of ${BURST} identical deliveries × 5 payments: ${burst.rps.toFixed(0)}/s, answers ${JSON.stringify(answers)}`);
  return burst;
}

async function measure(db, { info, ask }) {
  log(`   ready at ${info.url} in ${info.generateSeconds.toFixed(1)} s`);
  const events = JSON.parse(fs.readFileSync(info.eventsFile, 'utf8'));
  const webhook = `${info.url}/api/payments/stripe/webhook`;
  const health = `${info.url}/api/payments/health`;
  const mixedCount = Math.floor((events.length * 2) / 3);
  const mixedEvents = events.slice(0, mixedCount);
  const burstEvents = events.slice(mixedCount);

  await runRequests({ label: 'warm-up', requests: Array.from({ length: 50 }, () => health) });
  const baseline = await runRequests({ label: 'baseline GET /api/payments/health', requests: Array.from({ length: mixedCount * 3 }, () => health), concurrency: CONNECTIONS });
  const mixed = await runRequests({
    label: 'signed events, 2 of 3 duplicates',
    requests: shuffle(mixedEvents.flatMap((e) => [delivery(webhook, e), delivery(webhook, e), delivery(webhook, e)])),
    concurrency: CONNECTIONS,
    answer: webhookAnswer,
  });
  const burst = await bursts(webhook, burstEvents);
  const stats = await ask('stats', 'BENCH_STATS');
  log(`    in the CMS: ${JSON.stringify(stats)}`);
  const problems = [];
  if (stats.doubleTransitions !== 0) problems.push(`${stats.doubleTransitions} bookings confirmed more than once`);
  if (stats.paymentsSucceeded !== events.length) problems.push(`${stats.paymentsSucceeded} of ${events.length} payments succeeded`);
  if (stats.eventsRecorded !== events.length) problems.push(`${stats.eventsRecorded} provider events recorded for ${events.length} distinct events`);
  if (stats.bookingsConfirmed !== events.length) problems.push(`${stats.bookingsConfirmed} bookings confirmed for ${events.length} payments`);
  if (problems.length) throw new Error(`${db}: ${problems.join('; ')}`);
  return { db, baseline, mixed, burst, stats, mixedEvents: mixedEvents.length, burstEvents: burstEvents.length };
}

function section(results, { startedAt, loadAtStart }) {
  const fmt = (n) => n.toFixed(1);
  const lines = [
    markerStart(SECTION),
    '## Payments: signed webhooks with duplicates (`npm run bench:payments`)',
    '',
    `${runLine(startedAt, loadAtStart)} ` +
      `${PAYMENTS} sessions waiting for payment, each with a pending Stripe payment. Every delivery is a \`checkout.session.completed\` event signed ` +
      "with the Stripe SDK's test-header helper and verified on the raw body; a first delivery confirms its booking (booking's `markPaid`), a duplicate is " +
      'recognised by the unique provider event id. Baseline: `GET /api/payments/health` (no signature, no database) at the same concurrency, in the same run.',
    '',
    '| database | what | deliveries | connections | per second | p50 ms | p95 ms |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const r of results) {
    lines.push(`| ${r.db} | baseline \`GET /api/payments/health\` | ${r.baseline.n} | ${CONNECTIONS} | ${r.baseline.rps.toFixed(0)} | ${fmt(r.baseline.p50)} | ${fmt(r.baseline.p95)} |`);
    lines.push(`| ${r.db} | signed events, each delivered 3× (2 of 3 duplicates), shuffled | ${r.mixed.n} (${r.mixedEvents} distinct) | ${CONNECTIONS} | ${r.mixed.rps.toFixed(0)} | ${fmt(r.mixed.p50)} | ${fmt(r.mixed.p95)} |`);
    lines.push(`| ${r.db} | bursts: one event delivered ${BURST}× at the same instant, 5 events at a time | ${r.burst.n} (${r.burstEvents} distinct) | ${BURST * 5} | ${r.burst.rps.toFixed(0)} | — | — |`);
  }
  lines.push('', '| database | payments paid | provider events recorded | bookings confirmed | double transitions |', '|---|---|---|---|---|');
  for (const r of results) lines.push(`| ${r.db} | ${r.stats.paymentsSucceeded} of ${PAYMENTS} | ${r.stats.eventsRecorded} | ${r.stats.bookingsConfirmed} | **${r.stats.doubleTransitions}** |`);
  lines.push('', 'Double transitions: bookings for which `booking.confirmed` was emitted more than once, counted in the CMS process; the run fails unless it is zero and every payment succeeded exactly once.', '', markerEnd(SECTION));
  return lines.join('\n');
}

await benchPerDatabase({
  section: SECTION,
  plan: `bench:payments: ${PAYMENTS} signed Stripe webhooks with duplicates, ${CONNECTIONS} connections, on ${databasesFromEnv().join(' and ')}`,
  target: (db, env) => {
    log(`\n== ${db}: booking ${PAYMENTS} sessions that wait for payment`);
    return {
      script: 'payments-target.mjs',
      args: [db],
      env: { ...env, BENCH_PAYMENTS: String(PAYMENTS), BENCH_WEBHOOK_SECRET: SECRET },
      label: `payments ${db}`,
      handlers: { BENCH_PROGRESS: (progress) => log(`   ${progress}`) },
    };
  },
  measure,
  text: section,
  raw: { payments: PAYMENTS, connections: CONNECTIONS, burst: BURST },
});
