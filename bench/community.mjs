#!/usr/bin/env node
/**
 * `npm run bench:community`: the anonymous community at scale (issue 4). Category listing p95 with
 * 100,000 posts and 500,000 replies, target ≤ 50 ms on this machine; also the categories endpoint
 * (post count per category), the community home listing and one long thread, on SQLite and PostgreSQL.
 *
 * Per database: a fresh database; bench/community-target.mjs `generate` (a child process) boots the CMS,
 * writes reference rows through the plugin's services and bulk-inserts the rest with knex, checked
 * against them; then `serve` (another child) boots the CMS on that data and the load generator here
 * (autocannon) measures each endpoint, logged in as the demo client, at BENCH_CONNECTIONS connections
 * and at one. Results replace this benchmark's section of bench/RESULTS.md; raw figures go to bench/out/.
 * See bench/README.md for the knobs.
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

function numberFromEnv(name, fallback, { min = 1, integer = false } = {}) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || (integer && !Number.isInteger(value))) {
    throw new Error(`${name} must be a ${integer ? 'whole ' : ''}number ≥ ${min}, not "${raw}"`);
  }
  return value;
}
const flag = (name, fallback) => {
  const raw = String(process.env[name] ?? '').toLowerCase();
  if (['1', 'true', 'yes'].includes(raw)) return true;
  if (['0', 'false', 'no'].includes(raw)) return false;
  return fallback;
};

const POSTS = numberFromEnv('BENCH_POSTS', 100_000, { min: 100, integer: true });
const REPLIES = numberFromEnv('BENCH_REPLIES', 500_000, { min: 0, integer: true });
const MEMBERS = numberFromEnv('BENCH_MEMBERS', 3_000, { min: 10, integer: true });
const REACTIONS = numberFromEnv('BENCH_REACTIONS', 2 * POSTS, { min: 0, integer: true });
const DURATION = numberFromEnv('BENCH_DURATION', 10);
const WARMUP = numberFromEnv('BENCH_WARMUP', 1, { min: 0 });
const CONNECTIONS = numberFromEnv('BENCH_CONNECTIONS', 20, { integer: true });
const SINGLE = flag('BENCH_SINGLE', true) && CONNECTIONS !== 1;
const TARGET_MS = numberFromEnv('BENCH_TARGET_MS', 50);
const BOOT_TIMEOUT = numberFromEnv('BENCH_BOOT_TIMEOUT', 180);
const GENERATE_TIMEOUT = numberFromEnv('BENCH_GENERATE_TIMEOUT', 1800);
const SETTLE_MS = 1000;
const DATABASES = (process.env.BENCH_DATABASES || 'sqlite,postgres').split(',').map((s) => s.trim()).filter(Boolean);
const SKIP_BUILD = flag('BENCH_SKIP_BUILD', false);
const WRITE_RESULTS = flag('BENCH_WRITE', true);
const VERBOSE = flag('BENCH_VERBOSE', false);
const PG_ADMIN_URL = process.env.BENCH_PG_ADMIN_URL || process.env.TEST_PG_ADMIN_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const RESULTS_FILE = path.join(BENCH, 'RESULTS.md');
const SECTION = 'community'; // this benchmark's markers in RESULTS.md

const BENCH_USER = { identifier: 'alex@haven.example', password: 'DemoPass2026!' };
const PAGE_SIZE = 20; // the listing's default page size
const HOME_PAGE_SIZE = 8; // what the site's /community page asks for
const TOKEN_MAX_AGE_MS = 8 * 60 * 1000; // access tokens live 10 minutes: log in again before that
const DB_LABEL = { sqlite: 'SQLite', postgres: 'PostgreSQL' };
for (const db of DATABASES) {
  if (!DB_LABEL[db]) throw new Error(`BENCH_DATABASES: unknown database "${db}" (use sqlite and/or postgres)`);
}

const isTTY = Boolean(process.stdout.isTTY);
const log = (line = '') => process.stdout.write(`${line}\n`);
const fmtInt = (n) => Math.round(n).toLocaleString('en-US');
const fmtMs = (n) => (Number.isFinite(n) ? n.toFixed(2) : '—');
const fmtBytes = (n) => (n >= 2 ** 20 ? `${(n / 2 ** 20).toFixed(0)} MiB` : `${(n / 1024).toFixed(1)} KiB`);

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
// Child processes: bench/community-target.mjs generate|serve
// ------------------------------------------------------------------------------------------------
const ANSI = /\x1b\[[0-9;]*m/g;
function echoChild(label, line) {
  if (!VERBOSE && /^\[[^\]]+\] (info|http|debug|verbose): /.test(line.replace(ANSI, ''))) return;
  log(`    [${label}] ${line}`);
}

let lastProgressPrint = 0;
function showProgress(p) {
  const now = Date.now();
  const pct = p.total ? Math.min(100, (100 * p.done) / p.total) : 0;
  const phase = p.phaseTotal ? `${p.phase} ${fmtInt(p.phaseDone)}/${fmtInt(p.phaseTotal)}` : p.phase;
  const line = `    generating: ${phase} · ${pct.toFixed(0)} % of ${fmtInt(p.total)} rows${p.rowsPerSecond ? ` · ${fmtInt(p.rowsPerSecond)} rows/s` : ''}`;
  if (isTTY) process.stdout.write(`\r${line}\x1b[K`);
  else if (now - lastProgressPrint >= 5000 || !p.phaseTotal || p.phaseDone === p.phaseTotal) {
    lastProgressPrint = now;
    log(line);
  }
}

/**
 * Starts community-target.mjs; resolves with the JSON of its first `<readyLine> {…}` line. `stop`
 * ends it (stdin closed, SIGTERM, SIGKILL after 15 s); `exited` resolves when it is gone.
 */
