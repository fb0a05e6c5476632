#!/usr/bin/env node
/**
 * `npm run bench:profile`: where one endpoint's time goes. Boots the CMS with the demo seed
 * (bench/profile-target.mjs, one child process per database), loads ONE endpoint at a time with
 * autocannon from this process and, in the target, records a V8 CPU profile of that window and counts
 * the SQL statements the requests send. Prints, per endpoint: CPU ms and SQL queries per request, the
 * statements, time per package, and the top functions by self and by inclusive time. Each profile is
 * saved as bench/out/profile-<endpoint>-<database>-<time>.cpuprofile (open it in Chrome DevTools or
 * speedscope), its tables beside it as .md and its figures as .json. RESULTS.md is not touched.
 *
 *   npm run bench:profile                         # /api/users/me on SQLite
 *   BENCH_PROFILE_ENDPOINT=community npm run bench:profile
 *   npm run bench:profile -- me community slots search      # one after another, same target
 *
 * Endpoints: me, community, slots, search, health, resources, directory (below). Knobs:
 * BENCH_DURATION (10 s per pass), BENCH_WARMUP (2 s), BENCH_CONNECTIONS (20), BENCH_DATABASES (sqlite),
 * BENCH_PROFILE_BASELINE (true: a pass without the profiler first, for req/s and CPU ms per request),
 * BENCH_PROFILE_INTERVAL_US (500), BENCH_PROFILE_TOP (15 rows), BENCH_PROFILE_AUTH (per endpoint:
 * true/false forces a bearer token on or off), BENCH_SKIP_BUILD, BENCH_VERBOSE.
 */
import fs from 'node:fs';
import path from 'node:path';
import { buildCms, startChild } from './lib/child.mjs';
import { runBench } from './lib/cleanup.mjs';
import { withDatabase } from './lib/database.mjs';
import { BENCH, DB_LABEL, ROOT, databasesFromEnv, flagFromEnv, fmtInt, log, numberFromEnv } from './lib/env.mjs';
import { expect, request } from './lib/http.mjs';
import { logRow, measureLoad } from './lib/load.mjs';
import { profileTables, summarizeProfile } from './lib/profile-summary.mjs';
import { announce, commit, machine } from './lib/results.mjs';
import { assertCompiled } from './lib/strapi.mjs';

const DURATION = numberFromEnv('BENCH_DURATION', 10);
const WARMUP = numberFromEnv('BENCH_WARMUP', 2, { min: 0 });
const CONNECTIONS = numberFromEnv('BENCH_CONNECTIONS', 20, { integer: true });
const BASELINE = flagFromEnv('BENCH_PROFILE_BASELINE', true);
const TOP = numberFromEnv('BENCH_PROFILE_TOP', 15, { integer: true });
const FORCE_AUTH = flagFromEnv('BENCH_PROFILE_AUTH', null);
// One database unless asked: a profile is a look at one code path, not a comparison.
const DATABASES = process.env.BENCH_DATABASES ? databasesFromEnv() : ['sqlite'];
const OUT = path.join(BENCH, 'out');

const DEMO_CLIENT = { identifier: 'alex@haven.example', password: 'DemoPass2026!' };
const day = (offset) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/**
 * The endpoints, each with its path (from what the target and the demo data say), whether it is asked
 * signed in as the demo client, and a check of its answer before it is loaded.
 */
