#!/usr/bin/env node
/**
 * The server side of `npm run bench:dashboards` (bench/dashboards.mjs starts it once per database):
 * boots Haven's compiled CMS on an empty database with the dashboards' cache off
 * (DASHBOARDS_CACHE_SECONDS=0: every request counts again), makes a super admin, then writes one year
 * of activity for BENCH_PEOPLE people with bulk inserts in transactions (bench/lib/year/*): accounts
 * and profiles, therapists and their applications, sessions, payments and refunds, chat, wellness,
 * community and moderation, activity days, library views and searches. Tables and columns come from
 * Strapi's metadata; a table this build does not have is skipped with a warning line.
 *
 * Then it serves the CMS on 127.0.0.1 and prints `BENCH_TARGET {…}` (URL, the super admin's login,
 * the rows written per table). On stdin, `cpu` answers `BENCH_CPU {…}` (CPU time so far of this process
 * and of the database's processes) and `explain <sql>` answers `BENCH_EXPLAIN {…}` (the database's
 * plan). Stops on SIGTERM or when stdin closes.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import readline from 'node:readline';
import { bulkWriter, seededRandom } from './lib/bulk.mjs';
import { numberFromEnv } from './lib/env.mjs';
import { bootTarget, emit, listen, targetInfo } from './lib/strapi.mjs';
import { generateActivity, generateChat, generateWellness } from './lib/year/care.mjs';
import { generateCommunity } from './lib/year/community.mjs';
import { generateLibrary } from './lib/year/library.mjs';
import { generatePeople } from './lib/year/people.mjs';
import { generateSessions } from './lib/year/sessions.mjs';

const whole = (name, fallback, min = 1) => numberFromEnv(name, fallback, { min, integer: true });
const sizes = {
  people: whole('BENCH_PEOPLE', 10_000, 100),
  therapists: whole('BENCH_THERAPISTS', 200, 10),
  sessions: whole('BENCH_SESSIONS', 60_000, 100),
  posts: whole('BENCH_POSTS', 12_000, 10),
  replies: whole('BENCH_REPLIES', 48_000, 0),
  searches: whole('BENCH_SEARCHES', 60_000, 0),
  resources: whole('BENCH_RESOURCES', 200, 1),
};
const SEED = whole('BENCH_SEED', 20261206);

const { database, strapi } = await bootTarget('dashboards-target', {
  env: { DASHBOARDS_CACHE_SECONDS: '0', BOOKING_WORKERS: 'false' },
});
const started = Date.now();

// The super admin the bench asks as (Strapi's own admin user service, as tests/helpers/staff.ts does).
const admin = { email: 'bench.admin@bench.haven.example', password: `Bench-${crypto.randomBytes(6).toString('hex')}-1A` };
const superAdmin = await strapi.service('admin::role').findOne({ code: 'strapi-super-admin' });
await strapi.service('admin::user').create({ ...admin, firstname: 'Bench', lastname: 'Admin', isActive: true, registrationToken: null, roles: [superAdmin.id] });

// ---- one year of activity -----------------------------------------------------------------------------
const DAY = 86_400_000;
const warnings = [];
let rowsWritten = 0;
let lastProgress = 0;
const ctx = {
  strapi,
  database,
  rng: seededRandom(SEED),
  now: Date.now() - 60_000, // everything generated is at least a minute old
  DAY,
  YEAR: 365 * DAY,
  sizes,
  warn: (line) => {
    warnings.push(line);
    emit('BENCH_WARNING', line);
  },
};
ctx.w = bulkWriter(strapi, database, {
  warn: ctx.warn,
  onRows: (phase, n) => {
    rowsWritten += n;
    if (Date.now() - lastProgress < 250) return;
    lastProgress = Date.now();
    emit('BENCH_PROGRESS', { phase, rows: rowsWritten });
  },
});
const step = async (phase, work) => {
  emit('BENCH_PROGRESS', { phase, rows: rowsWritten });
  return work();
};

const { clients, therapists, verified } = await step('accounts', () => generatePeople(ctx));
const { relationships } = await step('bookings', () => generateSessions(ctx, { clients, verified }));
await step('chat', () => generateChat(ctx, relationships));
await step('wellness', () => generateWellness(ctx, clients));
await step('community', () => generateCommunity(ctx, clients));
await step('activity', () => generateActivity(ctx, [...clients, ...therapists]));
await step('library', () => generateLibrary(ctx, [...clients, ...therapists]));
const insertSeconds = (Date.now() - started) / 1000;

// PostgreSQL: what autovacuum would do after a bulk load (statistics, visibility map), now. SQLite gets
// no ANALYZE, as Strapi never runs one.
if (database === 'postgres') await step('vacuum analyze', () => strapi.db.connection.raw('VACUUM (ANALYZE)'));
emit('BENCH_PROGRESS', { phase: 'done', rows: rowsWritten });

/** Rows per table of what the dashboards read (counted in SQL, not trusted from the generator). */
const COUNTED = {
  accounts: 'plugin::users-permissions.user',
  'therapist profiles': 'api::therapist-profile.therapist-profile',
  bookings: 'plugin::booking.booking',
  payments: 'plugin::payments.payment',
  refunds: 'plugin::payments.refund',
  'chat conversations': 'plugin::chat.conversation',
  'chat messages': 'plugin::chat.message',
  'wellness check-ins': 'plugin::wellness.entry',
  assessments: 'plugin::wellness.assessment',
  'community posts': 'plugin::community.post',
  'community replies': 'plugin::community.reply',
  'community flags': 'plugin::community.flag',
  'moderation decisions': 'plugin::community.log-entry',
  'activity days': 'plugin::people.activity',
  ...ctx.libraryTables,
};
const counts = {};
for (const [label, uid] of Object.entries(COUNTED)) {
  const meta = strapi.db.metadata.get(uid);
  if (meta) counts[label] = Number((await strapi.db.connection(meta.tableName).count({ n: '*' }))[0].n);
}
const therapistMeta = strapi.db.metadata.get('api::therapist-profile.therapist-profile');
const statusColumn = therapistMeta.attributes.verificationStatus.columnName ?? 'verificationStatus';
const statuses = Object.fromEntries((await strapi.db.connection(therapistMeta.tableName).select({ s: statusColumn }).count({ n: '*' }).groupBy(statusColumn)).map((r) => [r.s, Number(r.n)]));

