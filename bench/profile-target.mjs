#!/usr/bin/env node
/**
 * The server side of `npm run bench:profile` (bench/profile.mjs starts it once per database): Haven's
 * compiled CMS with the demo seed, as `npm run bench` serves it (bench/cms-target.mjs), that can
 * record a CPU profile of itself and count the SQL it sends while the parent loads one endpoint.
 *
 *   node bench/profile-target.mjs sqlite|postgres
 *
 * Prints `BENCH_TARGET {"url", "therapistId", …}` when it answers, then takes commands on stdin:
 *   `start profile|plain`  counters reset (CPU time, requests, SQL); `profile` also starts V8's sampling
 *                          profiler (BENCH_PROFILE_INTERVAL_US); answers `BENCH_STARTED {}`
 *   `stop <file>`          stops; the profile (if any) is written to <file>; answers `BENCH_STOPPED {…}`
 *                          with CPU time, requests served and the SQL sent, by statement
 * Stops on SIGTERM or when stdin closes (bench/lib/strapi.mjs targetLifetime).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import readline from 'node:readline';
import { ROOT, numberFromEnv } from './lib/env.mjs';
import { LIBRARIES, callerLabel, packageOf } from './lib/profile-summary.mjs';
import { bootTarget, emit, listen, targetInfo } from './lib/strapi.mjs';

const INTERVAL_US = numberFromEnv('BENCH_PROFILE_INTERVAL_US', 500, { min: 10, integer: true });
const THERAPIST_EMAIL = 'dr.rivera@haven.example';

const { database, strapi } = await bootTarget('profile-target', { env: { HAVEN_SEED_DEMO: 'true' } });
const url = await listen(strapi);

const rivera = await strapi.db.query('api::therapist-profile.therapist-profile').findOne({ where: { user: { email: THERAPIST_EMAIL } }, select: ['documentId'] });
if (!rivera) throw new Error(`the demo seed has no therapist profile for ${THERAPIST_EMAIL}`);

// A query is a request's when it runs in the async context of an HTTP request; anything else in the
// window (workers, timers) is counted apart, so that background work does not inflate "per request".
const inRequest = new AsyncLocalStorage();
const httpServer = strapi.server.httpServer;
let window = null;
httpServer.prependListener('request', (_req, res) => {
  if (!window) return;
  const current = window;
  inRequest.enterWith(current);
  res.once('finish', () => {
    if (window === current) current.requests++;
  });
});

/** SQL without its bound values and with `in (?, ?, …)` lists folded, so one statement shape is one row. */
const shapes = new Map();
function shape(sql) {
  // Remembered per text: the regular expressions on long search SQL showed in the profiles (1.5 %).
  let shaped = shapes.get(sql);
  if (shaped === undefined) {
    shaped = sql.replace(/\s+/g, ' ').replace(/\((?:\s*(?:\?|\$\d+)\s*,)+\s*(?:\?|\$\d+)\s*\)/g, '(?…)').trim();
    if (shapes.size >= 5000) shapes.clear();
    shapes.set(sql, shaped);
  }
  return shaped;
}

/**
 * Who sent a statement: the first two frames of the (async) stack outside the libraries, e.g.
 * `@strapi/plugin-users-permissions strategies/users-permissions authenticate`. Taken once per
 * statement shape and window, so that the stack traces cost nothing measurable.
 */
function sender() {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 60;
  const stack = new Error().stack ?? '';
  Error.stackTraceLimit = limit;
  const frames = [];
  for (const line of stack.split('\n').slice(1)) {
    const match = line.match(/^\s*at (?:async )?(?:(.*?) \()?(.*?):\d+:\d+\)?$/);
    if (!match || match[2].endsWith('/bench/profile-target.mjs')) continue;
    const url = match[2].startsWith('node:') || match[2].startsWith('file://') ? match[2] : `file://${match[2]}`;
    const pkg = packageOf(url, ROOT);
    if (!pkg || LIBRARIES.has(pkg)) continue;
    frames.push(`${callerLabel(url, ROOT)} ${(match[1] ?? '(anonymous)').replace(/^Object\./, '')}`);
    if (frames.length === 2) break;
  }
  return frames.join(' ← ') || '(libraries only)';
}

function onQuery(query) {
  if (!window) return;
  const own = inRequest.getStore() === window;
  const key = `${own ? 'request' : 'background'}\u0000${shape(query.sql ?? '')}`;
  if (!window.statements.has(key)) window.senders.set(key, sender());
  window.statements.set(key, (window.statements.get(key) ?? 0) + 1);
  if (own) window.queries++;
  else window.background++;
}
/** Rows a statement answered: the permissions of a role, say, are read and turned into objects on every request. */
function onResponse(response, query) {
  if (!window) return;
  const own = inRequest.getStore() === window;
  const key = `${own ? 'request' : 'background'}\u0000${shape(query.sql ?? '')}`;
  // An array of rows, one row (knex's first()) or a write's summary ({ changes } on SQLite, a result with rowCount on PostgreSQL).
  const rows = Array.isArray(response) ? response.length : Array.isArray(response?.rows) ? response.rows.length : response && typeof response === 'object' && !('changes' in response) && !('rowCount' in response) ? 1 : 0;
  window.rows.set(key, (window.rows.get(key) ?? 0) + rows);
}
strapi.db.connection.on('query', onQuery);
strapi.db.connection.on('query-response', onResponse);

const session = new Session();
session.connect();

async function start(mode) {
  if (window) throw new Error('already measuring');
  const profiling = mode === 'profile';
  if (profiling) {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: INTERVAL_US });
    await session.post('Profiler.start');
  }
  window = { profiling, requests: 0, queries: 0, background: 0, statements: new Map(), senders: new Map(), rows: new Map(), cpu: process.cpuUsage(), startedAt: performance.now() };
}

async function stop(file) {
  if (!window) throw new Error('not measuring');
  const current = window;
  window = null;
  const cpu = process.cpuUsage(current.cpu);
  const wallMs = performance.now() - current.startedAt;
  if (current.profiling) {
    const { profile } = await session.post('Profiler.stop');
    await session.post('Profiler.disable');
    fs.writeFileSync(file, JSON.stringify(profile));
  }
  const statements = [...current.statements].map(([key, count]) => {
    const [origin, sql] = key.split('\u0000');
    return { origin, sql, count, rows: current.rows.get(key) ?? 0, from: current.senders.get(key) };
  });
  statements.sort((a, b) => b.count - a.count);
  return {
    profile: current.profiling ? file : null,
    intervalUs: current.profiling ? INTERVAL_US : null,
    wallMs,
    cpuUserMs: cpu.user / 1000,
    cpuSystemMs: cpu.system / 1000,
    requests: current.requests,
    queries: current.queries,
    backgroundQueries: current.background,
    statements,
  };
}

readline.createInterface({ input: process.stdin }).on('line', async (line) => {
  const [command, argument] = line.trim().split(/\s+(.*)/s);
  try {
    if (command === 'start') {
      await start(argument);
      emit('BENCH_STARTED', {});
    } else if (command === 'stop') {
      emit('BENCH_STOPPED', await stop(argument));
    }
  } catch (error) {
    console.error(`[profile-target] ${command} failed:`, error);
    emit(command === 'start' ? 'BENCH_STARTED' : 'BENCH_STOPPED', { error: String(error?.message ?? error) });
  }
});

emit('BENCH_TARGET', { ...(await targetInfo(strapi, database, url)), therapistId: rivera.documentId, pid: process.pid });
