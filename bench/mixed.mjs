#!/usr/bin/env node
/**
 * `npm run bench:mixed`: how many concurrent people one machine serves. Virtual people in realistic
 * proportions (60 % browse, 15 % check in, 10 % chat, 10 % book, 5 % log in fresh; bench/lib/mixed-data.mjs),
 * each a loop of page views with 1–3 s of think time (seeded), stepped up (BENCH_MIXED_STEPS: 25, 50, 75,
 * 100, 150, 200, 300, 400, 600, 800) until the p95 over all requests passes BENCH_TARGET_MS (300) or a request fails,
 * on PostgreSQL with 1 and with 2 CMS processes (BENCH_MIXED_PROCESSES; bench/cms-cluster-target.mjs).
 * Per step: people, req/s, p50/p95/p99 per kind, errors; then the most people served at p95 ≤ 300 ms.
 * Results go to bench/RESULTS.md between the bench:mixed markers and, raw, to bench/out/.
 */
import { buildCms, startChild } from './lib/child.mjs';
import { runBench } from './lib/cleanup.mjs';
import { withDatabase } from './lib/database.mjs';
import { fmtInt, fmtMs, listFromEnv, log, numberFromEnv } from './lib/env.mjs';
import { expect, request } from './lib/http.mjs';
import { BOOKING_THERAPISTS, KINDS } from './lib/mixed-data.mjs';
import { announce, machine, markerEnd, markerStart, report, runLine } from './lib/results.mjs';
import { assertCompiled } from './lib/strapi.mjs';
import { runStep } from './lib/virtual-people.mjs';

const SECTION = 'mixed';

const STEPS = [...new Set(listFromEnv('BENCH_MIXED_STEPS', [25, 50, 75, 100, 150, 200, 300, 400, 600, 800]))].sort((a, b) => a - b);
const PROCESSES = listFromEnv('BENCH_MIXED_PROCESSES', [1, 2]);
const DURATION = numberFromEnv('BENCH_DURATION', 20);
const WARMUP = numberFromEnv('BENCH_WARMUP', 5, { min: 0 });
const TARGET_MS = numberFromEnv('BENCH_TARGET_MS', 300);
const SEED = numberFromEnv('BENCH_SEED', 20261207, { integer: true });
const [THINK_MIN, THINK_MAX] = (process.env.BENCH_THINK_MS || '1000-3000').split('-').map(Number);
if (!(THINK_MIN >= 0 && THINK_MAX > THINK_MIN)) throw new Error(`BENCH_THINK_MS must be "min-max" in ms with max > min, not "${process.env.BENCH_THINK_MS}"`);
const PEOPLE = STEPS[STEPS.length - 1];

/**
 * The limits a load from one address needs raised, so that what fails is the server, not a limit meant
 * for one person or one attacker (every limiter still runs on every request). Tokens live for the run.
 */
const BENCH_LIMITS = {
  AUTH_RATE_LIMIT_MAX: '1000000',
  BOOKING_CREATE_LIMIT: '1000000',
  CHAT_RATE_LIMIT_MESSAGES: '1000000',
  CHAT_RATE_LIMIT_READS: '1000000',
  ACCESS_TOKEN_LIFESPAN: '7200',
};

/** What the people pick from, found through the API as a person sees it; each booker gets a slot of their own. */
async function discover(base, data) {
  const auth = { authorization: `Bearer ${data.people[0].token}` };
  const get = async (path) => {
    const res = await request(base + path, { headers: auth });
    expect(res.status === 200, `GET ${path} → ${res.status} ${JSON.stringify(res.json)?.slice(0, 300)}`);
    return res.json;
  };
  const directory = await get('/api/therapists?pageSize=12');
  const listedTherapists = (directory.data ?? []).map((t) => t.id).filter(Boolean);
  expect(listedTherapists.length > 0, `the directory lists no therapists: ${JSON.stringify(directory).slice(0, 300)}`);
  const resources = ((await get('/api/resources?pagination[pageSize]=12')).data ?? []).map((r) => r.documentId);
  expect(resources.length > 0, 'no resources');
  const categories = (await get('/api/community/categories')).data ?? [];
  const category = [...categories].sort((a, b) => (b.postCount ?? 0) - (a.postCount ?? 0))[0]?.slug;
  expect(category, 'no community categories');
  const posts = ((await get(`/api/community/posts?${new URLSearchParams({ category, sort: 'new', page: '1' })}`)).data ?? []).filter((p) => p.status !== 'held').map((p) => p.id);
  expect(posts.length > 0, `no visible posts in ${category}`);

  // Bookers: each one slot of one booking therapist, never another booker's (tomorrow onwards, UTC).
  const from = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  const to = new Date(Date.now() + 8 * 86_400_000).toISOString().slice(0, 10);
  const free = [];
  for (const therapist of data.bookingTherapists) {
    const slots = (await get(`/api/booking/therapists/${therapist}/slots?${new URLSearchParams({ from, to, tz: 'UTC' })}`)).data?.slots ?? [];
    free.push(slots.map((s) => ({ therapist, start: s.start })));
  }
  const bookers = data.people.filter((p) => p.kind === 'book');
  for (const [i, p] of bookers.entries()) {
    p.slot = free[i % BOOKING_THERAPISTS][Math.floor(i / BOOKING_THERAPISTS)];
    expect(p.slot?.start, `not enough slots for ${bookers.length} bookers (${free.map((f) => f.length).join(', ')} per therapist)`);
  }
  return { listedTherapists, resources, category, posts };
}

