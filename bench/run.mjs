#!/usr/bin/env node
/**
 * `npm run bench`: requests/s and latency of Haven's CMS under concurrent load (autocannon), on SQLite
 * and on PostgreSQL, beside a bare node:http server measured in the same run as the ceiling.
 *
 *   GET /api/users/me                          as the demo client (bearer JWT from POST /api/auth/local)
 *   GET /api/resources?pagination[pageSize]=10 public, stock Strapi content-API list
 *   GET / on bare node:http                    small fixed JSON body: what Node alone manages here
 *
 * Each server runs in its own child process (bench/cms-target.mjs, bench/bare-target.mjs); the load
 * generator runs here. Results replace this benchmark's section of bench/RESULTS.md and go, raw, to
 * bench/out/. See bench/README.md for the knobs (BENCH_DURATION, BENCH_CONNECTIONS, …).
 */
import autocannon from 'autocannon';
import pg from 'pg';
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const BENCH = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(BENCH, '..');

function numberFromEnv(name, fallback, { min = 1 } = {}) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min) throw new Error(`${name} must be a number ≥ ${min}, not "${raw}"`);
  return value;
}

const DURATION = numberFromEnv('BENCH_DURATION', 10);
const WARMUP = numberFromEnv('BENCH_WARMUP', 1, { min: 0 });
const CONNECTIONS = Math.round(numberFromEnv('BENCH_CONNECTIONS', 20));
const BOOT_TIMEOUT = numberFromEnv('BENCH_BOOT_TIMEOUT', 180);
const SETTLE_MS = 1000;
const DATABASES = (process.env.BENCH_DATABASES || 'sqlite,postgres').split(',').map((s) => s.trim()).filter(Boolean);
const SKIP_BUILD = ['1', 'true', 'yes'].includes(String(process.env.BENCH_SKIP_BUILD || '').toLowerCase());
const WRITE_RESULTS = !['0', 'false', 'no'].includes(String(process.env.BENCH_WRITE || '').toLowerCase());
const PG_ADMIN_URL = process.env.BENCH_PG_ADMIN_URL || process.env.TEST_PG_ADMIN_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const RESULTS_FILE = path.join(BENCH, 'RESULTS.md');
const SECTION = 'api-load'; // this benchmark's markers in RESULTS.md

const DEMO_CLIENT = { identifier: 'alex@haven.example', password: 'DemoPass2026!' };
const ME_PATH = '/api/users/me';
const LIST_PATH = '/api/resources?pagination[pageSize]=10';
const PAGE_SIZE = 10;
const DB_LABEL = { sqlite: 'SQLite', postgres: 'PostgreSQL' };

for (const db of DATABASES) {
  if (!DB_LABEL[db]) throw new Error(`BENCH_DATABASES: unknown database "${db}" (use sqlite and/or postgres)`);
}

const isTTY = Boolean(process.stdout.isTTY);
const log = (line = '') => process.stdout.write(`${line}\n`);
const fmtInt = (n) => Math.round(n).toLocaleString('en-US');
const fmtMs = (n) => n.toFixed(2);

// ------------------------------------------------------------------------------------------------
// Cleanup: children and databases go away however the run ends
// ------------------------------------------------------------------------------------------------
const cleanups = new Set();
async function runCleanups() {
  for (const fn of [...cleanups].reverse()) {
    cleanups.delete(fn);
    try {
      await fn();
    } catch (error) {
      console.error(`cleanup failed: ${error?.message ?? error}`);
    }
  }
}
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, async () => {
    log(`\n${signal}: stopping servers and removing bench databases…`);
    await runCleanups();
    process.exit(130);
  });
}

// ------------------------------------------------------------------------------------------------
// Targets (child processes)
// ------------------------------------------------------------------------------------------------
const VERBOSE = ['1', 'true', 'yes'].includes(String(process.env.BENCH_VERBOSE || '').toLowerCase());
const ANSI = /\x1b\[[0-9;]*m/g;
/** Echoes a server's output, leaving out Strapi's start-up info lines (migrations, seed) unless BENCH_VERBOSE=1. */
function echoChild(label, line) {
  if (!VERBOSE && /^\[[^\]]+\] (info|http|debug|verbose): /.test(line.replace(ANSI, ''))) return;
  log(`    [${label}] ${line}`);
}

