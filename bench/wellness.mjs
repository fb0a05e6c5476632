#!/usr/bin/env node
/**
 * `npm run bench:wellness`: GET /api/wellness/stats for a client with five years of daily entries
 * (about 1,830) and a PHQ-9 and GAD-7 every two weeks, one request at a time, on SQLite and
 * PostgreSQL. Target: p95 ≤ 50 ms for the whole five years by day.
 *
 * Baselines measured in the same run: `GET /api/users/me` over the same HTTP path (Strapi's floor for
 * an authenticated request), and in the server process the endpoint's raw queries alone and a naive
 * implementation (Document Service full rows + the same computation) — see bench/wellness-target.mjs.
 * The HTTP rows take turns request by request, so that a busy moment of this shared machine falls on
 * all of them alike. Results replace this benchmark's section of bench/RESULTS.md.
 *
 * Knobs: BENCH_SAMPLES (300 requests per row), BENCH_WELLNESS_YEARS (5), BENCH_DATABASES (sqlite,postgres),
 * BENCH_WRITE=false to leave RESULTS.md alone, BENCH_SKIP_BUILD=true to use the compiled tree as it is.
 */
import pg from 'pg';
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const BENCH = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(BENCH, '..');
const SAMPLES = Number(process.env.BENCH_SAMPLES || 300);
const YEARS = Number(process.env.BENCH_WELLNESS_YEARS || 5);
const TARGET_P95_MS = 50;
const DATABASES = (process.env.BENCH_DATABASES || 'sqlite,postgres').split(',').map((s) => s.trim()).filter(Boolean);
const WRITE = process.env.BENCH_WRITE !== 'false';
const PG_ADMIN_URL = process.env.BENCH_PG_ADMIN_URL || process.env.TEST_PG_ADMIN_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const log = (line = '') => process.stdout.write(`${line}\n`);
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

if (process.env.BENCH_SKIP_BUILD !== 'true') {
  log('Compiling the plugins and the CMS (npm run build:cms)…');
  const build = spawnSync('npm', ['run', 'build:cms'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const children = new Set();
process.on('SIGINT', () => {
  for (const child of children) child.kill('SIGTERM');
  process.exit(130);
});

function startTarget(db, env) {
  const child = spawn(process.execPath, [path.join(BENCH, 'wellness-target.mjs'), db], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'inherit'] });
  children.add(child);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the CMS did not start within 15 minutes')), 15 * 60_000);
    readline.createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.startsWith('BENCH_TARGET ')) {
        clearTimeout(timer);
        resolve({ child, info: JSON.parse(line.slice('BENCH_TARGET '.length)) });
      }
    });
    child.on('exit', (code) => reject(new Error(`wellness-target exited with ${code}`)));
  });
}

/**
 * Requests one at a time, the rows taking turns (row 1, row 2, …, row 1, …) so that every row meets
 * the same moments of this shared machine's load; every answer must be 200 and pass its check.
 */
async function measureInterleaved(rows, jwt, count) {
  const latencies = rows.map(() => []);
  for (let i = 0; i < count; i++) {
    for (const [index, row] of rows.entries()) {
      const t0 = performance.now();
      const res = await fetch(row.url, { headers: { authorization: `Bearer ${jwt}` } });
      const body = await res.json();
      const ms = performance.now() - t0;
      if (res.status !== 200 || !row.check(body)) throw new Error(`${row.label}: unexpected answer ${res.status} ${JSON.stringify(body).slice(0, 200)}`);
      latencies[index].push(ms);
    }
    if (i % 10 === 0) process.stdout.write(`\r    ${i}/${count} rounds of ${rows.length} requests`);
  }
  process.stdout.write(`\r    ${count}/${count} rounds of ${rows.length} requests\n`);
  return latencies.map((list) => {
    const sorted = list.sort((a, b) => a - b);
    return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), n: sorted.length };
  });
}