function startChild(args, env, label, { readyLine, timeoutSeconds }) {
  const child = spawn(process.execPath, [path.join(BENCH, 'community-target.mjs'), ...args], {
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
    const timer = setTimeout(() => reject(new Error(`${label}: no ${readyLine} after ${timeoutSeconds}s`)), timeoutSeconds * 1000);
    readline.createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.startsWith('BENCH_PROGRESS ')) {
        showProgress(JSON.parse(line.slice('BENCH_PROGRESS '.length)));
      } else if (line.startsWith(`${readyLine} `)) {
        clearTimeout(timer);
        if (isTTY) process.stdout.write('\r\x1b[K');
        resolve(JSON.parse(line.slice(readyLine.length + 1)));
      } else {
        echoChild(label, line);
      }
    });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`${label} exited before ${readyLine} (code ${code}, signal ${signal})`));
    });
  });
  return ready.then(
    (info) => ({ info, stop, exited }),
    async (error) => {
      await stop();
      throw error;
    },
  );
}

/** Runs fn with the environment of a fresh database of the given kind, removed afterwards. */
async function withDatabase(db, fn) {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-bench-community-'));
  const removeWorkDir = () => fs.rmSync(workDir, { recursive: true, force: true });
  cleanups.add(removeWorkDir);
  const env = { EMAIL_OUTBOX_DIR: path.join(workDir, 'outbox') };
  let dropDatabase = null;
  try {
    if (db === 'sqlite') {
      env.DATABASE_FILENAME = path.join(workDir, 'haven.db');
    } else {
      const name = `haven_bench_community_${Date.now().toString(36)}_${crypto.randomBytes(3).toString('hex')}`;
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
// HTTP checks: each endpoint answers what the generated data says, before it is loaded
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

/** A bearer header for the bench user, logging in again when the access token nears its 10 minutes. */
function session(baseUrl) {
  let token = null;
  let at = 0;
  return async () => {
    if (!token || Date.now() - at > TOKEN_MAX_AGE_MS) {
      const res = await request(`${baseUrl}/api/auth/local`, { method: 'POST', body: BENCH_USER });
      expect(res.status === 200 && typeof res.json?.jwt === 'string', `POST /api/auth/local as ${BENCH_USER.identifier} → ${res.status} ${JSON.stringify(res.json)}`);
      token = res.json.jwt;
      at = Date.now();
    }
    return { authorization: `Bearer ${token}` };
  };
}

const listPath = (query) => `/api/community/posts?${new URLSearchParams(query)}`;

/** The measured endpoints; `check` verifies a response against the generated data. */
function endpoints(data) {
  const category = process.env.BENCH_CATEGORY || data.busiestCategory;
  const visible = data.visibleByCategory[category];
  expect(visible !== undefined, `BENCH_CATEGORY: no category "${category}" (one of ${Object.keys(data.visibleByCategory).join(', ')})`);
  const mineHeld = data.heldForBenchUser[category] ?? 0;
  const total = visible + mineHeld;
  const allTotal = Object.values(data.visibleByCategory).reduce((a, b) => a + b, 0) + Object.values(data.heldForBenchUser).reduce((a, b) => a + b, 0);
  const deepPage = Math.min(50, Math.max(1, Math.ceil(total / PAGE_SIZE)));
  const listCheck = (expectedTotal, size, extra) => (res) => {
    expect(res.status === 200, `status ${res.status} ${JSON.stringify(res.json)?.slice(0, 300)}`);
    const items = res.json?.data;
    expect(Array.isArray(items) && items.length === Math.min(size, expectedTotal), `${items?.length} items, expected ${Math.min(size, expectedTotal)}`);
    expect(res.json.meta?.pagination?.total === expectedTotal, `pagination.total ${res.json.meta?.pagination?.total}, the data has ${expectedTotal} (visible + the bench user's held)`);
    extra?.(items);
  };
  const newestFirst = (items) => {
    for (let i = 1; i < items.length; i++) expect(items[i - 1].createdAt >= items[i].createdAt, 'sort=new is not newest first');
  };
  const sum = (p) => p.reactions.heart + p.reactions.hug + p.reactions.strength + p.reactions.relate;
  return [
    {
      key: 'new',
      label: `category listing, sort=new, page 1`,
      path: listPath({ category, sort: 'new', page: 1 }),
      listing: true,
      check: listCheck(total, PAGE_SIZE, (items) => {
        newestFirst(items);
        expect(items.every((p) => p.category.slug === category), 'a post from another category');
        if (mineHeld) expect(items.some((p) => p.status === 'held' && p.author.isYou), "the bench user's held post is missing from page 1 (the \"held and mine\" path)");
      }),
    },
    {
      key: 'deep',
      label: `category listing, sort=new, page ${deepPage}`,
      path: listPath({ category, sort: 'new', page: deepPage }),
      listing: true,
      check: listCheck(total, Math.min(PAGE_SIZE, total - (deepPage - 1) * PAGE_SIZE), newestFirst),
    },
    { key: 'active', label: 'category listing, sort=active, page 1', path: listPath({ category, sort: 'active', page: 1 }), listing: true, check: listCheck(total, PAGE_SIZE) },
    {
      key: 'top',
      label: 'category listing, sort=top, page 1',
      path: listPath({ category, sort: 'top', page: 1 }),
      listing: true,
      check: listCheck(total, PAGE_SIZE, (items) => {
        for (let i = 1; i < items.length; i++) expect(sum(items[i - 1]) >= sum(items[i]), 'sort=top is not most reactions first');
      }),
    },
    {
      key: 'categories',
      label: 'categories with post counts',
      path: '/api/community/categories',
      listing: true,
      check: (res) => {
        expect(res.status === 200 && Array.isArray(res.json?.data), `status ${res.status}`);
        for (const [slug, n] of Object.entries(data.visibleByCategory)) {
          const got = res.json.data.find((c) => c.slug === slug);
          expect(got?.postCount === n, `categories: ${slug} postCount ${got?.postCount}, the data has ${n} visible posts`);
        }
      },
    },
    {
      key: 'home',
      label: `all categories, sort=new, ${HOME_PAGE_SIZE} per page (site's /community)`,
      path: listPath({ sort: 'new', pageSize: HOME_PAGE_SIZE }),
      listing: true,
      check: listCheck(allTotal, HOME_PAGE_SIZE, newestFirst),
    },
    {
      key: 'thread',
      label: `post page, longest thread (${fmtInt(data.topPost.replyCount)} replies; the API returns the first 1,000)`,
      path: `/api/community/posts/${data.topPost.id}`,
      listing: false,
      check: (res) => {
        expect(res.status === 200 && res.json?.data?.id === data.topPost.id, `status ${res.status}`);
        const n = res.json.data.replies.length;
        expect(n >= Math.min(1000, data.topPost.replyCount) && n <= 1000, `${n} replies, the post has ${data.topPost.replyCount} visible`);
      },
    },
    {
      key: 'me',
      label: 'reference: GET /api/users/me (no community query)',
      path: '/api/users/me',
      listing: false,
      check: (res) => expect(res.status === 200 && res.json?.email === BENCH_USER.identifier, `status ${res.status}`),
    },
  ].map((e) => ({ ...e, category }));
}

// ------------------------------------------------------------------------------------------------
// Load (as bench/run.mjs: every 2xx latency recorded, nearest-rank percentiles)
// ------------------------------------------------------------------------------------------------
function percentile(sorted, p) {
  if (!sorted.length) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

function load({ url, headers, duration, connections, title }) {
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
    const instance = autocannon({ url, headers, connections, duration, timeout: 10 }, (error, result) => {
      clearInterval(progress);
      if (isTTY) process.stdout.write('\r\x1b[K');
      if (error) reject(error);
      else resolve({ result, latencies: Float64Array.from(latencies).sort() });
    });
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      responses++;
      if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
    });
  });
}