function startTarget(script, args, env, label) {
  const child = spawn(process.execPath, [path.join(BENCH, script), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const stop = async () => {
    cleanups.delete(stop);
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.stdin.end();
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(killer);
  };
  cleanups.add(stop);

  readline.createInterface({ input: child.stderr }).on('line', (line) => echoChild(label, line));

  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${label}: not ready after ${BOOT_TIMEOUT}s`)), BOOT_TIMEOUT * 1000);
    readline.createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.startsWith('BENCH_TARGET ')) {
        clearTimeout(timer);
        resolve(JSON.parse(line.slice('BENCH_TARGET '.length)));
      } else {
        echoChild(label, line);
      }
    });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`${label} exited before it was ready (code ${code}, signal ${signal})`));
    });
  });
  return ready.then(
    (info) => ({ info, stop }),
    async (error) => {
      await stop();
      throw error;
    },
  );
}

/** Runs fn with the environment of a fresh database of the given kind, removed afterwards. */
async function withDatabase(db, fn) {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-bench-'));
  const removeWorkDir = () => fs.rmSync(workDir, { recursive: true, force: true });
  cleanups.add(removeWorkDir);
  const env = { EMAIL_OUTBOX_DIR: path.join(workDir, 'outbox') };
  let dropDatabase = null;
  try {
    if (db === 'sqlite') {
      env.DATABASE_FILENAME = path.join(workDir, 'haven.db');
    } else {
      const name = `haven_bench_${Date.now().toString(36)}_${crypto.randomBytes(3).toString('hex')}`;
      const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE ${name}`);
      } finally {
        await admin.end();
      }
      dropDatabase = async () => {
        cleanups.delete(dropDatabase);
        const c = new pg.Client({ connectionString: PG_ADMIN_URL });
        await c.connect();
        try {
          await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        } finally {
          await c.end();
        }
      };
      cleanups.add(dropDatabase);
      const url = new URL(PG_ADMIN_URL);
      url.pathname = `/${name}`;
      env.DATABASE_URL = url.toString();
    }
    return await fn(env);
  } finally {
    if (dropDatabase) await dropDatabase();
    cleanups.delete(removeWorkDir);
    removeWorkDir();
  }
}

