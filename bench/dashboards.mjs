#!/usr/bin/env node
/**
 * `npm run bench:dashboards`: how long each staff dashboard takes over a whole year of activity for
 * 10,000 people, cold cache (DASHBOARDS_CACHE_SECONDS=0: every request counts again), asked over HTTP
 * as a super admin, on SQLite and PostgreSQL. Issue 17's bar: each dashboard ≤ 300 ms on this machine.
 *
 * Per database, bench/dashboards-target.mjs boots the CMS on a fresh database and writes the year
 * (bench/lib/year/*, with a progress bar here); then this process logs in as its super admin and asks
 * every dashboard for the last 365 days BENCH_RUNS + 1 times, taking turns request by request with the
 * baselines measured in the same run: `GET /admin/users/me` (an admin round trip: session, permissions,
 * one row) and `GET /api/dashboards/health` (no database work). The first request of each is the cold
 * one (the first time that process ever runs those queries). A dashboard this build does not have yet
 * (404) is reported as missing, never silently left out.
 *
 * Knobs: BENCH_RUNS (10), BENCH_TARGET_MS (300), BENCH_PEOPLE (10000), BENCH_SESSIONS (60000), … (see
 * bench/README.md), BENCH_DATABASES (sqlite,postgres), BENCH_WRITE=false to leave RESULTS.md alone,
 * BENCH_SKIP_BUILD=1 to use the compiled CMS as it is.
 */
import cliProgress from 'cli-progress';
import { databasesFromEnv, fmtBytes, fmtInt, isTTY, log, numberFromEnv } from './lib/env.mjs';
import { expect, request } from './lib/http.mjs';
import { benchPerDatabase } from './lib/per-database.mjs';
import { markerEnd, markerStart, runLine } from './lib/results.mjs';

const RUNS = numberFromEnv('BENCH_RUNS', 10, { integer: true });
const TARGET_MS = numberFromEnv('BENCH_TARGET_MS', 300);
const SECTION = 'dashboards';
const DAY = 86_400_000;

/** What is asked, in the order each round asks it. `dashboard: false` rows are the baselines. */
const ENDPOINTS = [
  { key: 'health', path: '/api/dashboards/health', what: 'baseline `GET /api/dashboards/health` (no database work)', dashboard: false, auth: false },
  { key: 'me', path: '/admin/users/me', what: 'baseline `GET /admin/users/me` (admin round trip: session, permissions, one row)', dashboard: false },
  { key: 'usage', path: '/dashboards/usage', what: 'usage `GET /dashboards/usage`', dashboard: true },
  { key: 'therapists', path: '/dashboards/therapists', what: 'therapists `GET /dashboards/therapists`', dashboard: true },
  { key: 'engagement', path: '/dashboards/engagement', what: 'engagement `GET /dashboards/engagement`', dashboard: true },
  { key: 'library', path: '/dashboards/library', what: 'library (editors) `GET /dashboards/library`', dashboard: true },
  { key: 'moderation', path: '/dashboards/moderation', what: 'moderation (moderators) `GET /dashboards/moderation`', dashboard: true },
];

// ---- progress of the generation, drawn here from the target's BENCH_PROGRESS lines -----------------
/** About how many rows the target writes (calibrated on the default sizes); the bar grows if it is more. */
function expectedRows() {
  const n = (name, fallback) => numberFromEnv(name, fallback, { min: 0 });
  return Math.round(n('BENCH_PEOPLE', 10_000) * 40 + n('BENCH_SESSIONS', 60_000) * 2.5 + n('BENCH_POSTS', 12_000) * 1.1 + n('BENCH_REPLIES', 48_000) * 1.05 + n('BENCH_SEARCHES', 60_000));
}

