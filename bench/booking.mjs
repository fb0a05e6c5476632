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
 * BENCH_BOOKINGS (2000), BENCH_EVENTS (500), BENCH_THERAPISTS (1000), BENCH_WRITE=false to leave RESULTS.md alone.
 */
import { execSync, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const BENCH = path.dirname(fileURLToPath(import.meta.url));
const SAMPLES = Number(process.env.BENCH_SAMPLES || 300);
const DATABASES = (process.env.BENCH_DATABASES || 'sqlite,postgres').split(',').map((s) => s.trim()).filter(Boolean);
const WRITE = !['0', 'false', 'no'].includes(String(process.env.BENCH_WRITE || '').toLowerCase());
const PG_ADMIN_URL = process.env.BENCH_PG_ADMIN_URL || process.env.TEST_PG_ADMIN_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const TARGETS = { slots: 20, directory: 50 };
const CONCURRENCIES = [1, 20];
const ZONES = ['Europe/London', 'America/New_York', 'Asia/Tokyo', 'Australia/Sydney', 'UTC'];

const log = (line = '') => process.stdout.write(`${line}\n`);
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];

function startTarget(db, env) {
  const child = spawn(process.execPath, [path.join(BENCH, 'booking-target.mjs'), db], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the CMS did not start within 15 minutes')), 15 * 60_000);
    readline.createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.startsWith('BENCH_PROGRESS ')) log(`   ${line.slice(15)}`);
      if (line.startsWith('BENCH_TARGET ')) {
        clearTimeout(timer);
        resolve({ child, info: JSON.parse(line.slice(13)) });
      }
    });
    child.on('exit', (code) => reject(new Error(`booking-target exited with ${code}`)));
  });
}

async function measure(label, urls, concurrency) {
  const latencies = [];
  let failures = 0;
  let next = 0;
  const started = Date.now();
  async function worker() {
    while (next < urls.length) {
      const url = urls[next++];
      const t0 = performance.now();
      const res = await fetch(url);
      await res.arrayBuffer();
      const ms = performance.now() - t0;
      if (res.ok) latencies.push(ms);
      else failures++;
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  latencies.sort((a, b) => a - b);
  const seconds = (Date.now() - started) / 1000;
  const row = { label, concurrency, n: latencies.length, failures, p50: percentile(latencies, 50), p95: percentile(latencies, 95), rps: urls.length / seconds };
  log(`    ${label} ×${concurrency}: p50 ${row.p50.toFixed(1)} ms, p95 ${row.p95.toFixed(1)} ms, ${row.rps.toFixed(0)} req/s, failures ${failures}`);
  if (failures) throw new Error(`${label}: ${failures} requests failed`);
  return row;
}

async function benchDatabase(db) {
  let env;
  let drop = async () => {};
  if (db === 'postgres') {
    const name = `haven_bench_booking_${crypto.randomBytes(3).toString('hex')}`;
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
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-bench-booking-'));
    env = { DATABASE_FILENAME: path.join(dir, 'bench.db') };
    drop = async () => fs.rmSync(dir, { recursive: true, force: true });
  }
  log(`\n== ${db}: generating the bench data`);
  const { child, info } = await startTarget(db, env);
  try {
    log(`   ready at ${info.url} in ${info.generateSeconds.toFixed(1)} s: ${info.bookings} bookings, ${info.events} calendar events (${info.busy} busy intervals), ${info.therapists} directory therapists`);
    const day = (offset) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const slotUrls = Array.from({ length: SAMPLES }, (_, i) => `${info.url}/api/booking/therapists/${info.therapistId}/slots?from=${day(1 + (i % 5))}&to=${day(30 + (i % 5))}&tz=${encodeURIComponent(ZONES[i % ZONES.length])}`);
    const check = await (await fetch(slotUrls[0])).json();
    if (!check.data?.slots?.length) throw new Error(`the slots endpoint returned no slots: ${JSON.stringify(check).slice(0, 300)}`);
    const directoryQueries = ['page=1', 'page=7', 'page=40', 'specialty=grief', 'language=spanish', 'maxRate=7000', 'q=practical', 'available=week', 'available=week&specialty=anxiety&maxRate=9000'];
    const directoryUrls = Array.from({ length: SAMPLES }, (_, i) => `${info.url}/api/therapists?pageSize=12&${directoryQueries[i % directoryQueries.length]}`);
    const listed = await (await fetch(directoryUrls[0])).json();
    if (listed.meta?.pagination?.total !== info.therapists) throw new Error(`the directory lists ${listed.meta?.pagination?.total} therapists`);
    const healthUrls = Array.from({ length: SAMPLES }, () => `${info.url}/api/booking/health`);
    await measure('warm-up', [...slotUrls.slice(0, 30), ...directoryUrls.slice(0, 30)], 1);
    const rows = [];
    for (const concurrency of CONCURRENCIES) {
      rows.push({ key: 'health', ...(await measure('baseline /api/booking/health', healthUrls, concurrency)) });
      rows.push({ key: 'slots', ...(await measure('slots, 30 days', slotUrls, concurrency)) });
      rows.push({ key: 'directory', ...(await measure('directory', directoryUrls, concurrency)) });
    }
    return { db, info, rows, slotCount: check.data.slots.length };
  } finally {
    child.stdin.end();
    child.kill('SIGTERM');
    await new Promise((r) => child.on('exit', r));
    await drop();
  }
}

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
const describe = {
  health: 'baseline `GET /api/booking/health` (no database work)',
  slots: 'slots `GET /api/booking/therapists/:id/slots?from=&to=&tz=`, 30 days',
  directory: 'directory `GET /api/therapists?pageSize=12&…` (pages, filters, available this week)',
};
const lines = [
  '<!-- bench:booking:start -->',
  '## Booking: slots and directory (`npm run bench:booking`)',
  '',
  `Run ${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC on ${os.cpus().length} cores, Node ${process.versions.node}, code at ${commit}; ` +
    `load average ${loadStart} at the start, ${load()} at the end (other work on this shared machine shows in the figures). ` +
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
lines.push('', 'At 20 connections every request of the one Node process waits behind the others on this 2-core machine (compare the baseline row); the targets are for one request at a time.', '', '<!-- bench:booking:end -->');
log(`\n${lines.join('\n')}`);

if (WRITE) {
  const file = path.join(BENCH, 'RESULTS.md');
  let text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Benchmark results\n';
  const block = lines.join('\n');
  const pattern = /<!-- bench:booking:start -->[\s\S]*<!-- bench:booking:end -->/;
  text = pattern.test(text) ? text.replace(pattern, block) : `${text.trimEnd()}\n\n${block}\n`;
  fs.writeFileSync(file, text);
  log(`\nWrote ${path.relative(process.cwd(), file)}`);
}