async function benchDatabase(db) {
  let env;
  let drop;
  if (db === 'postgres') {
    const name = `haven_bench_wellness_${crypto.randomBytes(3).toString('hex')}`;
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
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-bench-wellness-'));
    env = { DATABASE_FILENAME: path.join(dir, 'bench.db') };
    drop = async () => fs.rmSync(dir, { recursive: true, force: true });
  }
  log(`\n== ${db}: ${YEARS} years of daily check-ins for one client, then the baselines in the server process`);
  const { child, info } = await startTarget(db, env);
  try {
    log(`   ${info.entries} entries and ${info.assessments} assessments generated through the services in ${info.generateSeconds.toFixed(1)} s; ready at ${info.url}`);
    const login = await fetch(`${info.url}/api/auth/local`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ identifier: info.identifier, password: info.password }) });
    const { jwt } = await login.json();
    const stats = (bucket) => `${info.url}/api/wellness/stats?from=${info.from}&to=${info.to}&bucket=${bucket}`;
    const full = (body) => body.data.averages.entries === info.entries && body.data.streaks.longest > 0;
    const plan = [
      { key: 'day', label: 'stats 5 y by day', url: stats('day'), check: (b) => full(b) && b.data.series.length === info.entries },
      { key: 'week', label: 'stats 5 y by week', url: stats('week'), check: full },
      { key: 'month', label: 'stats 5 y by month', url: stats('month'), check: full },
      { key: 'recent', label: 'stats default 90 d', url: `${info.url}/api/wellness/stats`, check: (b) => b.data.series.length === 90 },
      { key: 'me', label: 'GET /api/users/me', url: `${info.url}/api/users/me`, check: (b) => b.email === info.identifier },
    ];
    await measureInterleaved(plan, jwt, 10); // warm-up
    const measured = await measureInterleaved(plan, jwt, SAMPLES);
    const rows = Object.fromEntries(plan.map((row, index) => [row.key, measured[index]]));
    return { db, info, rows };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.on('exit', r));
    children.delete(child);
    await drop();
  }
}

const results = [];
for (const db of DATABASES) results.push(await benchDatabase(db));

const fmt = (n) => n.toFixed(1);
const lines = [
  '<!-- bench:wellness:start -->',
  '## Wellness stats for five years of daily entries (`npm run bench:wellness`)',
  '',
  `Run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${os.cpus().length} cores, Node ${process.versions.node}. ` +
    `One client with ${results[0]?.info.entries.toLocaleString('en')} daily entries (${YEARS} years: mood, energy, sleep, 1–3 activities, 1–2 emotions, 60 % with an encrypted reflection) ` +
    `and ${results[0]?.info.assessments} assessments (PHQ-9 and GAD-7 every two weeks), written through the wellness services. ` +
    `${SAMPLES} requests per row, one at a time, the rows taking turns (so that each meets the same load of this shared machine), after 10 warm-up rounds. Target: \`GET /api/wellness/stats\` over the five years by day, p95 ≤ ${TARGET_P95_MS} ms. ` +
    'Baselines from the same run: `GET /api/users/me` (Strapi\'s floor for an authenticated request on this HTTP path) and, in the server process without HTTP, the endpoint\'s three SQL queries alone (the floor of the data) ' +
    'and a naive implementation reading the same rows through the Document Service before the same computation.',
  '',
  '| database | what | p50 ms | p95 ms | p99 ms | target met |',
  '|---|---|---|---|---|---|',
];
for (const r of results) {
  const row = (what, s, met = '') => lines.push(`| ${r.db} | ${what} | ${fmt(s.p50)} | ${fmt(s.p95)} | ${fmt(s.p99)} | ${met} |`);
  row('**stats, 5 years by day** (HTTP)', r.rows.day, r.rows.day.p95 <= TARGET_P95_MS ? 'yes' : '**no**');
  row('stats, 5 years by week (HTTP)', r.rows.week);
  row('stats, 5 years by month (HTTP)', r.rows.month);
  row('stats, default last 90 days (HTTP)', r.rows.recent);
  row('baseline: `GET /api/users/me` (HTTP)', r.rows.me, 'baseline');
  row('baseline: the three SQL queries alone (in process)', r.info.baselines.rawQuery, 'baseline');
  row('baseline: naive, Document Service + same computation (in process)', r.info.baselines.naive, 'baseline');
}
lines.push('', '<!-- bench:wellness:end -->');
log(`\n${lines.join('\n')}`);

if (WRITE) {
  const file = path.join(BENCH, 'RESULTS.md');
  let text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Benchmark results\n';
  const block = lines.join('\n');
  const pattern = /<!-- bench:wellness:start -->[\s\S]*<!-- bench:wellness:end -->/;
  text = pattern.test(text) ? text.replace(pattern, block) : `${text.trimEnd()}\n\n${block}\n`;
  fs.writeFileSync(file, text);
  log(`\nWrote ${path.relative(process.cwd(), file)}`);
}
process.exit(0);
