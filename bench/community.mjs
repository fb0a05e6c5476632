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
import os from 'node:os';
import { buildCms, startChild } from './lib/child.mjs';
import { runBench } from './lib/cleanup.mjs';
import { withDatabase } from './lib/database.mjs';
import { DB_LABEL, databasesFromEnv, flagFromEnv, fmtBytes, fmtInt, fmtMs, isTTY, log, numberFromEnv } from './lib/env.mjs';
import { expect, request } from './lib/http.mjs';
import { SETTLE_SECONDS, logRow, measureLoad } from './lib/load.mjs';
import { announce, commit, machine, markerEnd, markerStart, report } from './lib/results.mjs';
import { assertCompiled } from './lib/strapi.mjs';

const POSTS = numberFromEnv('BENCH_POSTS', 100_000, { min: 100, integer: true });
const REPLIES = numberFromEnv('BENCH_REPLIES', 500_000, { min: 0, integer: true });
const MEMBERS = numberFromEnv('BENCH_MEMBERS', 3_000, { min: 10, integer: true });
const REACTIONS = numberFromEnv('BENCH_REACTIONS', 2 * POSTS, { min: 0, integer: true });
const DURATION = numberFromEnv('BENCH_DURATION', 10);
const WARMUP = numberFromEnv('BENCH_WARMUP', 1, { min: 0 });
const CONNECTIONS = numberFromEnv('BENCH_CONNECTIONS', 20, { integer: true });
const SINGLE = flagFromEnv('BENCH_SINGLE', true) && CONNECTIONS !== 1;
const TARGET_MS = numberFromEnv('BENCH_TARGET_MS', 50);
const BOOT_TIMEOUT = numberFromEnv('BENCH_BOOT_TIMEOUT', 180);
const GENERATE_TIMEOUT = numberFromEnv('BENCH_GENERATE_TIMEOUT', 1800);
const DATABASES = databasesFromEnv();
const SECTION = 'community'; // this benchmark's markers in RESULTS.md

const BENCH_USER = { identifier: 'alex@haven.example', password: 'DemoPass2026!' };
const PAGE_SIZE = 20; // the listing's default page size
const HOME_PAGE_SIZE = 8; // what the site's /community page asks for
const TOKEN_MAX_AGE_MS = 8 * 60 * 1000; // access tokens live 10 minutes: log in again before that

// ------------------------------------------------------------------------------------------------
// Child processes: bench/community-target.mjs generate|serve
// ------------------------------------------------------------------------------------------------
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

/** Starts community-target.mjs with a mode; its BENCH_PROGRESS lines drive the progress line here. */
function startTarget(mode, db, env, { readyLine, timeoutSeconds }) {
  return startChild({ script: 'community-target.mjs', args: [mode, db], env, label: `${mode} ${db}`, readyLine, timeoutSeconds, handlers: { BENCH_PROGRESS: showProgress } }).then((child) => {
    if (isTTY) process.stdout.write('\r\x1b[K');
    return child;
  });
}

// ------------------------------------------------------------------------------------------------
// HTTP checks: each endpoint answers what the generated data says, before it is loaded
// ------------------------------------------------------------------------------------------------
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
// Load
// ------------------------------------------------------------------------------------------------
let step = 0;
let steps = 0;
async function measure({ endpoint, database, baseUrl, headers, connections }) {
  step++;
  log(`  [${step}/${steps}] ${DB_LABEL[database]}, ${connections} connection${connections === 1 ? '' : 's'}: ${endpoint.label}`);
  const loadBefore = os.loadavg()[0];
  const figures = await measureLoad({ url: baseUrl + endpoint.path, headers, connections, warmup: WARMUP, duration: DURATION });
  const row = { key: endpoint.key, label: endpoint.label, path: endpoint.path, listing: endpoint.listing, database, connections, ...figures, loadavg: [loadBefore, os.loadavg()[0]] };
  row.targetMet = row.listing ? row.p95 <= TARGET_MS : null;
  logRow(row, row.listing ? ` · target p95 ≤ ${TARGET_MS} ms ${row.targetMet ? 'met' : 'MISSED'}` : '');
  return row;
}

// ------------------------------------------------------------------------------------------------
// The run
// ------------------------------------------------------------------------------------------------
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
    const gen = await startTarget('generate', db, { ...env, ...dataEnv() }, { readyLine: 'BENCH_GENERATED', timeoutSeconds: GENERATE_TIMEOUT });
    const { code } = await gen.exited;
    await gen.stop();
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
    const { info: target, stop } = await startTarget('serve', db, env, { readyLine: 'BENCH_TARGET', timeoutSeconds: BOOT_TIMEOUT });
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
  }, { prefix: 'haven_bench_community' });
}

function section(rows, info, startedAt, finishedAt) {
  const m = info.machine;
  const lines = [];
  const minutes = ((finishedAt - startedAt) / 60000).toFixed(0);
  lines.push(markerStart(SECTION));
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
  lines.push(markerEnd(SECTION));
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

async function main() {
  const startedAt = new Date();
  const info = { machine: machine(), commit: commit(), databases: {}, generated: {}, bodies: {} };
  const perDb = 8 * (SINGLE ? 2 : 1);
  steps = DATABASES.length * perDb;
  const perStep = WARMUP + DURATION + SETTLE_SECONDS;
  announce(
    `Haven community bench: ${fmtInt(POSTS)} posts, ${fmtInt(REPLIES)} replies per database (${DATABASES.map((d) => DB_LABEL[d]).join(', ')}); ` +
      `${steps} measurements × ${perStep} s at ${CONNECTIONS}${SINGLE ? ' and 1' : ''} connection(s); about ${Math.ceil((steps * perStep + DATABASES.length * (60 + (POSTS + REPLIES) / 8000)) / 60)} min`,
    info.machine,
  );
  buildCms();
  assertCompiled();

  const rows = [];
  for (const db of DATABASES) await benchDatabase(db, rows, info);
  info.loadavgEnd = os.loadavg().map((n) => n.toFixed(2)).join(' ');
  const finishedAt = new Date();

  report({
    section: SECTION,
    startedAt,
    text: section(rows, info, startedAt, finishedAt),
    raw: { startedAt, finishedAt, duration: DURATION, warmup: WARMUP, connections: CONNECTIONS, targetMs: TARGET_MS, info, rows },
    failed: rows.filter((r) => !r.ok).map((r) => `${r.label} (${r.database}, ${r.connections})`),
    show: (line) => line.startsWith('|') || line.startsWith('###') || line.startsWith('**Verdict'),
  });
}

await runBench(main);