async function benchProcesses(processes) {
  return withDatabase(
    'postgres',
    async (dbEnv) => {
      log(`\n== ${processes} CMS process${processes > 1 ? 'es' : ''} on PostgreSQL: fresh database, demo seed, ${fmtInt(PEOPLE)} people`);
      const bootStart = Date.now();
      const child = await startChild({
        script: 'cms-cluster-target.mjs',
        args: ['postgres', String(processes)],
        env: { ...dbEnv, ...BENCH_LIMITS, BENCH_MIXED_PEOPLE: String(PEOPLE) },
        label: `cms ×${processes}`,
        timeoutSeconds: numberFromEnv('BENCH_BOOT_TIMEOUT', 600),
      });
      try {
        const { info } = child;
        log(`   ready at ${info.url} in ${((Date.now() - bootStart) / 1000).toFixed(1)} s (people created in ${info.mixed.seconds.toFixed(1)} s; ${info.databaseVersion}, pids ${info.pids.join(', ')}${info.redis ? ', chat joined through Redis' : ''})`);
        const site = await discover(info.url, info.mixed);
        const steps = [];
        for (const people of STEPS) {
          log(`   ${fmtInt(people)} people: ${WARMUP} s warm-up, ${DURATION} s measured`);
          const step = await runStep({ base: info.url, people: info.mixed.people.slice(0, people), site, warmup: WARMUP, duration: DURATION, thinkMs: [THINK_MIN, THINK_MAX], seed: SEED, password: info.mixed.password });
          steps.push(step);
          const t = step.total;
          log(`      ${fmtInt(t.reqPerSec)} req/s, p50 ${fmtMs(t.p50)} ms, p95 ${fmtMs(t.p95)} ms, p99 ${fmtMs(t.p99)} ms, ${t.errors} errors`);
          for (const sample of step.errorSamples.slice(0, 3)) log(`      error: ${sample}`);
          if (t.errors > 0 || !(t.p95 <= TARGET_MS)) break;
        }
        return { processes, info: { databaseVersion: info.databaseVersion, strapi: info.strapi, nodeEnv: info.nodeEnv, redis: info.redis, peopleSeconds: info.mixed.seconds }, site: { category: site.category }, steps, capacity: capacity(steps) };
      } finally {
        await child.stop();
      }
    },
    { prefix: 'haven_bench_mixed' },
  );
}

/**
 * The most people served at p95 ≤ target without errors: the last step that met it, and, when the next
 * step missed it on latency alone, the point where the straight line between the two crosses the target
 * (latency grows faster than linearly near saturation, so the line's crossing is the cautious estimate).
 */
function capacity(steps) {
  const ok = (s) => s.total.errors === 0 && s.total.p95 <= TARGET_MS;
  const lastOk = [...steps].reverse().find(ok) ?? null;
  const next = lastOk ? steps[steps.indexOf(lastOk) + 1] : null;
  if (!lastOk) return { lastOk: null, estimate: null, how: `no step met p95 ≤ ${TARGET_MS} ms` };
  if (!next) return { lastOk: lastOk.people, estimate: lastOk.people, how: `every step met it: at least ${lastOk.people}` };
  if (next.total.errors > 0) return { lastOk: lastOk.people, estimate: lastOk.people, how: `the next step (${next.people}) had errors: the last step that met it` };
  const estimate = lastOk.people + ((next.people - lastOk.people) * (TARGET_MS - lastOk.total.p95)) / (next.total.p95 - lastOk.total.p95);
  return { lastOk: lastOk.people, estimate: Math.floor(estimate), how: `between ${lastOk.people} (p95 ${fmtMs(lastOk.total.p95)} ms) and ${next.people} (p95 ${fmtMs(next.total.p95)} ms), on the straight line` };
}