const ENDPOINTS = {
  me: {
    label: 'GET /api/users/me (the demo client)',
    auth: true,
    path: async () => '/api/users/me',
    check: (res) => res.json?.email === DEMO_CLIENT.identifier,
  },
  community: {
    label: "community listing: one category's posts, sort=new, page 1 (signed in)",
    auth: true,
    path: async ({ base, headers }) => {
      const res = await request(`${base}/api/community/categories`, { headers });
      expect(res.status === 200 && Array.isArray(res.json?.data) && res.json.data.length, `GET /api/community/categories → ${res.status} ${JSON.stringify(res.json)?.slice(0, 300)}`);
      const busiest = [...res.json.data].sort((a, b) => (b.postCount ?? 0) - (a.postCount ?? 0))[0];
      return `/api/community/posts?${new URLSearchParams({ category: process.env.BENCH_CATEGORY || busiest.slug, sort: 'new', page: '1' })}`;
    },
    check: (res) => Array.isArray(res.json?.data) && res.json.data.length > 0,
  },
  slots: {
    label: "booking slots: Dr. Rivera's next two weeks (signed in)",
    auth: true,
    path: async ({ info }) => `/api/booking/therapists/${info.therapistId}/slots?${new URLSearchParams({ from: day(1), to: day(15), tz: 'America/New_York' })}`,
    check: (res) => Array.isArray(res.json?.data?.slots) && res.json.data.slots.length > 0,
  },
  search: {
    label: 'library search: q=anxiety, 12 per page (signed out)',
    auth: false,
    path: async () => '/api/library/search?q=anxiety&pageSize=12',
    check: (res) => Number(res.json?.total) > 0,
  },
  health: {
    label: "GET /_health (Strapi's own, no auth, no database)",
    auth: false,
    path: async () => '/_health',
    check: (res) => res.status === 204 || res.status === 200,
  },
  resources: {
    label: 'GET /api/resources?pagination[pageSize]=10 (stock content API, signed out)',
    auth: false,
    path: async () => '/api/resources?pagination[pageSize]=10',
    check: (res) => Array.isArray(res.json?.data) && res.json.data.length === 10,
  },
  directory: {
    label: 'therapist directory: GET /api/therapists?pageSize=12 (signed out)',
    auth: false,
    path: async () => '/api/therapists?pageSize=12',
    check: (res) => Array.isArray(res.json?.data) && res.json.data.length > 0,
  },
};

function chosenEndpoints() {
  const names = (process.argv.length > 2 ? process.argv.slice(2) : (process.env.BENCH_PROFILE_ENDPOINT || 'me').split(','))
    .map((s) => s.trim())
    .filter(Boolean);
  for (const name of names) {
    if (!ENDPOINTS[name]) throw new Error(`unknown endpoint "${name}" (one of ${Object.keys(ENDPOINTS).join(', ')})`);
  }
  return names;
}

async function login(base) {
  const res = await request(`${base}/api/auth/local`, { method: 'POST', body: DEMO_CLIENT });
  expect(res.status === 200 && typeof res.json?.jwt === 'string', `POST /api/auth/local as ${DEMO_CLIENT.identifier} → ${res.status} ${JSON.stringify(res.json)}`);
  return { authorization: `Bearer ${res.json.jwt}` };
}

/** One measured window: the target's counters (and profiler) around an autocannon run. */
async function pass(child, { url, headers, mode, file }) {
  const started = await child.ask(`start ${mode}`, 'BENCH_STARTED');
  if (started.error) throw new Error(`target: ${started.error}`);
  const load = await measureLoad({ url, headers, connections: CONNECTIONS, warmup: 0, duration: DURATION });
  const stopped = await child.ask(`stop ${file ?? '-'}`, 'BENCH_STOPPED', 120);
  if (stopped.error) throw new Error(`target: ${stopped.error}`);
  logRow(load, ` · target: ${fmtInt(stopped.requests)} requests, CPU ${perRequest(stopped.cpuUserMs + stopped.cpuSystemMs, stopped.requests)} ms/request, ${perRequest(stopped.queries, stopped.requests, 2)} SQL/request`);
  if (!load.ok) throw new Error(`${mode} pass of ${url}: errors, timeouts or non-2xx responses (${JSON.stringify(load.statusCodes)})`);
  return { load, target: stopped };
}

const perRequest = (value, requests, digits = 3) => (requests ? (value / requests).toFixed(digits) : '—');