// ------------------------------------------------------------------------------------------------
// HTTP checks before loading a target: right status, right body, or the run stops here
// ------------------------------------------------------------------------------------------------
async function request(url, { method = 'GET', headers = {}, body } = {}) {
  const res = await fetch(url, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  let json = null;
  try {
    json = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, json, bytes: Buffer.byteLength(text) };
}

function expect(condition, message) {
  if (!condition) throw new Error(`check failed: ${message}`);
}

async function login(baseUrl) {
  const res = await request(`${baseUrl}/api/auth/local`, { method: 'POST', body: DEMO_CLIENT });
  expect(res.status === 200 && typeof res.json?.jwt === 'string', `POST /api/auth/local as ${DEMO_CLIENT.identifier} → ${res.status} ${JSON.stringify(res.json)}`);
  return res.json.jwt;
}

// ------------------------------------------------------------------------------------------------
// Load
// ------------------------------------------------------------------------------------------------
function percentile(sorted, p) {
  if (!sorted.length) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length); // nearest-rank
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** One autocannon run; records every 2xx latency itself (autocannon's result has p90 and p97.5, no p95). */
function load({ url, headers, duration, title }) {
  return new Promise((resolve, reject) => {
    const latencies = [];
    let responses = 0;
    const started = Date.now();
    let lastPrinted = -1;
    const every = isTTY ? 1 : Math.max(1, Math.ceil(duration / 4));
    const progress = setInterval(() => {
      const elapsed = Math.floor((Date.now() - started) / 1000);
      const left = Math.max(0, Math.ceil(duration - elapsed));
      const rate = responses / Math.max(0.001, (Date.now() - started) / 1000);
      const line = `      ${title}: ${String(left).padStart(3)} s left · ${fmtInt(responses)} responses · ~${fmtInt(rate)} req/s`;
      if (isTTY) process.stdout.write(`\r${line}\x1b[K`);
      else if (elapsed % every === 0 && elapsed !== lastPrinted && left > 0) log(line);
      lastPrinted = elapsed;
    }, 1000);
    const instance = autocannon(
      { url, headers, connections: CONNECTIONS, duration, timeout: 10 },
      (error, result) => {
        clearInterval(progress);
        if (isTTY) process.stdout.write('\r\x1b[K');
        if (error) reject(error);
        else resolve({ result, latencies: Float64Array.from(latencies).sort() });
      },
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      responses++;
      if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
    });
  });
}

let step = 0;
let steps = 0;
async function measure({ target, database, baseUrl, urlPath, headers = {} }) {
  step++;
  const where = database ? `${target} on ${DB_LABEL[database]}` : target;
  log(`  [${step}/${steps}] ${where}: ${WARMUP ? `${WARMUP} s warm-up, then ` : ''}${DURATION} s at ${CONNECTIONS} connections`);
  if (WARMUP) await load({ url: baseUrl + urlPath, headers, duration: WARMUP, title: 'warm-up' });
  const { result, latencies } = await load({ url: baseUrl + urlPath, headers, duration: DURATION, title: 'measuring' });
  // Let the requests still in flight when autocannon hung up finish before anything else starts.
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  const row = {
    target,
    database,
    path: urlPath,
    reqPerSec: result.requests.average,
    reqPerSecStddev: result.requests.stddev,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    max: latencies.length ? latencies[latencies.length - 1] : NaN,
    responses2xx: latencies.length,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    mismatches: result.mismatches,
    statusCodes: result.statusCodeStats,
    bytesPerResponse: result['2xx'] ? result.throughput.total / result['2xx'] : 0,
    duration: result.duration,
  };
  const ok = row.non2xx === 0 && row.errors === 0 && row.timeouts === 0 && row.responses2xx > 0;
  log(
    `      ${ok ? 'done' : 'FAILED'}: ${fmtInt(row.reqPerSec)} req/s (± ${fmtInt(row.reqPerSecStddev)} over 1-s samples), p50 ${fmtMs(row.p50)} ms, p95 ${fmtMs(row.p95)} ms, ` +
      `p99 ${fmtMs(row.p99)} ms; ${fmtInt(row.responses2xx)} 2xx, ${row.non2xx} non-2xx, ${row.errors} errors, ${row.timeouts} timeouts`,
  );
  if (!ok) log(`      status codes: ${JSON.stringify(row.statusCodes)}`);
  row.ok = ok;
  return row;
}

// ------------------------------------------------------------------------------------------------
// The run
// ------------------------------------------------------------------------------------------------
function build() {
  log('== Compiling plugins and CMS (npm run build:cms; BENCH_SKIP_BUILD=1 skips this)');
  const res = spawnSync('npm', ['run', 'build:cms'], { cwd: ROOT, stdio: 'inherit' });
  if (res.status !== 0) throw new Error(`npm run build:cms failed (exit ${res.status ?? res.signal})`);
}

async function benchCms(db, rows, info) {
  await withDatabase(db, async (env) => {
    const label = `cms ${db}`;
    log(`\n== ${DB_LABEL[db]}: starting the CMS (fresh database, demo data seeded)`);
    const bootStart = Date.now();
    const { info: targetInfo, stop } = await startTarget('cms-target.mjs', [db], env, label);
    try {
      log(`   ready at ${targetInfo.url} in ${((Date.now() - bootStart) / 1000).toFixed(1)} s (${targetInfo.databaseVersion}; Strapi ${targetInfo.strapi}, NODE_ENV=${targetInfo.nodeEnv})`);
      info.strapi = targetInfo.strapi;
      info.nodeEnv = targetInfo.nodeEnv;
      info.databases[db] = targetInfo.databaseVersion;
      const base = targetInfo.url;

      const list = await request(base + LIST_PATH);
      expect(list.status === 200, `GET ${LIST_PATH} → ${list.status} ${JSON.stringify(list.json)}`);
      expect(Array.isArray(list.json?.data) && list.json.data.length === PAGE_SIZE, `GET ${LIST_PATH} returned ${list.json?.data?.length} items, expected ${PAGE_SIZE}`);
      info.listTotal = list.json.meta?.pagination?.total;
      info.bodies[`list:${db}`] = list.bytes;

      const jwt = await login(base); // fresh access token (10 min) right before it is used
      const auth = { authorization: `Bearer ${jwt}` };
      const me = await request(base + ME_PATH, { headers: auth });
      expect(me.status === 200 && me.json?.email === DEMO_CLIENT.identifier, `GET ${ME_PATH} → ${me.status} ${JSON.stringify(me.json)}`);
      info.bodies[`me:${db}`] = me.bytes;

      rows.push(await measure({ target: `GET ${ME_PATH}`, database: db, baseUrl: base, urlPath: ME_PATH, headers: auth }));
      rows.push(await measure({ target: `GET ${LIST_PATH}`, database: db, baseUrl: base, urlPath: LIST_PATH }));
    } finally {
      await stop();
    }
  });
}

async function benchBare(rows, info) {
  log('\n== Ceiling: bare node:http server');
  const { info: targetInfo, stop } = await startTarget('bare-target.mjs', [], {}, 'bare');
  try {
    const res = await request(`${targetInfo.url}/`);
    expect(res.status === 200 && res.json?.data, `bare server GET / → ${res.status}`);
    info.bodies.bare = res.bytes;
    rows.push(await measure({ target: 'bare node:http (ceiling)', database: null, baseUrl: targetInfo.url, urlPath: '/' }));
  } finally {
    await stop();
  }
}

/** The commit measured, with "+ local changes" when the work tree differs from it (read-only git). */
function commit() {
  const git = (...args) => spawnSync('git', args, { cwd: ROOT, encoding: 'utf8' });
  const head = git('rev-parse', '--short', 'HEAD');
  if (head.status !== 0) return null;
  const dirty = git('status', '--porcelain', '--untracked-files=no', '--', '.', ':!bench', ':!.ci');
  return `${head.stdout.trim()}${dirty.status === 0 && dirty.stdout.trim() ? ' + local changes' : ''}`;
}

function machine() {
  const cpus = os.cpus();
  return {
    nproc: os.availableParallelism?.() ?? cpus.length,
    cpu: cpus[0]?.model?.replace(/\s+/g, ' ').trim() ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    autocannon: require('autocannon/package.json').version,
    loadavg: os.loadavg().map((n) => n.toFixed(2)).join(' '),
  };
}

function section(rows, info, startedAt) {
  const m = info.machine;
  const ceiling = rows.find((r) => r.database === null);
  const dbCell = (r) => (r.database ? DB_LABEL[r.database] : '—');
  const lines = [];
  lines.push(`<!-- bench:${SECTION}:start -->`);
  lines.push('## API under load: `GET /api/users/me` and a stock list endpoint, SQLite and PostgreSQL, bare Node ceiling (`npm run bench`)');
  lines.push('');
  lines.push(
    `Measured ${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC by \`npm run bench\` on ${m.nproc} CPUs (${m.cpu}), ` +
      `${m.memoryGiB} GiB, ${m.os}, Node ${m.node}, load average ${m.loadavg} at the start. Strapi ${info.strapi ?? '?'} (NODE_ENV=${info.nodeEnv ?? '?'}, log level warn); ` +
      Object.values(info.databases).join(', ') +
      (info.commit ? `; code at commit ${info.commit}` : '') +
      '.',
  );
  lines.push(
    `Load: autocannon ${m.autocannon}, ${CONNECTIONS} connections, ${WARMUP ? `${WARMUP} s warm-up (discarded) then ` : ''}${DURATION} s per row, ` +
      'keep-alive, no pipelining; the load generator and each server (its own process) share the same machine over loopback.',
  );
  lines.push(
    `Data: fresh database with Haven's demo seed (${info.listTotal ?? '?'} published resources); \`users/me\` as the demo client ` +
      `${DEMO_CLIENT.identifier} with a bearer access token; the list is public (${PAGE_SIZE} per page). ` +
      `Response bodies: users/me ${Object.entries(info.bodies).filter(([k]) => k.startsWith('me:')).map(([, v]) => v)[0] ?? '?'} B, ` +
      `list ${Object.entries(info.bodies).filter(([k]) => k.startsWith('list:')).map(([, v]) => v)[0] ?? '?'} B, ceiling ${info.bodies.bare ?? '?'} B.`,
  );
  lines.push('');
  lines.push('| target | database | req/s | p95 ms | p50 ms | non-2xx |');
  lines.push('|---|---|---:|---:|---:|---:|');
  for (const r of rows) {
    lines.push(`| ${r.target.replace(/\|/g, '\\|')} | ${dbCell(r)} | ${fmtInt(r.reqPerSec)} | ${fmtMs(r.p95)} | ${fmtMs(r.p50)} | ${r.non2xx} |`);
  }
  lines.push('');
  if (ceiling) {
    const parts = rows
      .filter((r) => r !== ceiling)
      .map((r) => `${r.target.split('?')[0]} on ${dbCell(r)} ${((100 * r.reqPerSec) / ceiling.reqPerSec).toFixed(1)} %`);
    lines.push(`Against the ceiling (${fmtInt(ceiling.reqPerSec)} req/s): ${parts.join(', ')}.`);
    lines.push('');
  }
  lines.push(
    'req/s is the mean of autocannon\'s per-second samples; p50 and p95 are nearest-rank percentiles over every 2xx ' +
      'response\'s latency, recorded by the bench (autocannon itself reports p90 and p97.5, not p95). ' +
      'Errors and timeouts were zero in every row; a run with any error, timeout or non-2xx response fails and writes nothing.',
  );
  lines.push(`<!-- bench:${SECTION}:end -->`);
  return lines.join('\n');
}

function writeResults(text) {
  const header = '# Haven benchmark results\n\nOne section per benchmark, newest figures of each; each `npm run bench…` command rewrites only its own section (between its markers).\n';
  let current = fs.existsSync(RESULTS_FILE) ? fs.readFileSync(RESULTS_FILE, 'utf8') : header;
  const startMarker = `<!-- bench:${SECTION}:start -->`;
  const endMarker = `<!-- bench:${SECTION}:end -->`;
  const begin = current.indexOf(startMarker);
  const end = current.indexOf(endMarker, begin);
  if (begin !== -1 && end !== -1) {
    current = current.slice(0, begin) + text + current.slice(end + endMarker.length);
  } else {
    current = `${current.trimEnd()}\n\n${text}\n`;
  }
  fs.writeFileSync(RESULTS_FILE, current.endsWith('\n') ? current : `${current}\n`);
}

async function main() {
  const startedAt = new Date();
  const info = { machine: machine(), commit: commit(), databases: {}, bodies: {} };
  steps = 1 + DATABASES.length * 2;
  const perStep = WARMUP + DURATION;
  log(`Haven bench: ${steps} measurements × ${perStep} s (+ CMS start-ups), ${CONNECTIONS} connections; about ${Math.ceil((steps * perStep + DATABASES.length * 30) / 60)} min`);
  log(`machine: ${info.machine.nproc} CPUs, ${info.machine.cpu}, load average ${info.machine.loadavg}, Node ${info.machine.node}, autocannon ${info.machine.autocannon}`);
  if (!process.version.startsWith('v24.')) log(`warning: Haven targets Node 24; this is ${process.version}`);
  if (os.loadavg()[0] > 0.5) log(`warning: load average ${info.machine.loadavg}: other work on this machine will distort the figures`);

  if (!SKIP_BUILD) build();
  if (!fs.existsSync(path.join(ROOT, 'cms', 'dist', 'src', 'index.js'))) throw new Error('cms/dist is missing: run `npm run build:cms`');

  const rows = [];
  await benchBare(rows, info);
  for (const db of DATABASES) await benchCms(db, rows, info);

  log('\n== Results');
  const text = section(rows, info, startedAt);
  const failed = rows.filter((r) => !r.ok);
  const outDir = path.join(BENCH, 'out');
  fs.mkdirSync(outDir, { recursive: true });
  const raw = path.join(outDir, `${SECTION}-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(raw, JSON.stringify({ startedAt, duration: DURATION, warmup: WARMUP, connections: CONNECTIONS, info, rows }, null, 2));
  for (const line of text.split('\n').filter((l) => l.startsWith('|') || l.startsWith('Against'))) log(line);
  log(`raw results: ${path.relative(ROOT, raw)}`);
  if (failed.length) {
    throw new Error(`${failed.length} measurement(s) saw errors, timeouts or non-2xx responses: ${failed.map((r) => `${r.target} (${r.database ?? 'bare'})`).join(', ')}; RESULTS.md left as it was`);
  }
  if (WRITE_RESULTS) {
    writeResults(text);
    log(`updated ${path.relative(ROOT, RESULTS_FILE)} (section "${SECTION}")`);
  } else {
    log('BENCH_WRITE=false: RESULTS.md left as it was');
  }
}

try {
  await main();
  await runCleanups();
} catch (error) {
  console.error(`\nbench failed: ${error?.stack ?? error}`);
  await runCleanups();
  process.exitCode = 1;
}
