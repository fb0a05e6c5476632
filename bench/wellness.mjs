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
 * BENCH_WRITE=false to leave RESULTS.md alone, BENCH_SKIP_BUILD=1 to use the compiled tree as it is.
 */
import { DB_LABEL, databasesFromEnv, isTTY, log, numberFromEnv } from './lib/env.mjs';
import { percentile } from './lib/load.mjs';
import { benchPerDatabase } from './lib/per-database.mjs';
import { machine, markerEnd, markerStart } from './lib/results.mjs';

const SAMPLES = numberFromEnv('BENCH_SAMPLES', 300, { integer: true });
const YEARS = numberFromEnv('BENCH_WELLNESS_YEARS', 5);
const SECTION = 'wellness';
const TARGET_P95_MS = 50;

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
    if (isTTY && i % 10 === 0) process.stdout.write(`\r    ${i}/${count} rounds of ${rows.length} requests`);
  }
  if (isTTY) process.stdout.write('\r');
  log(`    ${count} rounds of ${rows.length} requests`);
  return latencies.map((list) => {
    const sorted = list.sort((a, b) => a - b);
    return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), n: sorted.length };
  });
}

async function measure(db, { info }) {
  log(`   ${info.entries} entries and ${info.assessments} assessments written through the services in ${info.generateSeconds.toFixed(1)} s; ready at ${info.url} (${info.databaseVersion})`);
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
  return { db, info, rows: Object.fromEntries(plan.map((row, index) => [row.key, measured[index]])) };
}

function section(results, { startedAt, loadAtStart }) {
  const load = loadAtStart.split(' ')[0];
  const fmt = (n) => n.toFixed(1);
  const lines = [
    markerStart(SECTION),
    '## Wellness stats for five years of daily entries (`npm run bench:wellness`)',
    '',
    `Run ${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC on ${machine().nproc} cores (load average ${load} at the start), Node ${process.versions.node}. ` +
      `One client with ${results[0]?.info.entries.toLocaleString('en')} daily entries (${YEARS} years: mood, energy, sleep, 1–3 activities, 1–2 emotions, 60 % with an encrypted reflection) ` +
      `and ${results[0]?.info.assessments} assessments (PHQ-9 and GAD-7 every two weeks), written through the wellness services. ` +
      `${SAMPLES} requests per row, one at a time, the rows taking turns (so that each meets the same load of this shared machine), after 10 warm-up rounds. ` +
      `Target: \`GET /api/wellness/stats\` over the five years by day, p95 ≤ ${TARGET_P95_MS} ms. ` +
      "Baselines from the same run: `GET /api/users/me` (Strapi's floor for an authenticated request on this HTTP path) and, in the server process without HTTP, the endpoint's SQL alone (the floor of the data) " +
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
    row('baseline: the SQL queries alone (in process)', r.info.baselines.rawQuery, 'baseline');
    row('baseline: naive, Document Service + same computation (in process)', r.info.baselines.naive, 'baseline');
  }
  lines.push('', markerEnd(SECTION));
  return lines.join('\n');
}

await benchPerDatabase({
  section: SECTION,
  plan: `bench:wellness: ${YEARS} years of daily entries, ${SAMPLES} requests per row, on ${databasesFromEnv().join(' and ')}`,
  target: (db, env) => {
    log(`\n== ${DB_LABEL[db]}: ${YEARS} years of daily check-ins for one client, then the baselines in the server process`);
    return { script: 'wellness-target.mjs', args: [db], env, label: `wellness ${db}` };
  },
  measure,
  text: section,
  raw: { samples: SAMPLES, years: YEARS },
});
