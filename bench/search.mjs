#!/usr/bin/env node
/**
 * `npm run bench:search`: latency of the library search endpoint at 10,000 published resources,
 * beside the stock content API's `filters[title][$containsi]` on the same data in the same run,
 * on SQLite and on PostgreSQL. Results replace this benchmark's section of bench/RESULTS.md.
 *
 * Knobs: BENCH_RESOURCES (10000), BENCH_SAMPLES requests per endpoint (600), BENCH_CONCURRENCY (1: latency as one visitor sees it),
 * BENCH_DATABASES (sqlite,postgres), BENCH_WRITE=false to leave RESULTS.md alone.
 */
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const BENCH = path.dirname(fileURLToPath(import.meta.url));
const RESOURCES = Number(process.env.BENCH_RESOURCES || 10_000);
const SAMPLES = Number(process.env.BENCH_SAMPLES || 600);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY || 1);
const DATABASES = (process.env.BENCH_DATABASES || 'sqlite,postgres').split(',').map((s) => s.trim()).filter(Boolean);
const WRITE = !['0', 'false', 'no'].includes(String(process.env.BENCH_WRITE || '').toLowerCase());
const PG_ADMIN_URL = process.env.BENCH_PG_ADMIN_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const TARGET_P95_MS = 30;

// What people type: single words, two words, a typo, a prefix, a phrase with a filter.
const QUERIES = [
  { q: 'anxiety' }, { q: 'sleep' }, { q: 'grief' }, { q: 'breathing' }, { q: 'burnout' }, { q: 'panic attacks' },
  { q: 'anxeity' }, { q: 'insomia' }, { q: 'journ' }, { q: 'mindful' }, { q: 'coping skills' }, { q: 'self-care' },
  { q: 'loneliness', category: 'relationships' }, { q: 'stress', kind: 'worksheet' }, { q: 'hope' }, { q: 'trauma grounding' },
];
// The stock filter is a substring match on the title only: give it the plain words.
const stockTerm = (q) => q.split(/\s+/)[0];

const log = (line = '') => process.stdout.write(`${line}\n`);
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];

function startTarget(db, env) {
  const child = spawn(process.execPath, [path.join(BENCH, 'search-target.mjs'), db], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the CMS did not start within 15 minutes')), 15 * 60_000);
    readline.createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.startsWith('BENCH_TARGET ')) {
        clearTimeout(timer);
        resolve({ child, info: JSON.parse(line.slice(13)) });
      }
    });
    child.on('exit', (code) => reject(new Error(`search-target exited with ${code}`)));
  });
}

async function measure(label, urls) {
  const latencies = [];
  let failures = 0;
  let next = 0;
  const started = Date.now();
  async function worker() {
    while (next < urls.length) {
      const url = urls[next++];
      const t0 = performance.now();
      const res = await fetch(url);
      await res.arrayBuffer();
      const ms = performance.now() - t0;
      if (res.ok) latencies.push(ms);
      else failures++;
    }
  }
  const ticker = setInterval(() => process.stdout.write(`\r    ${label}: ${latencies.length + failures}/${urls.length}`), 250);
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  clearInterval(ticker);
  latencies.sort((a, b) => a - b);
  const seconds = (Date.now() - started) / 1000;
  const row = { label, n: latencies.length, failures, p50: percentile(latencies, 50), p95: percentile(latencies, 95), rps: urls.length / seconds };
  process.stdout.write(`\r    ${label}: p50 ${row.p50.toFixed(1)} ms, p95 ${row.p95.toFixed(1)} ms, ${row.rps.toFixed(0)} req/s, failures ${failures}\n`);
  if (failures) throw new Error(`${label}: ${failures} requests failed`);
  return row;
}

