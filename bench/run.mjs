#!/usr/bin/env node
/**
 * `npm run bench`: requests/s and latency of Haven's CMS under concurrent load (autocannon), on SQLite
 * and on PostgreSQL, beside a bare node:http server measured in the same run as the ceiling.
 *
 *   GET /api/users/me                          as the demo client (bearer JWT from POST /api/auth/local)
 *   GET /api/community/posts?category=…        the busiest demo category's listing, as the demo client
 *   GET /api/resources?pagination[pageSize]=10 public, stock Strapi content-API list
 *   GET /_health                               Strapi's own health answer (no auth, no database)
 *   GET / on bare node:http                    small fixed JSON body: what Node alone manages here
 * The CMS rows are measured twice per database: with the request-cost savings (the default) and with
 * them off (AUTH_CACHE_MS=0, SQLITE_STATEMENT_CACHE=0, COMMUNITY_CACHE_MS=0), each on a fresh database, in the same run.
 * On PostgreSQL, the same endpoints and the community listing of one category are also measured with
 * 1, 2 and 4 CMS processes sharing one port (BENCH_PROCESSES; bench/cms-cluster-target.mjs, node:cluster).
 *
 * Each server runs in its own child process (bench/cms-target.mjs, bench/bare-target.mjs); the load
 * generator runs here. Results replace this benchmark's section of bench/RESULTS.md and go, raw, to
 * bench/out/. See bench/README.md for the knobs (BENCH_DURATION, BENCH_CONNECTIONS, …).
 */
import { startChild, buildCms } from './lib/child.mjs';
import { runBench } from './lib/cleanup.mjs';
import { withDatabase } from './lib/database.mjs';
import { DB_LABEL, databasesFromEnv, fmtInt, fmtMs, listFromEnv, log, numberFromEnv } from './lib/env.mjs';
import { expect, request } from './lib/http.mjs';
import { logRow, measureLoad } from './lib/load.mjs';
import { announce, commit, machine, markerEnd, markerStart, report } from './lib/results.mjs';
import { assertCompiled } from './lib/strapi.mjs';

const DURATION = numberFromEnv('BENCH_DURATION', 10);
const WARMUP = numberFromEnv('BENCH_WARMUP', 3, { min: 0 });
const CONNECTIONS = Math.round(numberFromEnv('BENCH_CONNECTIONS', 20));
const BOOT_TIMEOUT = numberFromEnv('BENCH_BOOT_TIMEOUT', 180);
/** Seconds to wait after a start-up before the first row: the start-up passes (pg-boss starting, every background pass's first run) are not a request's cost. */
const SETTLE = numberFromEnv('BENCH_SETTLE', 5, { min: 0 });
const settle = () => (SETTLE ? new Promise((resolve) => setTimeout(resolve, SETTLE * 1000)) : Promise.resolve());
const DATABASES = databasesFromEnv();
/** CMS processes of the cluster rows (PostgreSQL only: SQLite is one file of one process). */
const PROCESSES = DATABASES.includes('postgres') ? [...new Set(listFromEnv('BENCH_PROCESSES', [1, 2, 4]))] : [];
const SECTION = 'api-load'; // this benchmark's markers in RESULTS.md

const DEMO_CLIENT = { identifier: 'alex@haven.example', password: 'DemoPass2026!' };
const ME_PATH = '/api/users/me';
const LIST_PATH = '/api/resources?pagination[pageSize]=10';
const PAGE_SIZE = 10;

async function login(baseUrl) {
  const res = await request(`${baseUrl}/api/auth/local`, { method: 'POST', body: DEMO_CLIENT });
  expect(res.status === 200 && typeof res.json?.jwt === 'string', `POST /api/auth/local as ${DEMO_CLIENT.identifier} → ${res.status} ${JSON.stringify(res.json)}`);
  return res.json.jwt;
}

let step = 0;
let steps = 0;
async function measure({ target, database, baseUrl, urlPath, headers = {} }) {
  step++;
  const where = database ? `${target} on ${DB_LABEL[database]}` : target;
  log(`  [${step}/${steps}] ${where}: ${WARMUP ? `${WARMUP} s warm-up, then ` : ''}${DURATION} s at ${CONNECTIONS} connections`);
  const row = { target, database, path: urlPath, ...(await measureLoad({ url: baseUrl + urlPath, headers, connections: CONNECTIONS, warmup: WARMUP, duration: DURATION })) };
  logRow(row);
  return row;
}

