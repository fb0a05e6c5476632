#!/usr/bin/env node
/**
 * Boots Haven's compiled CMS (cms/dist + plugins/*\/dist) the way the tests do, on 127.0.0.1 and an
 * ephemeral port, and prints one line `BENCH_TARGET {"url": …}` on stdout when it answers.
 *
 *   node bench/cms-target.mjs sqlite     # needs DATABASE_FILENAME (an absolute path)
 *   node bench/cms-target.mjs postgres   # needs DATABASE_URL (a database of its own)
 *
 * bench/run.mjs starts it, creates and removes the database around it, and stops it with SIGTERM.
 * It also stops when its stdin closes (its parent went away) and after BENCH_TARGET_MAX_SECONDS.
 * One Strapi per process: Strapi is a global singleton and strapi.destroy() removes every listener.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { applyBenchStrapiEnv } from './strapi-env.mjs';

const require = createRequire(import.meta.url);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CMS = path.join(ROOT, 'cms');

const database = process.argv[2];
if (database !== 'sqlite' && database !== 'postgres') {
  console.error('usage: node bench/cms-target.mjs sqlite|postgres');
  process.exit(2);
}
if (database === 'sqlite' && !process.env.DATABASE_FILENAME) throw new Error('DATABASE_FILENAME is required for sqlite');
if (database === 'postgres' && !process.env.DATABASE_URL) throw new Error('DATABASE_URL is required for postgres');
if (!fs.existsSync(path.join(CMS, 'dist', 'src', 'index.js'))) {
  throw new Error('cms/dist is missing: run `npm run build:cms` first');
}

applyBenchStrapiEnv(database, { HAVEN_SEED_DEMO: 'true' });

const maxSeconds = Number(process.env.BENCH_TARGET_MAX_SECONDS || 3600);
const lifetime = setTimeout(() => {
  console.error(`[cms-target] still running after ${maxSeconds}s: exiting`);
  process.exit(3);
}, maxSeconds * 1000);
lifetime.unref();

const { createStrapi } = require('@strapi/strapi');
// Strapi installs SIGTERM/SIGINT handlers; this process stops on its own terms (below).
const before = { SIGTERM: process.listeners('SIGTERM'), SIGINT: process.listeners('SIGINT') };
const app = createStrapi({ appDir: CMS, distDir: path.join(CMS, 'dist'), autoReload: false, serveAdminPanel: false });
for (const signal of ['SIGTERM', 'SIGINT']) {
  for (const listener of process.listeners(signal)) if (!before[signal].includes(listener)) process.off(signal, listener);
}

let stopping = false;
async function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  setTimeout(() => process.exit(code), 10_000).unref(); // never hang on the way out
  try {
    await app.destroy();
  } catch (error) {
    console.error('[cms-target] destroy failed:', error?.message ?? error);
  }
  process.exit(code);
}
process.on('SIGTERM', () => stop(0));
process.on('SIGINT', () => stop(0));
process.stdin.on('end', () => stop(0));
process.stdin.on('error', () => stop(0));
process.stdin.resume();

try {
  const strapi = await app.load();
  strapi.log.level = process.env.BENCH_LOG_LEVEL || 'warn';
  await strapi.server.mount();
  await new Promise((resolve) => strapi.server.httpServer.listen(0, '127.0.0.1', resolve));
  const { port } = strapi.server.httpServer.address();
  const info = {
    url: `http://127.0.0.1:${port}`,
    database,
    strapi: require('@strapi/strapi/package.json').version,
    nodeEnv: process.env.NODE_ENV,
  };
  if (database === 'postgres') {
    const [row] = (await strapi.db.connection.raw('show server_version')).rows;
    info.databaseVersion = `PostgreSQL ${row.server_version.split(' ')[0]}`;
  } else {
    const row = await strapi.db.connection.raw('select sqlite_version() as v');
    info.databaseVersion = `SQLite ${row[0].v} (better-sqlite3 ${require('better-sqlite3/package.json').version})`;
  }
  process.stdout.write(`BENCH_TARGET ${JSON.stringify(info)}\n`);
} catch (error) {
  console.error('[cms-target] start failed:', error);
  await stop(1);
}
