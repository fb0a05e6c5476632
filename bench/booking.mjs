#!/usr/bin/env node
/**
 * `npm run bench:booking`: latency of the slots endpoint for a therapist with 2,000 past and future
 * bookings and a 500-event external calendar over a 30-day window, and of the therapist directory
 * with 1,000 therapists (plain pages, filters, "available this week"), one request at a time and at
 * 20 concurrent connections, on SQLite and PostgreSQL. GET /api/booking/health (no database work) is
 * measured in the same run as the baseline of what any request costs. Results replace this
 * benchmark's section of bench/RESULTS.md.
 *
 * Knobs: BENCH_SAMPLES requests per endpoint and concurrency (300), BENCH_DATABASES (sqlite,postgres),
 * BENCH_BOOKINGS (2000), BENCH_EVENTS (500), BENCH_THERAPISTS (1000), BENCH_WRITE=false to leave RESULTS.md
 * alone, BENCH_SKIP_BUILD=1 to use the compiled CMS as it is.
 */
import { databasesFromEnv, log, numberFromEnv } from './lib/env.mjs';
import { benchPerDatabase } from './lib/per-database.mjs';
import { runRequests } from './lib/requests.mjs';
import { markerEnd, markerStart, runLine } from './lib/results.mjs';

const SAMPLES = numberFromEnv('BENCH_SAMPLES', 300, { integer: true });
const SECTION = 'booking';
const TARGETS = { slots: 20, directory: 50 };
const CONCURRENCIES = [1, 20];
const ZONES = ['Europe/London', 'America/New_York', 'Asia/Tokyo', 'Australia/Sydney', 'UTC'];

async function measure(db, { info }) {
  log(`   ready at ${info.url} in ${info.generateSeconds.toFixed(1)} s: ${info.bookings} bookings, ${info.events} calendar events (${info.busy} busy intervals), ${info.therapists} directory therapists`);
  const day = (offset) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  const slotUrls = Array.from({ length: SAMPLES }, (_, i) => `${info.url}/api/booking/therapists/${info.therapistId}/slots?from=${day(1 + (i % 5))}&to=${day(30 + (i % 5))}&tz=${encodeURIComponent(ZONES[i % ZONES.length])}`);
  const check = await (await fetch(slotUrls[0])).json();
  if (!check.data?.slots?.length) throw new Error(`the slots endpoint returned no slots: ${JSON.stringify(check).slice(0, 300)}`);
  const directoryQueries = ['page=1', 'page=7', 'page=40', 'specialty=grief', 'language=spanish', 'maxRate=7000&currency=USD', 'q=practical', 'available=week', 'available=week&specialty=anxiety&maxRate=9000&currency=USD'];
  const directoryUrls = Array.from({ length: SAMPLES }, (_, i) => `${info.url}/api/therapists?pageSize=12&${directoryQueries[i % directoryQueries.length]}`);
  const listed = await (await fetch(directoryUrls[0])).json();
  if (listed.meta?.pagination?.total !== info.therapists) throw new Error(`the directory lists ${listed.meta?.pagination?.total} therapists`);
  const healthUrls = Array.from({ length: SAMPLES }, () => `${info.url}/api/booking/health`);
  await runRequests({ label: 'warm-up', requests: [...slotUrls.slice(0, 30), ...directoryUrls.slice(0, 30)] });
  const rows = [];
  for (const concurrency of CONCURRENCIES) {
    rows.push({ key: 'health', ...(await runRequests({ label: 'baseline /api/booking/health', requests: healthUrls, concurrency })) });
    rows.push({ key: 'slots', ...(await runRequests({ label: 'slots, 30 days', requests: slotUrls, concurrency })) });
    rows.push({ key: 'directory', ...(await runRequests({ label: 'directory', requests: directoryUrls, concurrency })) });
  }
  return { db, info, rows, slotCount: check.data.slots.length };
}

const fmt = (n) => n.toFixed(1);
const describe = {
  health: 'baseline `GET /api/booking/health` (no database work)',
  slots: 'slots `GET /api/booking/therapists/:id/slots?from=&to=&tz=`, 30 days',
  directory: 'directory `GET /api/therapists?pageSize=12&…` (pages, filters, available this week)',
};

function section(results, { startedAt, loadAtStart }) {
  const lines = [
    markerStart(SECTION),
    '## Booking: slots and directory (`npm run bench:booking`)',
    '',
    `${runLine(startedAt, loadAtStart)} ` +
      `Data: one therapist with ${results[0]?.info.bookings ?? '?'} bookings (half past, half future, slot claims included) and a ${results[0]?.info.events ?? '?'}-event external calendar ` +
      '(a third weekly recurring in America/New_York, some all-day) read through the plugin; slots asked for 30 days in rotating viewer zones. ' +
      `Directory: ${results[0]?.info.therapists ?? '?'} verified therapists with weekly hours and a cached next free slot; the queries rotate plain pages, specialty, language, maximum rate, free text and "available this week". ` +
      `${SAMPLES} requests per endpoint and concurrency. Targets, one at a time: slots p95 ≤ ${TARGETS.slots} ms, directory p95 ≤ ${TARGETS.directory} ms.`,
    '',
    '| database | endpoint | connections | p50 ms | p95 ms | req/s | target met |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const r of results) {
    for (const row of r.rows) {
      const target = TARGETS[row.key];
      const met = row.concurrency !== 1 || !target ? '—' : row.p95 <= target ? 'yes' : `**no** (${fmt(row.p95)} ms)`;
      lines.push(`| ${r.db} | ${describe[row.key]} | ${row.concurrency} | ${fmt(row.p50)} | ${fmt(row.p95)} | ${row.rps.toFixed(0)} | ${met} |`);
    }
  }
  lines.push('', 'At 20 connections every request of the one Node process waits behind the others on this 2-core machine (compare the baseline row); the targets are for one request at a time.', '', markerEnd(SECTION));
  return lines.join('\n');
}

await benchPerDatabase({
  section: SECTION,
  plan: `bench:booking: slots and directory, ${SAMPLES} requests per endpoint and concurrency, on ${databasesFromEnv().join(' and ')}`,
  target: (db, env) => {
    log(`\n== ${db}: generating the bench data`);
    return { script: 'booking-target.mjs', args: [db], env, label: `booking ${db}`, handlers: { BENCH_PROGRESS: (progress) => log(`   ${JSON.stringify(progress)}`) } };
  },
  measure,
  text: section,
  raw: { samples: SAMPLES },
});