// ------------------------------------------------------------------------------------------------
// The run
// ------------------------------------------------------------------------------------------------
/**
 * The request-cost savings (issue 21: tokens, sessions, accounts, permissions, abilities and settings
 * kept AUTH_CACHE_MS, a community listing's reads kept COMMUNITY_CACHE_MS, SQLite statements kept) are
 * measured against the same code with them switched off, in the same run.
 */
const SAVINGS_OFF = { AUTH_CACHE_MS: '0', SQLITE_STATEMENT_CACHE: '0', COMMUNITY_CACHE_MS: '0' };

async function benchCms(db, rows, info, { savings = true } = {}) {
  await withDatabase(db, async (dbEnv) => {
    const env = savings ? dbEnv : { ...dbEnv, ...SAVINGS_OFF };
    const suffix = savings ? '' : ' (savings off)';
    const label = `cms ${db}${suffix}`;
    log(`\n== ${DB_LABEL[db]}${suffix}: starting the CMS (fresh database, demo data seeded)`);
    const bootStart = Date.now();
    const { info: targetInfo, stop } = await startChild({ script: 'cms-target.mjs', args: [db], env, label, timeoutSeconds: BOOT_TIMEOUT });
    try {
      log(`   ready at ${targetInfo.url} in ${((Date.now() - bootStart) / 1000).toFixed(1)} s (${targetInfo.databaseVersion}; Strapi ${targetInfo.strapi}, NODE_ENV=${targetInfo.nodeEnv})`);
      await settle();
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

      const community = await communityPath(base, auth);
      const listing = await request(base + community, { headers: auth });
      expect(listing.status === 200 && Array.isArray(listing.json?.data) && listing.json.data.length > 0, `GET ${community} → ${listing.status} ${JSON.stringify(listing.json)?.slice(0, 300)}`);
      info.communityPath = community;

      rows.push({ ...(await measure({ target: `GET ${ME_PATH}${suffix}`, database: db, baseUrl: base, urlPath: ME_PATH, headers: auth })), savings });
      rows.push({ ...(await measure({ target: `GET ${LIST_PATH}${suffix}`, database: db, baseUrl: base, urlPath: LIST_PATH })), savings });
      rows.push({ ...(await measure({ target: `GET community listing${suffix}`, database: db, baseUrl: base, urlPath: community, headers: auth })), savings, community: true });
      if (savings) rows.push({ ...(await measure({ target: 'GET /_health', database: db, baseUrl: base, urlPath: '/_health' })), savings });
    } finally {
      await stop();
    }
  });
}

/** The community listing of the busiest demo category, as the demo client sees it (bench/community.mjs measures it at scale). */
async function communityPath(base, auth) {
  const res = await request(`${base}/api/community/categories`, { headers: auth });
  expect(res.status === 200 && Array.isArray(res.json?.data) && res.json.data.length, `GET /api/community/categories → ${res.status} ${JSON.stringify(res.json)?.slice(0, 300)}`);
  const busiest = [...res.json.data].sort((a, b) => (b.postCount ?? 0) - (a.postCount ?? 0))[0];
  return `/api/community/posts?${new URLSearchParams({ category: busiest.slug, sort: 'new', page: '1' })}`;
}

/**
 * N CMS processes on one PostgreSQL database and one port (node:cluster: the primary hands each new
 * connection to the next worker; keep-alive connections stay with theirs), chat joined through Redis.
 */