async function benchDatabase(db) {
  let env;
  let drop = async () => {};
  if (db === 'postgres') {
    const name = `haven_bench_search_${crypto.randomBytes(3).toString('hex')}`;
    const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(PG_ADMIN_URL);
    url.pathname = `/${name}`;
    env = { DATABASE_URL: url.toString() };
    drop = async () => {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    };
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-bench-search-'));
    env = { DATABASE_FILENAME: path.join(dir, 'bench.db') };
    drop = async () => fs.rmSync(dir, { recursive: true, force: true });
  }
  log(`\n== ${db}: generating ${RESOURCES.toLocaleString('en')} published resources and indexing them`);
  const { child, info } = await startTarget(db, env);
  try {
    log(`   ready at ${info.url} (generated in ${info.generateSeconds.toFixed(1)} s, indexed in ${info.indexSeconds.toFixed(1)} s)`);
    const total = (await (await fetch(`${info.url}/api/library/search?pageSize=1`)).json()).total;
    if (total !== RESOURCES) throw new Error(`the index holds ${total} resources, not ${RESOURCES}`);
    const searchUrls = [];
    const stockUrls = [];
    for (let i = 0; i < SAMPLES; i++) {
      const { q, category, kind } = QUERIES[i % QUERIES.length];
      const params = new URLSearchParams({ q, pageSize: '12' });
      if (category) params.set('category', category);
      if (kind) params.set('kind', kind);
      searchUrls.push(`${info.url}/api/library/search?${params}`);
      const stock = new URLSearchParams({ 'filters[title][$containsi]': stockTerm(q), 'pagination[pageSize]': '12', 'populate[categories][fields][0]': 'slug' });
      if (category) stock.set('filters[categories][slug][$eq]', category);
      if (kind) stock.set('filters[kind][$eq]', kind);
      stockUrls.push(`${info.url}/api/resources?${stock}`);
    }
    await measure('warm-up', [...searchUrls.slice(0, 40), ...stockUrls.slice(0, 40)]);
    const search = await measure('library search  ', searchUrls);
    const stock = await measure('stock $containsi ', stockUrls);
    return { db, info, search, stock };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.on('exit', r));
    await drop();
  }
}

const results = [];
for (const db of DATABASES) results.push(await benchDatabase(db));

const fmt = (n) => n.toFixed(1);
const lines = [
  '<!-- bench:search:start -->',
  '## Library search at 10,000 resources (`npm run bench:search`)',
  '',
  `Run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${os.cpus().length} cores, Node ${process.versions.node}; ` +
    `${RESOURCES.toLocaleString('en')} published resources (generated text, 2 categories each); ${SAMPLES} requests per endpoint, ` +
    `${CONCURRENCY} at a time, over ${QUERIES.length} queries (single words, two words, typos, prefixes, filters), page size 12. ` +
    'Stock = the content API `GET /api/resources?filters[title][$containsi]=<word>` (title only, no ranking, no facets, no typos), same data, same run. ' +
    `Target: p95 ≤ ${TARGET_P95_MS} ms and faster than the stock filter.`,
  '',
  '| database | endpoint | p50 ms | p95 ms | req/s | target met |',
  '|---|---|---|---|---|---|',
];
for (const r of results) {
  const met = r.search.p95 <= TARGET_P95_MS && r.search.p95 < r.stock.p95;
  lines.push(`| ${r.db} | library search (${r.info.resources} resources, facets, highlights) | ${fmt(r.search.p50)} | ${fmt(r.search.p95)} | ${r.search.rps.toFixed(0)} | ${met ? 'yes' : '**no**'} |`);
  lines.push(`| ${r.db} | stock \`$containsi\` list | ${fmt(r.stock.p50)} | ${fmt(r.stock.p95)} | ${r.stock.rps.toFixed(0)} | baseline |`);
}
lines.push('', '<!-- bench:search:end -->');
log(`\n${lines.join('\n')}`);

if (WRITE) {
  const file = path.join(BENCH, 'RESULTS.md');
  let text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Benchmark results\n';
  const block = lines.join('\n');
  const pattern = /<!-- bench:search:start -->[\s\S]*<!-- bench:search:end -->/;
  text = pattern.test(text) ? text.replace(pattern, block) : `${text.trimEnd()}\n\n${block}\n`;
  fs.writeFileSync(file, text);
  log(`\nWrote ${path.relative(process.cwd(), file)}`);
}
