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
 * BENCH_WRITE=false to leave RESULTS.md alone.
 */
import { execSync, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const require = createRequire(import.meta.url);
const Stripe = require('stripe');
const BENCH = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(BENCH, '..');
const PAYMENTS = Number(process.env.BENCH_PAYMENTS || 600);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS || 20);
const BURST = Number(process.env.BENCH_BURST || 20);
const DATABASES = (process.env.BENCH_DATABASES || 'sqlite,postgres').split(',').map((s) => s.trim()).filter(Boolean);
const WRITE = !['0', 'false', 'no'].includes(String(process.env.BENCH_WRITE || '').toLowerCase());
const PG_ADMIN_URL = process.env.BENCH_PG_ADMIN_URL || process.env.TEST_PG_ADMIN_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const SECRET = `whsec_bench_${crypto.randomBytes(12).toString('hex')}`;
const stripe = new Stripe('sk_test_signing_only');

const log = (line = '') => process.stdout.write(`${line}\n`);
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];

function build() {
  if (['1', 'true', 'yes'].includes(String(process.env.BENCH_SKIP_BUILD || '').toLowerCase())) return;
  log('Compiling the plugins and the CMS…');
  execSync('npm run build:plugins && npx tsc -p cms/tsconfig.json', { cwd: ROOT, stdio: 'inherit' });
}