async function benchCluster(processes, rows, info) {
  await withDatabase(
    'postgres',
    async (env) => {
      log(`\n== PostgreSQL, ${processes} CMS process${processes > 1 ? 'es' : ''} on one port (node:cluster; fresh database, demo data seeded)`);
      const bootStart = Date.now();
      const { info: targetInfo, stop } = await startChild({ script: 'cms-cluster-target.mjs', args: ['postgres', String(processes)], env, label: `cms ×${processes}`, timeoutSeconds: BOOT_TIMEOUT * processes });
      try {
        log(`   ready at ${targetInfo.url} in ${((Date.now() - bootStart) / 1000).toFixed(1)} s (pids ${targetInfo.pids.join(', ')}${targetInfo.redis ? ', chat joined through Redis' : ''})`);
        await settle();
        const base = targetInfo.url;
        const list = await request(base + LIST_PATH);
        expect(list.status === 200 && list.json?.data?.length === PAGE_SIZE, `GET ${LIST_PATH} → ${list.status} ${JSON.stringify(list.json)?.slice(0, 300)}`);
        const auth = { authorization: `Bearer ${await login(base)}` };
        const me = await request(base + ME_PATH, { headers: auth });
        expect(me.status === 200 && me.json?.email === DEMO_CLIENT.identifier, `GET ${ME_PATH} → ${me.status} ${JSON.stringify(me.json)}`);
        const community = await communityPath(base, auth);
        const listing = await request(base + community, { headers: auth });
        expect(listing.status === 200 && Array.isArray(listing.json?.data) && listing.json.data.length > 0, `GET ${community} → ${listing.status} ${JSON.stringify(listing.json)?.slice(0, 300)}`);
        info.communityPath = community;
        const cluster = { processes, database: 'postgres' };
        rows.push({ ...(await measure({ target: `GET ${ME_PATH}`, database: 'postgres', baseUrl: base, urlPath: ME_PATH, headers: auth })), ...cluster });
        rows.push({ ...(await measure({ target: `GET ${LIST_PATH}`, database: 'postgres', baseUrl: base, urlPath: LIST_PATH })), ...cluster });
        rows.push({ ...(await measure({ target: 'GET community listing', database: 'postgres', baseUrl: base, urlPath: community, headers: auth })), ...cluster });
      } finally {
        await stop();
      }
    },
    { prefix: 'haven_bench_cluster' },
  );
}

async function benchBare(rows, info) {
  log('\n== Ceiling: bare node:http server');
  const { info: targetInfo, stop } = await startChild({ script: 'bare-target.mjs', label: 'bare', timeoutSeconds: BOOT_TIMEOUT });
  try {
    const res = await request(`${targetInfo.url}/`);
    expect(res.status === 200 && res.json?.data, `bare server GET / → ${res.status}`);
    info.bodies.bare = res.bytes;
    rows.push(await measure({ target: 'bare node:http (ceiling)', database: null, baseUrl: targetInfo.url, urlPath: '/' }));
  } finally {
    await stop();
  }
}

/** The cluster rows' table: each endpoint with 1, 2, 4 processes, and its rate against one process. */
function clusterLines(clusterRows, info) {
  if (!clusterRows.length) return [];
  const lines = [
    `### Several CMS processes on PostgreSQL, one port (node:cluster, \`BENCH_PROCESSES\`: ${PROCESSES.join(', ')})`,
    '',
    'Each row set on a fresh database with the demo seed: the processes of `bench/cms-cluster-target.mjs` share one port through ' +
      "node:cluster (the primary accepts connections and hands each to the next worker; autocannon's keep-alive connections stay with theirs), " +
      'one PostgreSQL database, and with more than one process the chat and the shared limits joined through Redis. The community listing is ' +
      `\`${info.communityPath ?? '?'}\` as the demo client (the busiest demo category; \`npm run bench:community\` measures it at scale). ` +
      `Same load as above (${CONNECTIONS} connections). On this ${info.machine.nproc}-core machine the CMS processes, PostgreSQL and the load generator share the cores: ` +
      'more processes than cores cannot add throughput, only spread the queueing.',
    '',
    '| endpoint | processes | req/s | ± (1-s samples) | × 1 process | p95 ms | p50 ms | non-2xx |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of clusterRows) {
    const one = clusterRows.find((o) => o.target === r.target && o.processes === 1);
    lines.push(`| ${r.target.replace(/\|/g, '\\|')} | ${r.processes} | ${fmtInt(r.reqPerSec)} | ${fmtInt(r.reqPerSecStddev)} | ${one ? `${(r.reqPerSec / one.reqPerSec).toFixed(2)}×` : '—'} | ${fmtMs(r.p95)} | ${fmtMs(r.p50)} | ${r.non2xx} |`);
  }
  lines.push('');
  return lines;
}