function progressBar(db) {
  let bar = null;
  let lastLine = 0;
  return {
    update({ phase, rows }) {
      if (!isTTY) {
        if (Date.now() - lastLine > 5000 || phase === 'done') log(`   ${db}: ${phase}, ${fmtInt(rows)} rows written`);
        lastLine = Date.now();
        return;
      }
      if (!bar) {
        bar = new cliProgress.SingleBar({ format: `   ${db} {bar} {percentage}% | {value}/{total} rows | {phase} | {duration_formatted}`, hideCursor: true, clearOnComplete: false }, cliProgress.Presets.shades_classic);
        bar.start(expectedRows(), 0, { phase });
      }
      if (rows > bar.getTotal()) bar.setTotal(rows);
      if (phase === 'done') {
        bar.setTotal(rows);
        bar.update(rows, { phase });
        bar.stop();
      } else bar.update(rows, { phase });
    },
  };
}

// ---- measuring ---------------------------------------------------------------------------------------
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

async function timed(url, headers) {
  const t0 = performance.now();
  const res = await fetch(url, { headers, signal: AbortSignal.timeout(60_000) });
  const text = await res.text();
  return { ms: performance.now() - t0, status: res.status, bytes: Buffer.byteLength(text), text };
}

/** CPU milliseconds the target (and its database's processes) spent between two readings. */
async function cpuOf(ask, work) {
  const before = await ask('cpu', 'BENCH_CPU');
  const result = await work();
  const after = await ask('cpu', 'BENCH_CPU');
  const db = before.db === null || after.db === null ? null : after.db - before.db;
  return { ...result, cpu: after.node - before.node + (db ?? 0), dbCpu: db };
}

/** The usage dashboard counted what was generated: its totals against the target's plain counts. */
function checkUsage(report, expected, range) {
  if (expected.range.from !== range.from || expected.range.to !== range.to) return log(`    (the day changed since the data was counted: the usage totals are not checked)`);
  for (const key of ['signups', 'held', 'noShow']) {
    expect(report?.totals?.[key] === expected[key], `the usage dashboard counts ${report?.totals?.[key]} ${key} over the year, the data has ${expected[key]}`);
  }
  log(`    usage totals match the data: ${fmtInt(expected.signups)} sign-ups, ${fmtInt(expected.held)} sessions held, ${fmtInt(expected.noShow)} no-shows`);
}

async function measure(db, { info, ask }) {
  log(`\n   ready at ${info.url} in ${info.generateSeconds.toFixed(0)} s (inserts ${info.insertSeconds.toFixed(0)} s, ${fmtInt(info.rowsWritten)} rows, ${fmtBytes(info.bytes)}; ${info.databaseVersion})`);
  for (const [label, n] of Object.entries(info.counts)) log(`     ${label}: ${fmtInt(n)}`);
  const login = await request(`${info.url}/admin/login`, { method: 'POST', body: info.admin });
  expect(login.status === 200 && login.json?.data?.token, `POST /admin/login as the bench super admin → ${login.status}`);
  const auth = { authorization: `Bearer ${login.json.data.token}` };
  const today = new Date(Date.now()).toISOString().slice(0, 10);
  const from = new Date(Date.parse(today) - 364 * DAY).toISOString().slice(0, 10);
  const range = `from=${from}&to=${today}`;
  const urlOf = (e) => `${info.url}${e.path}${e.dashboard ? `?${range}` : ''}`;

  // Round 0 is the cold one; a dashboard answering 404 does not exist in this build and is left out
  // of the later rounds (and said so); any other failure stops the run.
  const rows = ENDPOINTS.map((e) => ({ ...e, times: [], cpus: [], cold: null, coldCpu: null, missing: false, bytes: 0 }));
  for (let round = 0; round <= RUNS; round++) {
    if (isTTY) process.stdout.write(`\r    ${db}: round ${round} of ${RUNS}${round === 0 ? ' (cold)' : ''}`);
    for (const row of rows) {
      if (row.missing) continue;
      const answer = await cpuOf(ask, () => timed(urlOf(row), row.auth === false ? {} : auth));
      if (round === 0 && answer.status === 404 && row.dashboard) {
        row.missing = true;
        continue;
      }
      expect(answer.status === 200, `GET ${row.path} → ${answer.status} ${answer.text.slice(0, 300)}`);
      if (round === 0 && row.key === 'usage') checkUsage(JSON.parse(answer.text).data, info.expected, { from, to: today });
      if (round === 0) Object.assign(row, { cold: answer.ms, coldCpu: answer.cpu, bytes: answer.bytes });
      else {
        row.times.push(answer.ms);
        row.cpus.push(answer.cpu);
      }
    }
  }
  if (isTTY) process.stdout.write('\r\x1b[K');
  for (const row of rows) {
    if (row.missing) {
      log(`    warning: ${row.path} answered 404: this build has no such dashboard yet; it is reported as missing`);
      continue;
    }
    Object.assign(row, { median: median(row.times), max: Math.max(...row.times), cpu: median(row.cpus) });
    log(`    ${row.path}: cold ${row.cold.toFixed(0)} ms, median ${row.median.toFixed(0)} ms, max ${row.max.toFixed(0)} ms, CPU ${row.cpu.toFixed(0)} ms (${fmtBytes(row.bytes)})`);
  }
  return { db, info, range: { from, to: today }, rows };
}

