#!/usr/bin/env node
/**
 * `npm run bench:search`: latency of the library search endpoint at 10,000 published resources,
 * beside the stock content API's `filters[title][$containsi]` on the same data in the same run,
 * on SQLite and on PostgreSQL. Results replace this benchmark's section of bench/RESULTS.md.
 *
 * Knobs: BENCH_RESOURCES (10000), BENCH_SAMPLES requests per endpoint (600), BENCH_CONCURRENCY (1: latency as one visitor sees it),
 * BENCH_DATABASES (sqlite,postgres), BENCH_WRITE=false to leave RESULTS.md alone.
 */
import os from 'node:os';
import { DB_LABEL, databasesFromEnv, log, numberFromEnv } from './lib/env.mjs';
import { benchPerDatabase } from './lib/per-database.mjs';
import { runRequests } from './lib/requests.mjs';
import { markerEnd, markerStart } from './lib/results.mjs';

const RESOURCES = numberFromEnv('BENCH_RESOURCES', 10_000, { integer: true });
const SAMPLES = numberFromEnv('BENCH_SAMPLES', 600, { integer: true });
const CONCURRENCY = numberFromEnv('BENCH_CONCURRENCY', 1, { integer: true });
const SECTION = 'search';
const TARGET_P95_MS = 30;

// What people type: single words, two words, a typo, a prefix, a phrase with a filter.
const QUERIES = [
  { q: 'anxiety' }, { q: 'sleep' }, { q: 'grief' }, { q: 'breathing' }, { q: 'burnout' }, { q: 'panic attacks' },
  { q: 'anxeity' }, { q: 'insomia' }, { q: 'journ' }, { q: 'mindful' }, { q: 'coping skills' }, { q: 'self-care' },
  { q: 'loneliness', category: 'relationships' }, { q: 'stress', kind: 'worksheet' }, { q: 'hope' }, { q: 'trauma grounding' },
];
// The stock filter is a substring match on the title only: give it the plain words.
const stockTerm = (q) => q.split(/\s+/)[0];

function urlsFor(base) {
  const searchUrls = [];
  const stockUrls = [];
  for (let i = 0; i < SAMPLES; i++) {
    const { q, category, kind } = QUERIES[i % QUERIES.length];
    const params = new URLSearchParams({ q, pageSize: '12' });
    if (category) params.set('category', category);
    if (kind) params.set('kind', kind);
    searchUrls.push(`${base}/api/library/search?${params}`);
    const stock = new URLSearchParams({ 'filters[title][$containsi]': stockTerm(q), 'pagination[pageSize]': '12', 'populate[categories][fields][0]': 'slug' });
    if (category) stock.set('filters[categories][slug][$eq]', category);
    if (kind) stock.set('filters[kind][$eq]', kind);
    stockUrls.push(`${base}/api/resources?${stock}`);
  }
  return { searchUrls, stockUrls };
}

async function measure(db, { info }) {
  log(`   ready at ${info.url} (generated in ${info.generateSeconds.toFixed(1)} s, indexed in ${info.indexSeconds.toFixed(1)} s; ${info.databaseVersion})`);
  const total = (await (await fetch(`${info.url}/api/library/search?pageSize=1`)).json()).total;
  if (total !== RESOURCES) throw new Error(`the index holds ${total} resources, not ${RESOURCES}`);
  const { searchUrls, stockUrls } = urlsFor(info.url);
  await runRequests({ label: 'warm-up', requests: [...searchUrls.slice(0, 40), ...stockUrls.slice(0, 40)], concurrency: CONCURRENCY });
  const search = await runRequests({ label: 'library search  ', requests: searchUrls, concurrency: CONCURRENCY });
  const stock = await runRequests({ label: 'stock $containsi ', requests: stockUrls, concurrency: CONCURRENCY });
  return { db, info, search, stock };
}

function section(results, { startedAt }) {
  const fmt = (n) => n.toFixed(1);
  const lines = [
    markerStart(SECTION),
    '## Library search at 10,000 resources (`npm run bench:search`)',
    '',
    `Run ${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC on ${os.cpus().length} cores, Node ${process.versions.node}; ` +
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
  lines.push('', markerEnd(SECTION));
  return lines.join('\n');
}

await benchPerDatabase({
  section: SECTION,
  plan: `bench:search: ${RESOURCES.toLocaleString('en')} resources, ${SAMPLES} requests per endpoint, on ${databasesFromEnv().join(' and ')}`,
  target: (db, env) => {
    log(`\n== ${DB_LABEL[db]}: generating ${RESOURCES.toLocaleString('en')} published resources and indexing them`);
    return { script: 'search-target.mjs', args: [db], env, label: `search ${db}` };
  },
  measure,
  text: section,
  raw: { samples: SAMPLES, concurrency: CONCURRENCY },
});