function statementsTable(target) {
  const rows = target.statements.filter((s) => s.origin === 'request');
  const lines = ['| per request | rows each | SQL (values bound as ?) | sent by (first frames outside the libraries) |', '|---:|---:|---|---|'];
  const sql = (text, max) => `\`${(text.length > max ? `${text.slice(0, max)}…` : text).replace(/\|/g, '\\|')}\``;
  for (const s of rows.slice(0, 25)) lines.push(`| ${perRequest(s.count, target.requests, 2)} | ${perRequest(s.rows, s.count, 1)} | ${sql(s.sql, 160)} | ${s.from.replace(/\|/g, '\\|')} |`);
  if (rows.length > 25) lines.push(`| | … ${rows.length - 25} more statement shapes | | |`);
  const background = target.statements.filter((s) => s.origin === 'background');
  if (background.length) lines.push('', `Outside any request (workers, timers) in the same window: ${target.backgroundQueries} statements, e.g. ${sql(background[0].sql, 160)}.`);
  return lines.join('\n');
}

async function profileEndpoint({ child, base, info, db, name, stamp }) {
  const endpoint = ENDPOINTS[name];
  const auth = FORCE_AUTH ?? endpoint.auth;
  const headers = auth ? await login(base) : {};
  const urlPath = await endpoint.path({ base, info, headers });
  const res = await request(base + urlPath, { headers });
  expect(res.status >= 200 && res.status < 300 && endpoint.check(res), `GET ${urlPath} → ${res.status} ${JSON.stringify(res.json)?.slice(0, 300)}`);
  log(`\n== ${name} on ${DB_LABEL[db]}: ${endpoint.label}\n   GET ${urlPath}${auth ? ' (bearer token)' : ''}, ${res.bytes} B`);

  const url = base + urlPath;
  if (WARMUP) {
    log(`   warm-up ${WARMUP} s`);
    await measureLoad({ url, headers, connections: CONNECTIONS, warmup: 0, duration: WARMUP });
  }
  let plain = null;
  if (BASELINE) {
    log(`   without the profiler: ${DURATION} s at ${CONNECTIONS} connections`);
    plain = await pass(child, { url, headers, mode: 'plain' });
  }
  const base_ = `profile-${name}-${db}-${stamp}`;
  const file = path.join(OUT, `${base_}.cpuprofile`);
  log(`   with the profiler: ${DURATION} s at ${CONNECTIONS} connections`);
  const profiled = await pass(child, { url, headers, mode: 'profile', file });

  const summary = summarizeProfile(JSON.parse(fs.readFileSync(file, 'utf8')), { root: ROOT, top: Math.max(TOP, 40) });
  const requests = profiled.target.requests;
  const tables = profileTables(summary, { requests, top: TOP });
  const measured = plain ?? profiled;
  const cpuMs = measured.target.cpuUserMs + measured.target.cpuSystemMs;
  const figures = {
    endpoint: name,
    database: db,
    path: urlPath,
    auth,
    reqPerSec: measured.load.reqPerSec,
    reqPerSecProfiled: profiled.load.reqPerSec,
    cpuMsPerRequest: cpuMs / measured.target.requests,
    cpuMsPerRequestProfiled: (profiled.target.cpuUserMs + profiled.target.cpuSystemMs) / requests,
    jsThreadBusyMsPerRequest: summary.busyMs / requests,
    sqlPerRequest: profiled.target.queries / requests,
    backgroundQueries: profiled.target.backgroundQueries,
    requests,
    samples: summary.samples,
    intervalUs: profiled.target.intervalUs,
  };
  const text = [
    `## ${name} on ${DB_LABEL[db]}: ${endpoint.label}`,
    '',
    `\`GET ${urlPath}\`${auth ? ' with a bearer token' : ''}; ${CONNECTIONS} connections, ${DURATION} s per pass; ${info.databaseVersion}, Strapi ${info.strapi}, NODE_ENV=${info.nodeEnv}; code at ${commit() ?? '?'}; load average ${machine().loadavg} after the run.`,
    '',
    '| figure | value |',
    '|---|---:|',
    ...(plain ? [`| req/s without the profiler | ${fmtInt(plain.load.reqPerSec)} |`, `| CPU ms/request without the profiler (process user + system, all threads) | ${figures.cpuMsPerRequest.toFixed(3)} |`] : []),
    `| req/s while profiling (sampling every ${figures.intervalUs} µs) | ${fmtInt(profiled.load.reqPerSec)} |`,
    `| CPU ms/request while profiling | ${figures.cpuMsPerRequestProfiled.toFixed(3)} |`,
    `| JavaScript thread busy ms/request (profile, idle left out; wall time, so it includes waits for a core on a busy machine) | ${figures.jsThreadBusyMsPerRequest.toFixed(3)} |`,
    `| SQL statements/request | ${figures.sqlPerRequest.toFixed(2)} |`,
    `| requests in the profile / samples | ${fmtInt(requests)} / ${fmtInt(summary.samples)} |`,
    '',
    '### SQL statements, per request',
    '',
    statementsTable(profiled.target),
    '',
    '### Time per package (self time; a builtin or native call counts for the package that made it)',
    '',
    tables.packages,
    '',
    '### Time by the nearest caller outside the libraries (database layer, utilities and Node count for whoever called them, synchronously)',
    '',
    tables.byCaller,
    '',
    '### Functions by self time',
    '',
    tables.bySelf,
    '',
    '### Functions by inclusive time (synchronous stacks: time after an `await` counts under what resumed it; Node\'s own frames left out)',
    '',
    tables.byTotal,
    '',
  ].join('\n');
  fs.writeFileSync(path.join(OUT, `${base_}.md`), text);
  fs.writeFileSync(path.join(OUT, `${base_}.json`), JSON.stringify({ figures, plain: plain?.load ?? null, profiled: profiled.load, statements: profiled.target.statements, summary }, null, 2));
  log('');
  log(text);
  log(`profile: ${path.relative(ROOT, file)} (tables: ${path.relative(ROOT, path.join(OUT, `${base_}.md`))})`);
  return figures;
}