function startTarget(db, env) {
  const child = spawn(process.execPath, [path.join(BENCH, 'payments-target.mjs'), db], { env: { ...process.env, ...env, BENCH_PAYMENTS: String(PAYMENTS), BENCH_WEBHOOK_SECRET: SECRET }, stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = readline.createInterface({ input: child.stdout });
  const waiters = [];
  lines.on('line', (line) => {
    if (line.startsWith('BENCH_PROGRESS ')) log(`   ${JSON.parse(line.slice(15))}`);
    for (const w of [...waiters]) if (line.startsWith(w.prefix)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(JSON.parse(line.slice(w.prefix.length)));
    }
  });
  const next = (prefix) => new Promise((resolve, reject) => {
    waiters.push({ prefix, resolve });
    child.once('exit', (code) => reject(new Error(`payments-target exited with ${code}`)));
  });
  return { child, ready: next('BENCH_TARGET '), stats: () => (child.stdin.write('stats\n'), next('BENCH_STATS ')) };
}

/** Runs `jobs` (functions returning a fetch Response) `concurrency` at a time; latencies of the 2xx ones. */
async function run(label, jobs, concurrency) {
  const latencies = [];
  const statuses = {};
  let next = 0;
  const started = performance.now();
  async function worker() {
    while (next < jobs.length) {
      const job = jobs[next++];
      const t0 = performance.now();
      const res = await job();
      const body = await res.json().catch(() => null);
      latencies.push(performance.now() - t0);
      const key = `${res.status}${body?.duplicate ? ' duplicate' : ''}`;
      statuses[key] = (statuses[key] ?? 0) + 1;
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const row = { label, n: jobs.length, concurrency, rps: jobs.length / seconds, p50: percentile(latencies, 50), p95: percentile(latencies, 95), statuses };
  log(`    ${label}: ${row.rps.toFixed(0)}/s, p50 ${row.p50.toFixed(1)} ms, p95 ${row.p95.toFixed(1)} ms, answers ${JSON.stringify(statuses)}`);
  if (Object.keys(statuses).some((s) => !s.startsWith('200'))) throw new Error(`${label}: some requests were not answered 200: ${JSON.stringify(statuses)}`);
  return row;
}

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

async function benchDatabase(db) {
  let env;
  let drop = async () => {};
  if (db === 'postgres') {
    const name = `haven_bench_payments_${crypto.randomBytes(3).toString('hex')}`;
    const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(PG_ADMIN_URL);
    url.pathname = `/${name}`;
    env = { DATABASE_URL: url.toString() };
    drop = async () => {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    };
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-bench-payments-db-'));
    env = { DATABASE_FILENAME: path.join(dir, 'bench.db') };
    drop = async () => fs.rmSync(dir, { recursive: true, force: true });
  }
  log(`\n== ${db}: booking ${PAYMENTS} sessions that wait for payment`);
  const target = startTarget(db, env);
  try {
    const info = await target.ready;
    log(`   ready at ${info.url} in ${info.generateSeconds.toFixed(1)} s`);
    const events = JSON.parse(fs.readFileSync(info.eventsFile, 'utf8'));
    const webhook = `${info.url}/api/payments/stripe/webhook`;
    const health = `${info.url}/api/payments/health`;
    const mixedCount = Math.floor((events.length * 2) / 3);
    const mixedEvents = events.slice(0, mixedCount);
    const burstEvents = events.slice(mixedCount);

    await run('warm-up', Array.from({ length: 50 }, () => () => fetch(health)), 1);
    const baseline = await run('baseline GET /api/payments/health', Array.from({ length: mixedCount * 3 }, () => () => fetch(health)), CONNECTIONS);
    const mixed = await run('signed events, 2 of 3 duplicates', shuffle(mixedEvents.flatMap((e) => [delivery(webhook, e), delivery(webhook, e), delivery(webhook, e)])), CONNECTIONS);
    let burstStarted = performance.now();
    const burstStatuses = {};
    for (let i = 0; i < burstEvents.length; i += 5) {
      const group = burstEvents.slice(i, i + 5).flatMap((e) => Array.from({ length: BURST }, () => delivery(webhook, e)));
      const answers = await Promise.all(group.map(async (job) => {
        const res = await job();
        const body = await res.json().catch(() => null);
        return `${res.status}${body?.duplicate ? ' duplicate' : ''}`;
      }));
      for (const a of answers) burstStatuses[a] = (burstStatuses[a] ?? 0) + 1;
    }
    const burstSeconds = (performance.now() - burstStarted) / 1000;
    const burst = { n: burstEvents.length * BURST, rps: (burstEvents.length * BURST) / burstSeconds, statuses: burstStatuses };
    log(`    bursts of ${BURST} identical deliveries × 5 payments: ${burst.rps.toFixed(0)}/s, answers ${JSON.stringify(burstStatuses)}`);
    const stats = await target.stats();
    log(`    in the CMS: ${JSON.stringify(stats)}`);
    const problems = [];
    if (stats.doubleTransitions !== 0) problems.push(`${stats.doubleTransitions} bookings confirmed more than once`);
    if (stats.paymentsSucceeded !== events.length) problems.push(`${stats.paymentsSucceeded} of ${events.length} payments succeeded`);
    if (stats.eventsRecorded !== events.length) problems.push(`${stats.eventsRecorded} provider events recorded for ${events.length} distinct events`);
    if (stats.bookingsConfirmed !== events.length) problems.push(`${stats.bookingsConfirmed} bookings confirmed for ${events.length} payments`);
    if (problems.length) throw new Error(`${db}: ${problems.join('; ')}`);
    return { db, baseline, mixed, burst, stats, mixedEvents: mixedEvents.length, burstEvents: burstEvents.length };
  } finally {
    target.child.kill('SIGTERM');
    await new Promise((resolve) => (target.child.exitCode !== null ? resolve() : target.child.on('exit', resolve)));
    await drop();
  }
}

build();
const startedAt = new Date();
const load = () => os.loadavg().map((n) => n.toFixed(2)).join(' ');
const loadStart = load();
const results = [];
for (const db of DATABASES) results.push(await benchDatabase(db));
let commit = 'unknown';
try {
  commit = execSync('git rev-parse --short HEAD', { cwd: BENCH }).toString().trim();
} catch {
  /* not a git checkout */
}

const fmt = (n) => n.toFixed(1);
const lines = [
  '<!-- bench:payments:start -->',
  '## Payments: signed webhooks with duplicates (`npm run bench:payments`)',
  '',
  `Run ${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC on ${os.cpus().length} cores, Node ${process.versions.node}, code at ${commit}; ` +
    `load average ${loadStart} at the start, ${load()} at the end (other work on this shared machine shows in the figures). ` +
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
lines.push('', 'Double transitions: bookings for which `booking.confirmed` was emitted more than once, counted in the CMS process; the run fails unless it is zero and every payment succeeded exactly once.', '', '<!-- bench:payments:end -->');
log(`\n${lines.join('\n')}`);

if (WRITE) {
  const file = path.join(BENCH, 'RESULTS.md');
  let text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Benchmark results\n';
  const block = lines.join('\n');
  const pattern = /<!-- bench:payments:start -->[\s\S]*<!-- bench:payments:end -->/;
  text = pattern.test(text) ? text.replace(pattern, block) : `${text.trimEnd()}\n\n${block}\n`;
  fs.writeFileSync(file, text);
  log(`\nWrote ${path.relative(process.cwd(), file)}`);
}