let step = 0;
let steps = 0;
async function measure({ endpoint, database, baseUrl, headers, connections }) {
  step++;
  log(`  [${step}/${steps}] ${DB_LABEL[database]}, ${connections} connection${connections === 1 ? '' : 's'}: ${endpoint.label}`);
  const loadBefore = os.loadavg()[0];
  const url = baseUrl + endpoint.path;
  if (WARMUP) await load({ url, headers, duration: WARMUP, connections, title: 'warm-up' });
  const { result, latencies } = await load({ url, headers, duration: DURATION, connections, title: 'measuring' });
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  const row = {
    key: endpoint.key,
    label: endpoint.label,
    path: endpoint.path,
    listing: endpoint.listing,
    database,
    connections,
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
    statusCodes: result.statusCodeStats,
    bytesPerResponse: result['2xx'] ? result.throughput.total / result['2xx'] : 0,
    loadavg: [loadBefore, os.loadavg()[0]],
  };
  row.ok = row.non2xx === 0 && row.errors === 0 && row.timeouts === 0 && row.responses2xx > 0;
  row.targetMet = row.listing ? row.p95 <= TARGET_MS : null;
  log(
    `      ${row.ok ? 'done' : 'FAILED'}: ${fmtInt(row.reqPerSec)} req/s, p50 ${fmtMs(row.p50)} ms, p95 ${fmtMs(row.p95)} ms, p99 ${fmtMs(row.p99)} ms; ` +
      `${fmtInt(row.responses2xx)} 2xx, ${row.non2xx} non-2xx, ${row.errors} errors, ${row.timeouts} timeouts` +
      (row.listing ? ` · target p95 ≤ ${TARGET_MS} ms ${row.targetMet ? 'met' : 'MISSED'}` : ''),
  );
  if (!row.ok) log(`      status codes: ${JSON.stringify(row.statusCodes)}`);
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

const dataEnv = () => ({
  BENCH_POSTS: String(POSTS),
  BENCH_REPLIES: String(REPLIES),
  BENCH_MEMBERS: String(MEMBERS),
  BENCH_REACTIONS: String(REACTIONS),
  ...(process.env.BENCH_SEED ? { BENCH_SEED: process.env.BENCH_SEED } : {}),
});

async function benchDatabase(db, rows, info) {
  await withDatabase(db, async (env) => {
    log(`\n== ${DB_LABEL[db]}: generating ${fmtInt(POSTS)} posts, ${fmtInt(REPLIES)} replies, ${fmtInt(REACTIONS)} reactions, ${fmtInt(MEMBERS)} members`);
    const genStart = Date.now();
    const gen = await startChild(['generate', db], { ...env, ...dataEnv() }, `generate ${db}`, { readyLine: 'BENCH_GENERATED', timeoutSeconds: GENERATE_TIMEOUT });
    const { code } = await gen.exited;
    cleanups.delete(gen.stop);
    if (code !== 0) throw new Error(`generate ${db} exited with code ${code}`);
    const data = gen.info;
    data.wallSeconds = (Date.now() - genStart) / 1000;
    info.generated[db] = data;
    const size = db === 'sqlite' ? `database file ${fmtBytes(data.fileBytes)}` : `posts ${fmtBytes(Object.values(data.sizes)[0])}, replies ${fmtBytes(Object.values(data.sizes)[1])} (with indexes)`;
    log(
      `   generated in ${data.wallSeconds.toFixed(0)} s (inserts ${data.insertSeconds.toFixed(0)} s${data.vacuumSeconds ? `, VACUUM ANALYZE ${data.vacuumSeconds.toFixed(0)} s` : ''}, ` +
        `CMS start and checks the rest); ${size}; busiest category ${data.busiestCategory} (${fmtInt(data.visibleByCategory[data.busiestCategory])} visible posts); ` +
        `longest thread ${fmtInt(data.topPost.replyCount)} replies`,
    );

    log(`== ${DB_LABEL[db]}: starting the CMS on that data`);
    const bootStart = Date.now();
    const { info: target, stop } = await startChild(['serve', db], env, `cms ${db}`, { readyLine: 'BENCH_TARGET', timeoutSeconds: BOOT_TIMEOUT });
    try {
      log(`   ready at ${target.url} in ${((Date.now() - bootStart) / 1000).toFixed(1)} s (${target.databaseVersion}; Strapi ${target.strapi}, NODE_ENV=${target.nodeEnv})`);
      info.strapi = target.strapi;
      info.nodeEnv = target.nodeEnv;
      info.databases[db] = target.databaseVersion;
      const auth = session(target.url);
      const list = endpoints(data);
      info.category = list[0].category;
      for (const endpoint of list) {
        const res = await request(target.url + endpoint.path, { headers: await auth() });
        try {
          endpoint.check(res);
        } catch (error) {
          throw new Error(`GET ${endpoint.path} on ${DB_LABEL[db]}: ${error.message}`);
        }
        info.bodies[endpoint.key] = res.bytes;
      }
      log(`   every endpoint answers as the data says (${list.length} checked)`);
      for (const connections of SINGLE ? [CONNECTIONS, 1] : [CONNECTIONS]) {
        for (const endpoint of list) rows.push(await measure({ endpoint, database: db, baseUrl: target.url, headers: await auth(), connections }));
      }
    } finally {
      await stop();
    }
  });
}

/** The commit measured, with "+ local changes" when the work tree differs from it (read-only git). */
function commit() {
  const git = (...args) => spawnSync('git', args, { cwd: ROOT, encoding: 'utf8' });
  const head = git('rev-parse', '--short', 'HEAD');
  if (head.status !== 0) return null;
  const dirty = git('status', '--porcelain', '--untracked-files=no', '--', 'plugins', 'cms');
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

function section(rows, info, startedAt, finishedAt) {
  const m = info.machine;
  const lines = [];
  const minutes = ((finishedAt - startedAt) / 60000).toFixed(0);
  lines.push(`<!-- bench:${SECTION}:begin (written by \`npm run bench:community\`, bench/community.mjs; edits inside are overwritten) -->`);
  lines.push(`## Community at scale: category listing with ${fmtInt(POSTS)} posts and ${fmtInt(REPLIES)} replies (target p95 ≤ ${TARGET_MS} ms)`);
  lines.push('');
  lines.push(
    `Measured ${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC (${minutes} min) by \`npm run bench:community\` on ${m.nproc} CPUs (${m.cpu}), ${m.memoryGiB} GiB, ${m.os}, ` +
      `Node ${m.node}; load average ${m.loadavg} at the start, ${info.loadavgEnd} at the end (other work on the machine shows up in the figures). ` +
      `Strapi ${info.strapi ?? '?'} (NODE_ENV=${info.nodeEnv ?? '?'}, log level warn); ${Object.values(info.databases).join(', ')}` +
      (info.commit ? `; code at commit ${info.commit}` : '') +
      '.',
  );
  lines.push('');
  const g = Object.values(info.generated)[0];
  lines.push(
    `**Data** (same seed, so the same rows, on each database): ${fmtInt(POSTS)} posts over 7 categories and a year, ${fmtInt(REPLIES)} replies (heavy-tailed: ` +
      `most threads short, the longest ${fmtInt(g.topPost.replyCount)}), ${fmtInt(REACTIONS)} reactions, ${fmtInt(MEMBERS)} members with their site accounts; ` +
      'about 4 % of posts and 2.5 % of replies hidden, removed, deleted or held. Inserted with knex into the plugin\'s tables in the shape its services write ' +
      '(checked against rows written through them), with reply counts, last activity and reaction counts consistent (checked in SQL). ' +
      `Measured category: \`${info.category}\` (${fmtInt(g.visibleByCategory[info.category])} visible posts; the bench user, the demo client ${BENCH_USER.identifier}, ` +
      `has ${g.heldForBenchUser[info.category] ?? 0} posts there awaiting review, so the listing takes its "visible, or held and mine" path).`,
  );
  const genLines = Object.entries(info.generated).map(([db, d]) => {
    const size = db === 'sqlite' ? `database file ${fmtBytes(d.fileBytes)}` : `posts ${fmtBytes(Object.values(d.sizes)[0])}, replies ${fmtBytes(Object.values(d.sizes)[1])}, reactions ${fmtBytes(Object.values(d.sizes)[2])} with indexes`;
    return `${DB_LABEL[db]} ${d.wallSeconds.toFixed(0)} s (inserts ${d.insertSeconds.toFixed(0)} s${d.vacuumSeconds ? `, then VACUUM ANALYZE ${d.vacuumSeconds.toFixed(0)} s as autovacuum would` : ', no ANALYZE, as Strapi leaves it'}; ${size})`;
  });
  lines.push(`Generation (CMS start, inserts, checks): ${genLines.join('; ')}.`);
  lines.push('');
  lines.push(
    `**Load**: autocannon ${m.autocannon} in this process, the CMS in a child process (one Strapi, one Node process), loopback, keep-alive; ` +
      `${WARMUP ? `${WARMUP} s warm-up (discarded), then ` : ''}${DURATION} s per row, first at ${CONNECTIONS} connections, then${SINGLE ? '' : ' (BENCH_SINGLE=false: skipped)'} at 1 connection ` +
      '(one request at a time: the time a request takes, without queueing behind others). Every request as the bench user with a bearer access token. ' +
      'p50/p95: nearest-rank over every 2xx response of the measured run. Zero non-2xx, errors and timeouts in every row (a run with any fails and writes nothing).',
  );
  for (const db of Object.keys(info.databases)) {
    lines.push('');
    lines.push(`### ${DB_LABEL[db]}`);
    lines.push('');
    lines.push(`| endpoint | connections | req/s | p50 ms | p95 ms | target met? (p95 ≤ ${TARGET_MS} ms) |`);
    lines.push('|---|---:|---:|---:|---:|---|');
    for (const r of rows.filter((row) => row.database === db)) {
      const verdict = r.listing ? (r.targetMet ? 'yes' : `**no** (${fmtMs(r.p95)} ms)`) : '— (no target)';
      lines.push(`| ${r.label} \`${r.path.replace(/\|/g, '\\|')}\` | ${r.connections} | ${fmtInt(r.reqPerSec)} | ${fmtMs(r.p50)} | ${fmtMs(r.p95)} | ${verdict} |`);
    }
  }
  lines.push('');
  lines.push(...verdict(rows));
  lines.push(`<!-- bench:${SECTION}:end -->`);
  return lines.join('\n');
}

/** The plain-words conclusion, from the figures. */
function verdict(rows) {
  const out = [];
  const listing = rows.filter((r) => r.key === 'new' || r.key === 'deep' || r.key === 'active' || r.key === 'top');
  const worst = (list) => list.reduce((a, b) => (b.p95 > a.p95 ? b : a), list[0]);
  const at = (c) => listing.filter((r) => r.connections === c);
  const describe = (r) => `${fmtMs(r.p95)} ms (${r.label}, ${DB_LABEL[r.database]})`;
  const many = at(CONNECTIONS);
  const one = at(1);
  const me = rows.filter((r) => r.key === 'me' && r.connections === CONNECTIONS);
  const cats = rows.filter((r) => r.key === 'categories');
  if (one.length) {
    const w = worst(one);
    out.push(
      `**Verdict, one request at a time:** the category listing ${w.p95 <= TARGET_MS ? 'meets' : '**misses**'} the target on every database measured: ` +
        `worst p95 ${describe(w)}. Categories endpoint: ${cats.filter((r) => r.connections === 1).map((r) => `${fmtMs(r.p95)} ms on ${DB_LABEL[r.database]}`).join(', ')}.`,
    );
  }
  if (many.length) {
    const w = worst(many);
    const met = many.every((r) => r.p95 <= TARGET_MS);
    out.push('');
    out.push(
      `**Verdict, ${CONNECTIONS} connections:** ${met ? 'met' : `**missed**: worst p95 ${describe(w)}`}. ` +
        (met
          ? ''
          : `With ${CONNECTIONS} requests always in flight against one Node process on ${os.availableParallelism?.() ?? os.cpus().length} cores (load generator and database included), ` +
            `latency is mostly waiting in line (p50 ≈ ${CONNECTIONS} ÷ req/s): even the reference row, \`GET /api/users/me\`, which runs no community query, has p95 ` +
            `${me.map((r) => `${fmtMs(r.p95)} ms on ${DB_LABEL[r.database]}`).join(' and ')}. No query or index change can bring ${CONNECTIONS}-connection p95 under ${TARGET_MS} ms on this machine; ` +
            'throughput (req/s) is the figure to compare there, against the reference row.'),
    );
  }
  return out;
}

function writeResults(text) {
  const header = '# Haven benchmark results\n\nOne section per benchmark, newest figures of each; `npm run bench` rewrites only its own section (between its markers).\n';
  let current = fs.existsSync(RESULTS_FILE) ? fs.readFileSync(RESULTS_FILE, 'utf8') : header;
  const begin = current.indexOf(`<!-- bench:${SECTION}:begin`);
  const endMarker = `<!-- bench:${SECTION}:end -->`;
  const end = current.indexOf(endMarker);
  if (begin !== -1 && end > begin) current = current.slice(0, begin) + text + current.slice(end + endMarker.length);
  else current = `${current.replace(/\s*$/, '')}\n\n${text}\n`;
  fs.writeFileSync(RESULTS_FILE, current.endsWith('\n') ? current : `${current}\n`);
}

async function main() {
  const startedAt = new Date();
  const info = { machine: machine(), commit: commit(), databases: {}, generated: {}, bodies: {} };
  const perDb = 8 * (SINGLE ? 2 : 1);
  steps = DATABASES.length * perDb;
  const perStep = WARMUP + DURATION + SETTLE_MS / 1000;
  log(
    `Haven community bench: ${fmtInt(POSTS)} posts, ${fmtInt(REPLIES)} replies per database (${DATABASES.map((d) => DB_LABEL[d]).join(', ')}); ` +
      `${steps} measurements × ${perStep} s at ${CONNECTIONS}${SINGLE ? ' and 1' : ''} connection(s); about ${Math.ceil((steps * perStep + DATABASES.length * (60 + (POSTS + REPLIES) / 8000)) / 60)} min`,
  );
  log(`machine: ${info.machine.nproc} CPUs, ${info.machine.cpu}, load average ${info.machine.loadavg}, Node ${info.machine.node}, autocannon ${info.machine.autocannon}`);
  if (!process.version.startsWith('v24.')) log(`warning: Haven targets Node 24; this is ${process.version}`);
  if (os.loadavg()[0] > 0.5) log(`warning: load average ${info.machine.loadavg}: other work on this machine will distort the figures`);

  if (!SKIP_BUILD) build();
  if (!fs.existsSync(path.join(ROOT, 'cms', 'dist', 'src', 'index.js'))) throw new Error('cms/dist is missing: run `npm run build:cms`');

  const rows = [];
  for (const db of DATABASES) await benchDatabase(db, rows, info);
  info.loadavgEnd = os.loadavg().map((n) => n.toFixed(2)).join(' ');
  const finishedAt = new Date();

  log('\n== Results');
  const text = section(rows, info, startedAt, finishedAt);
  const outDir = path.join(BENCH, 'out');
  fs.mkdirSync(outDir, { recursive: true });
  const raw = path.join(outDir, `${SECTION}-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(raw, JSON.stringify({ startedAt, finishedAt, duration: DURATION, warmup: WARMUP, connections: CONNECTIONS, targetMs: TARGET_MS, info, rows }, null, 2));
  for (const line of text.split('\n').filter((l) => l.startsWith('|') || l.startsWith('###') || l.startsWith('**Verdict'))) log(line);
  log(`raw results: ${path.relative(ROOT, raw)}`);
  const failed = rows.filter((r) => !r.ok);
  if (failed.length) {
    throw new Error(`${failed.length} measurement(s) saw errors, timeouts or non-2xx responses: ${failed.map((r) => `${r.label} (${r.database}, ${r.connections})`).join(', ')}; RESULTS.md left as it was`);
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