async function main() {
  const names = chosenEndpoints();
  const info0 = machine();
  announce(
    `bench:profile: ${names.join(', ')} on ${DATABASES.join(' and ')}; per endpoint ${WARMUP} s warm-up${BASELINE ? `, ${DURATION} s without and` : ','} ${DURATION} s with the profiler, ${CONNECTIONS} connections`,
    info0,
  );
  buildCms();
  assertCompiled();
  fs.mkdirSync(OUT, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const all = [];
  for (const db of DATABASES) {
    await withDatabase(
      db,
      async (env) => {
        log(`\n== ${DB_LABEL[db]}: starting the CMS (fresh database, demo data seeded)`);
        const child = await startChild({ script: 'profile-target.mjs', args: [db], env, label: `profile ${db}`, timeoutSeconds: numberFromEnv('BENCH_BOOT_TIMEOUT', 180) });
        try {
          const base = child.info.url;
          log(`   ready at ${base} (${child.info.databaseVersion}; Strapi ${child.info.strapi}, NODE_ENV=${child.info.nodeEnv})`);
          for (const name of names) all.push(await profileEndpoint({ child, base, info: child.info, db, name, stamp }));
        } finally {
          await child.stop();
        }
      },
      { prefix: 'haven_bench_profile' },
    );
  }
  log('\n== Summary');
  log('| endpoint | database | req/s | CPU ms/request | JS busy ms/request (profiled) | SQL/request |');
  log('|---|---|---:|---:|---:|---:|');
  for (const f of all) log(`| ${f.endpoint} | ${DB_LABEL[f.database]} | ${fmtInt(f.reqPerSec)} | ${f.cpuMsPerRequest.toFixed(3)} | ${f.jsThreadBusyMsPerRequest.toFixed(3)} | ${f.sqlPerRequest.toFixed(2)} |`);
  log(`load average ${info0.loadavg} at the start, ${machine().loadavg} at the end`);
}

await runBench(main);