function section(results, { startedAt, atStart }) {
  const m = atStart;
  const r0 = results[0]?.info ?? {};
  const lines = [markerStart(SECTION), '## Mixed traffic: concurrent people at p95 ≤ 300 ms, PostgreSQL, 1 and 2 CMS processes (`npm run bench:mixed`)', ''];
  lines.push(
    `${runLine(startedAt, m.loadavg)} ${m.nproc} CPUs (${m.cpu}), ${m.memoryGiB} GiB; Strapi ${r0.strapi ?? '?'} (NODE_ENV=${r0.nodeEnv ?? '?'}, log level warn), ${r0.databaseVersion ?? '?'} on the same machine; ` +
      'the load generator (this process, plain fetch with keep-alive) shares the machine with the CMS processes and PostgreSQL.',
  );
  lines.push('');
  lines.push(
    `Each virtual person is a loop of page views with ${THINK_MIN / 1000}–${THINK_MAX / 1000} s of think time before each (seeded, BENCH_SEED ${SEED}), signed in as a client of their own: ` +
      '**browse** 60 % (therapist directory, a listed therapist\'s slots for a week, the library list, a resource, the community listing of the busiest category, a post), ' +
      '**check in** 15 % (today\'s wellness entry, then the stats), **chat** 10 % (the conversation\'s history, then a message, over REST), ' +
      '**book** 10 % (their therapist\'s slots, book a slot of their own, cancel it) and **log in** 5 % (a fresh password log-in, then their account). ' +
      'The directory lists the demo seed\'s therapists and the bench\'s 8 (4 open every day for the bookers, 4 the chatters write to). ' +
      `Each step: ${WARMUP} s of arrivals and warm-up (discarded), then ${DURATION} s measured (requests that start in it); steps go up until the p95 over all requests passes ${TARGET_MS} ms or a request fails (any non-2xx or no answer in 10 s). ` +
      `Limits raised for the run, since every person comes from one address: ${Object.entries(BENCH_LIMITS).map(([k, v]) => `${k}=${v}`).join(', ')} (each limiter still runs). With 2 processes the chat and the shared limits join them through Redis.`,
  );
  lines.push('');
  for (const r of results) {
    lines.push(`### ${r.processes} CMS process${r.processes > 1 ? 'es' : ''}`, '');
    lines.push(`| people | req/s | all p50 / p95 / p99 ms | ${KINDS.map((k) => `${k} p50 / p95 / p99`).join(' | ')} | errors |`);
    lines.push(`|---:|---:|---:|${KINDS.map(() => '---:').join('|')}|---:|`);
    for (const s of r.steps) {
      const cell = (x) => `${fmtMs(x.p50)} / ${fmtMs(x.p95)} / ${fmtMs(x.p99)}`;
      lines.push(`| ${fmtInt(s.people)} | ${fmtInt(s.total.reqPerSec)} | ${cell(s.total)} | ${KINDS.map((k) => cell(s.kinds[k])).join(' | ')} | ${s.total.errors} |`);
    }
    lines.push('');
    const met = r.steps.find((s) => s.people === r.capacity.lastOk);
    if (met) {
      const slowest = Object.entries(met.requests).sort(([, a], [, b]) => b.p95 - a.p95).slice(0, 4);
      lines.push(`Slowest page views at ${met.people} people (p50 / p95 ms): ${slowest.map(([name, x]) => `${name} ${fmtMs(x.p50)} / ${fmtMs(x.p95)}`).join('; ')}.`, '');
    }
  }
  const said = results.map((r) => `${r.processes} process${r.processes > 1 ? 'es' : ''}: **about ${r.capacity.estimate === null ? '—' : fmtInt(r.capacity.estimate)} concurrent people** (${r.capacity.how})`);
  lines.push(`One 2-core machine (CMS, PostgreSQL and the load generator together) serves, at p95 ≤ ${TARGET_MS} ms over all requests: ${said.join('; ')}.`);
  lines.push('');
  lines.push(`Load average ${m.loadavg} at the start and ${machine().loadavg} at the end: the machine is shared with other work, which shows in the figures. Per-request figures (each page view of each kind) are in the raw results in \`bench/out/\`.`);
  lines.push(markerEnd(SECTION));
  return lines.join('\n');
}

await runBench(async () => {
  const startedAt = new Date();
  const atStart = machine();
  announce(`Haven mixed traffic: steps ${STEPS.join(', ')} people × ${WARMUP + DURATION} s, ${PROCESSES.join(' and ')} process(es) on PostgreSQL`, atStart);
  buildCms();
  assertCompiled();
  const results = [];
  for (const processes of PROCESSES) results.push(await benchProcesses(processes));
  const firstSteps = results.map((r) => r.steps[0]).filter((s) => s.total.errors > 0);
  report({
    section: SECTION,
    startedAt,
    text: section(results, { startedAt, atStart }),
    raw: { startedAt, steps: STEPS, duration: DURATION, warmup: WARMUP, thinkMs: [THINK_MIN, THINK_MAX], targetMs: TARGET_MS, seed: SEED, limits: BENCH_LIMITS, machineAtStart: atStart, machineAtEnd: machine(), results },
    // Errors at the first step are the bench's own problem; later, they are where the stepping stops.
    failed: firstSteps.map((s) => `${s.people} people`),
    show: (line) => line.startsWith('|') || line.startsWith('One 2-core') || line.startsWith('###') || line.startsWith('Slowest'),
  });
});