// ---- the RESULTS.md section -------------------------------------------------------------------------
function verdict(row) {
  if (!row.dashboard) return '—';
  if (row.missing) return '**missing** (404 in this build)';
  const worst = Math.max(row.cold, row.max);
  if (worst <= TARGET_MS) return 'yes';
  return row.median <= TARGET_MS ? `median yes; worst ${worst.toFixed(0)} ms` : `**no** (median ${row.median.toFixed(0)} ms)`;
}

/** One sentence: which dashboards met the bar in wall time, and whether their work (CPU) did. */
function summary(results) {
  const dashboards = results.flatMap((r) => r.rows.filter((row) => row.dashboard && !row.missing).map((row) => ({ db: r.db, ...row })));
  const slow = dashboards.filter((row) => Math.max(row.cold, row.max) > TARGET_MS);
  const heavy = dashboards.filter((row) => row.cpu > TARGET_MS);
  const worstCpu = dashboards.reduce((worst, row) => (row.cpu > (worst?.cpu ?? -1) ? row : worst), null);
  const missing = results.flatMap((r) => r.rows.filter((row) => row.missing).map((row) => `${row.path} (${r.db})`));
  const parts = [
    slow.length ? `**Over ${TARGET_MS} ms in at least one request:** ${slow.map((row) => `${row.path} on ${row.db} (median ${row.median.toFixed(0)} ms, worst ${Math.max(row.cold, row.max).toFixed(0)} ms)`).join(', ')}.` : `**Every dashboard answered within ${TARGET_MS} ms in every request**, cold one included.`,
    worstCpu ? (heavy.length ? `The work itself exceeds the bar for ${heavy.map((row) => `${row.path} on ${row.db}`).join(', ')}.` : `The work itself (CPU, median) stays under it everywhere: at most ${worstCpu.cpu.toFixed(0)} ms (${worstCpu.path} on ${worstCpu.db})${slow.length ? ', so the slower wall times are waiting for the CPU on this shared machine (see the load average above and the baselines)' : ''}.`) : '',
    missing.length ? `Missing in this build: ${missing.join(', ')}.` : '',
  ];
  return parts.filter(Boolean).join(' ');
}