// What the usage dashboard must answer for the bench's range (the last 365 UTC days up to today),
// counted here plainly, so that the bench knows the dashboards counted the data it generated.
const today = Date.parse(new Date().toISOString().slice(0, 10));
const range = { from: new Date(today - 364 * DAY), to: new Date(today + DAY) };
const countIn = async (uid, dateAttribute, where = {}) => {
  const meta = strapi.db.metadata.get(uid);
  const column = (name) => meta.attributes[name].columnName ?? name;
  const query = strapi.db.connection(meta.tableName).count({ n: '*' }).where(column(dateAttribute), '>=', range.from).where(column(dateAttribute), '<', range.to);
  for (const [name, value] of Object.entries(where)) query.where(column(name), value);
  return Number((await query)[0].n);
};
const expected = {
  range: { from: range.from.toISOString().slice(0, 10), to: new Date(today).toISOString().slice(0, 10) },
  signups: await countIn('plugin::users-permissions.user', 'createdAt'),
  held: await countIn('plugin::booking.booking', 'startsAt', { status: 'completed' }),
  noShow: await countIn('plugin::booking.booking', 'startsAt', { status: 'no_show' }),
};

const url = await listen(strapi);
emit('BENCH_TARGET', {
  ...(await targetInfo(strapi, database, url)),
  admin,
  counts,
  therapistStatuses: statuses,
  expected,
  rowsWritten,
  warnings,
  skipped: ctx.w.skipped,
  insertSeconds,
  generateSeconds: (Date.now() - started) / 1000,
  bytes: database === 'sqlite' ? fs.statSync(process.env.DATABASE_FILENAME).size : Number((await strapi.db.connection.raw('select pg_database_size(current_database()) as n')).rows[0].n),
});

/**
 * CPU milliseconds spent so far by this process and, on PostgreSQL on this machine, by the database's
 * server processes serving this database (from /proc; clock ticks, so 10 ms steps): the work a
 * request did, whatever else the shared machine was running meanwhile.
 */
const TICK_MS = 1000 / Number(process.env.BENCH_CLK_TCK || 100);
async function cpuSoFar() {
  const { user, system } = process.cpuUsage();
  let db = null;
  if (database === 'postgres') {
    const pids = (await strapi.db.connection.raw('select pid from pg_stat_activity where datname = current_database()')).rows.map((r) => r.pid);
    db = 0;
    for (const pid of pids) {
      try {
        // Fields 14 and 15 (utime, stime) after the command name in parentheses.
        const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
        db += (Number(fields[11]) + Number(fields[12])) * TICK_MS;
      } catch {
        db = null; // the database runs elsewhere (or hides its processes): only this process is counted
        break;
      }
    }
  }
  return { node: (user + system) / 1000, db };
}

// `cpu`: answers BENCH_CPU with cpuSoFar(). `explain <sql>`: the plan the database picks for one of the
// dashboards' queries (BENCH_EXPLAIN), for finding out why one is slow.
readline.createInterface({ input: process.stdin }).on('line', async (line) => {
  if (line === 'cpu') {
    emit('BENCH_CPU', await cpuSoFar());
    return;
  }
  if (!line.startsWith('explain ')) return;
  const sql = line.slice('explain '.length);
  try {
    const result = await strapi.db.connection.raw(database === 'sqlite' ? `EXPLAIN QUERY PLAN ${sql}` : `EXPLAIN (ANALYZE, BUFFERS) ${sql}`);
    const rows = database === 'sqlite' ? result.map((r) => r.detail) : result.rows.map((r) => r['QUERY PLAN']);
    emit('BENCH_EXPLAIN', { sql, plan: rows });
  } catch (error) {
    emit('BENCH_EXPLAIN', { sql, error: String(error?.message ?? error) });
  }
});
