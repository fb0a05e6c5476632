#!/usr/bin/env node
/**
 * Boots Haven's compiled CMS with BENCH_RESOURCES generated, published library resources (default
 * 10,000), rebuilds the search index in bulk, listens on 127.0.0.1 and prints
 * `BENCH_TARGET {"url": …}`. Used by bench/search.mjs, one child process per database.
 *
 *   node bench/search-target.mjs sqlite     # needs DATABASE_FILENAME
 *   node bench/search-target.mjs postgres   # needs DATABASE_URL (a database of its own)
 */
import crypto from 'node:crypto';
import { numberFromEnv } from './lib/env.mjs';
import { applyBenchStrapiEnv, assertCompiled, createStrapiApp, databaseArgument, emit, listen, targetInfo, targetLifetime } from './lib/strapi.mjs';

const database = databaseArgument(process.argv[2], 'usage: node bench/search-target.mjs sqlite|postgres');
const COUNT = numberFromEnv('BENCH_RESOURCES', 10_000, { integer: true });
assertCompiled();
applyBenchStrapiEnv(database, {
  NODE_ENV: 'development',
  LOG_LEVEL: 'warn',
  HAVEN_SEED_DEMO: 'false',
  // Generation writes through the query layer, which leaves no sync tasks; the index is rebuilt in bulk.
  SEARCH_SYNC_POLL_MS: '600000',
});

// A small deterministic text generator: the same library every run.
let seed = 42;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const pick = (list) => list[Math.floor(rand() * list.length)];
const TOPICS = ['anxiety', 'panic', 'worry', 'sleep', 'insomnia', 'stress', 'burnout', 'grief', 'loss', 'depression', 'mood', 'loneliness',
  'relationships', 'boundaries', 'trauma', 'grounding', 'mindfulness', 'breathing', 'meditation', 'recovery', 'cravings', 'self-care',
  'compassion', 'journaling', 'exercise', 'nutrition', 'parenting', 'work', 'anger', 'confidence', 'shame', 'perfectionism'];
const WORDS = ['gentle', 'practical', 'daily', 'guide', 'steps', 'understanding', 'coping', 'skills', 'when', 'feel', 'body', 'mind',
  'habits', 'calm', 'hard', 'days', 'support', 'talking', 'notice', 'thoughts', 'feelings', 'routine', 'evening', 'morning', 'small',
  'kindness', 'ways', 'through', 'with', 'your', 'friends', 'family', 'patterns', 'change', 'hope', 'rest', 'energy', 'focus'];
const KINDS = ['article', 'article', 'article', 'worksheet', 'video', 'audio', 'link'];
const sentence = (n) => Array.from({ length: n }, () => (rand() < 0.25 ? pick(TOPICS) : pick(WORDS))).join(' ');

const app = createStrapiApp();
const stop = targetLifetime(app, 'search-target');
try {
  const strapi = await app.load();
  strapi.log.level = 'warn';
  const categories = await strapi.db.query('api::category.category').findMany({ select: ['id', 'slug'] });
  const uid = 'api::resource.resource';
  const started = Date.now();
  const BATCH = 250;
  for (let done = 0; done < COUNT; done += BATCH) {
    await strapi.db.transaction(async () => {
      for (let i = done; i < Math.min(done + BATCH, COUNT); i++) {
        const topic = pick(TOPICS);
        const title = `${sentence(2)} ${topic} ${sentence(2)} ${i}`.replace(/^./, (c) => c.toUpperCase());
        const documentId = crypto.randomBytes(12).toString('hex').slice(0, 24);
        const chosen = [...new Set([pick(categories), pick(categories)])].map((c) => c.id);
        const publishedAt = new Date(Date.now() - Math.floor(rand() * 365 * 864e5));
        const data = {
          documentId,
          title,
          slug: `resource-${i}`,
          summary: sentence(18),
          body: Array.from({ length: 6 }, () => sentence(40)).join('\n\n'),
          kind: pick(KINDS),
          tags: [topic, pick(TOPICS)],
          durationMinutes: 3 + Math.floor(rand() * 10),
          categories: chosen,
        };
        await strapi.db.query(uid).create({ data: { ...data, publishedAt: null } });
        await strapi.db.query(uid).create({ data: { ...data, publishedAt } });
      }
    });
    const made = Math.min(done + BATCH, COUNT);
    if (made % 2000 === 0 || made === COUNT) console.error(`[search-target] generated ${made}/${COUNT} resources`);
  }
  process.stderr.write(`[search-target] generated in ${((Date.now() - started) / 1000).toFixed(1)} s; rebuilding the index…\n`);
  const indexStarted = Date.now();
  await strapi.plugin('library').service('search').reindex();
  const indexSeconds = (Date.now() - indexStarted) / 1000;
  const info = await targetInfo(strapi, database, await listen(strapi));
  emit('BENCH_TARGET', { ...info, resources: COUNT, indexSeconds, generateSeconds: (indexStarted - started) / 1000 });
} catch (error) {
  console.error('[search-target] start failed:', error);
  await stop(1);
}
