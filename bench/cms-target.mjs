#!/usr/bin/env node
/**
 * Boots Haven's compiled CMS (cms/dist + plugins/*\/dist) with the demo seed on 127.0.0.1 and an
 * ephemeral port, and prints one line `BENCH_TARGET {"url": …}` on stdout when it answers.
 *
 *   node bench/cms-target.mjs sqlite     # needs DATABASE_FILENAME (an absolute path)
 *   node bench/cms-target.mjs postgres   # needs DATABASE_URL (a database of its own)
 *
 * bench/run.mjs starts it, creates and removes the database around it, and stops it with SIGTERM.
 * It also stops when its stdin closes (its parent went away) and after BENCH_TARGET_MAX_SECONDS.
 * One Strapi per process: Strapi is a global singleton and strapi.destroy() removes every listener.
 */
import { applyBenchStrapiEnv, assertCompiled, createStrapiApp, databaseArgument, emit, listen, targetInfo, targetLifetime } from './lib/strapi.mjs';

const database = databaseArgument(process.argv[2], 'usage: node bench/cms-target.mjs sqlite|postgres');
assertCompiled();
applyBenchStrapiEnv(database, { HAVEN_SEED_DEMO: 'true' });

const app = createStrapiApp();
const stop = targetLifetime(app, 'cms-target');
try {
  const strapi = await app.load();
  strapi.log.level = process.env.BENCH_LOG_LEVEL || 'warn';
  emit('BENCH_TARGET', await targetInfo(strapi, database, await listen(strapi)));
} catch (error) {
  console.error('[cms-target] start failed:', error);
  await stop(1);
}