function section(results, { startedAt, loadAtStart }) {
  const first = results[0]?.info;
  const sizes = first ? Object.entries(first.counts).map(([label, n]) => `${fmtInt(n)} ${label}`).join(', ') : '?';
  const statuses = first ? Object.entries(first.therapistStatuses).map(([s, n]) => `${n} ${s}`).join(', ') : '?';
  const lines = [
    markerStart(SECTION),
    `## Dashboards (issue 17): a year of activity for ${first ? fmtInt(first.counts.accounts ?? 0) : '?'} people, cold cache (\`npm run bench:dashboards\`)`,
    '',
    `${runLine(startedAt, loadAtStart)} ` +
      `Data (same seed on each database, written with bulk inserts in transactions into the owners' tables, names from Strapi's metadata): ${sizes}; ` +
      `therapists ${statuses} (some licences expiring within 30 days, five sharing one licence number). Range asked: the last 365 days (${results[0]?.range.from ?? '?'} to ${results[0]?.range.to ?? '?'}). ` +
      `Each dashboard asked ${RUNS + 1} times as the super admin over HTTP with \`DASHBOARDS_CACHE_SECONDS=0\` (every answer counted again), taking turns request by request with the baselines; ` +
      `"cold" is the first request of each (the first time the process runs those queries), median and max over the ${RUNS} after it (wall time, request sent to body read). ` +
      `"CPU ms" is the CPU time the CMS process spent on the request${results.some((r) => r.db === 'postgres') ? ' plus, on PostgreSQL, the database server processes of the bench database (read from /proc, 10 ms steps)' : ''}: the work itself, which the other load on this shared machine does not inflate. ` +
      `The usage dashboard's year totals (sign-ups, sessions held, no-shows) were checked against plain counts of the generated rows. ` +
      `Target: each dashboard ≤ ${TARGET_MS} ms (wall, every request; "median yes" when only some of the ${RUNS + 1} were slower).`,
    '',
    `| database | endpoint | cold ms | median ms | max ms | CPU ms, median | answer | ≤ ${TARGET_MS} ms? |`,
    '|---|---|---:|---:|---:|---:|---:|---|',
  ];
  for (const r of results) {
    for (const row of r.rows) {
      const ms = (n) => (row.missing ? '—' : n.toFixed(1));
      lines.push(`| ${r.db} | ${row.what} | ${ms(row.cold)} | ${ms(row.median)} | ${ms(row.max)} | ${ms(row.cpu)} | ${row.missing ? '—' : fmtBytes(row.bytes)} | ${verdict(row)} |`);
    }
  }
  lines.push('', summary(results));
  const generation = results.map((r) => `${r.db} ${r.info.generateSeconds.toFixed(0)} s (${fmtInt(r.info.rowsWritten)} rows, ${fmtBytes(r.info.bytes)})`).join(', ');
  const warnings = [...new Set(results.flatMap((r) => r.info.warnings))];
  lines.push('', `Generation: ${generation}${results.some((r) => r.db === 'postgres') ? '; PostgreSQL then ran `VACUUM (ANALYZE)` as autovacuum would, SQLite no ANALYZE (Strapi never runs one)' : ''}.`);
  if (warnings.length) lines.push('', `Left out by the generator: ${warnings.map((w) => w.replace(/^warning: /, '')).join('; ')}.`);
  lines.push('', markerEnd(SECTION));
  return lines.join('\n');
}

await benchPerDatabase({
  section: SECTION,
  plan: `bench:dashboards: a year of activity for ${fmtInt(numberFromEnv('BENCH_PEOPLE', 10_000))} people, each dashboard ${RUNS + 1} times, cold cache, on ${databasesFromEnv().join(' and ')}`,
  target: (db, env) => {
    log(`\n== ${db}: generating one year of activity`);
    const bar = progressBar(db);
    return {
      script: 'dashboards-target.mjs',
      args: [db],
      env,
      label: `dashboards ${db}`,
      timeoutSeconds: 30 * 60,
      handlers: { BENCH_PROGRESS: (p) => bar.update(p), BENCH_WARNING: (line) => log(`\n   ${line}`) },
    };
  },
  measure,
  text: section,
  raw: { runs: RUNS, targetMs: TARGET_MS },
});