function section(allRows, info, startedAt) {
  const m = info.machine;
  const rows = allRows.filter((r) => r.processes === undefined);
  const endpointOrder = [...new Set(allRows.filter((r) => r.processes !== undefined).map((r) => r.target))];
  const clusterRows = allRows.filter((r) => r.processes !== undefined).sort((a, b) => endpointOrder.indexOf(a.target) - endpointOrder.indexOf(b.target) || a.processes - b.processes);
  const ceiling = rows.find((r) => r.database === null);
  const dbCell = (r) => (r.database ? DB_LABEL[r.database] : '—');
  const lines = [];
  lines.push(markerStart(SECTION));
  lines.push(`## API under load: \`GET /api/users/me\`, the community listing and a stock list endpoint, SQLite and PostgreSQL, bare Node ceiling${clusterRows.length ? `, ${PROCESSES.join('/')} CMS processes` : ''} (\`npm run bench\`)`);
  lines.push('');
  lines.push(
    `Measured ${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC by \`npm run bench\` on ${m.nproc} CPUs (${m.cpu}), ` +
      `${m.memoryGiB} GiB, ${m.os}, Node ${m.node}, load average ${m.loadavg} at the start and ${machine().loadavg} at the end (the machine is shared: other work shows in the figures). Strapi ${info.strapi ?? '?'} (NODE_ENV=${info.nodeEnv ?? '?'}, log level warn); ` +
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
      `${DEMO_CLIENT.identifier} with a bearer access token; the community listing \`${info.communityPath ?? '?'}\` as the same client; the list is public (${PAGE_SIZE} per page). ` +
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
  const savingsLines = [];
  for (const db of new Set(rows.filter((r) => r.database).map((r) => r.database))) {
    const of = (path, savings) => rows.find((r) => r.database === db && (path === 'community' ? r.community : r.path === path) && r.savings === savings);
    const health = of('/_health', true);
    for (const [path, name] of [[ME_PATH, 'users/me'], ['community', 'the community listing'], [LIST_PATH, 'the list']]) {
      const on = of(path, true);
      const off = of(path, false);
      if (on && off) savingsLines.push(`${name} on ${DB_LABEL[db]} ${(on.reqPerSec / off.reqPerSec).toFixed(2)}× (${fmtInt(off.reqPerSec)} → ${fmtInt(on.reqPerSec)} req/s${health ? `, ${((100 * on.reqPerSec) / health.reqPerSec).toFixed(1)} % of /_health` : ''})`);
    }
  }
  if (savingsLines.length) {
    lines.push(`Request-cost savings (README: Security → The cost of a signed-in request), on against off in this run: ${savingsLines.join('; ')}.`);
    lines.push('');
  }
  lines.push(...clusterLines(clusterRows, info));
  lines.push(
    'req/s is the mean of autocannon\'s per-second samples; p50 and p95 are nearest-rank percentiles over every 2xx ' +
      'response\'s latency, recorded by the bench (autocannon itself reports p90 and p97.5, not p95). ' +
      'Errors and timeouts were zero in every row; a run with any error, timeout or non-2xx response fails and writes nothing.',
  );
  lines.push(markerEnd(SECTION));
  return lines.join('\n');
}

async function main() {
  const startedAt = new Date();
  const info = { machine: machine(), commit: commit(), databases: {}, bodies: {} };
  steps = 1 + DATABASES.length * 7 + PROCESSES.length * 3;
  const perStep = WARMUP + DURATION;
  announce(`Haven bench: ${steps} measurements × ${perStep} s (+ CMS start-ups), ${CONNECTIONS} connections; about ${Math.ceil((steps * perStep + (DATABASES.length + PROCESSES.length) * 60) / 60)} min`, info.machine);
  buildCms();
  assertCompiled();

  const rows = [];
  await benchBare(rows, info);
  for (const db of DATABASES) {
    await benchCms(db, rows, info);
    await benchCms(db, rows, info, { savings: false });
  }
  for (const processes of PROCESSES) await benchCluster(processes, rows, info);

  report({
    section: SECTION,
    startedAt,
    text: section(rows, info, startedAt),
    raw: { startedAt, duration: DURATION, warmup: WARMUP, connections: CONNECTIONS, info, rows },
    failed: rows.filter((r) => !r.ok).map((r) => `${r.target} (${r.database ?? 'bare'}${r.processes ? `, ${r.processes} processes` : ''})`),
    show: (line) => line.startsWith('|') || line.startsWith('Against') || line.startsWith('Request-cost') || line.startsWith('###'),
  });
}

await runBench(main);
