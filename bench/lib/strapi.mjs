// Haven's compiled CMS in-process, the way bench targets and tests/helpers/haven.ts boot it: fresh
// secrets, no telemetry or banner, Strapi's own signal handlers left out (the caller decides when to
// stop), listening on 127.0.0.1.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { CMS, ROOT } from './env.mjs';

const require = createRequire(import.meta.url);
const random = () => crypto.randomBytes(24).toString('base64');

/** Fresh secrets for a throwaway Strapi (never written anywhere). */
export function strapiSecrets() {
  return {
    APP_KEYS: [random(), random()].join(','),
    JWT_SECRET: random(),
    ADMIN_JWT_SECRET: random(),
    API_TOKEN_SALT: random(),
    TRANSFER_TOKEN_SALT: random(),
    ENCRYPTION_KEY: crypto.randomBytes(32).toString('base64'),
    // Master key rings of chat messages and wellness reflections (the chat plugin refuses to start without its own).
    CHAT_MASTER_KEYS: `1:${crypto.randomBytes(32).toString('base64')}`,
    WELLNESS_MASTER_KEYS: `1:${crypto.randomBytes(32).toString('base64')}`,
  };
}

/** The environment of a throwaway Strapi in a bench target: secrets, no telemetry, no banner, the database kind. */
export function applyBenchStrapiEnv(database, own = {}) {
  Object.assign(process.env, {
    NODE_ENV: process.env.NODE_ENV || 'development',
    STRAPI_TELEMETRY_DISABLED: 'true',
    STRAPI_STARTUP_LOG: 'false',
    ...strapiSecrets(),
    DATABASE_CLIENT: database,
    PUBLIC_SITE_URL: process.env.PUBLIC_SITE_URL || 'http://localhost:4321',
    ...own,
  });
}

/** Fails with what to run when the CMS (or a plugin) was not compiled: Strapi loads only JavaScript. */
export function assertCompiled(...extra) {
  for (const file of [path.join(CMS, 'dist', 'src', 'index.js'), ...extra]) {
    if (!fs.existsSync(file)) throw new Error(`${path.relative(ROOT, file)} is missing: run \`npm run build:cms\` first`);
  }
}

/** createStrapi() for the compiled CMS, without the SIGTERM/SIGINT handlers Strapi installs (they exit the process). */
export function createStrapiApp({ serveAdminPanel = false } = {}) {
  const { createStrapi } = require('@strapi/strapi');
  const before = { SIGTERM: process.listeners('SIGTERM'), SIGINT: process.listeners('SIGINT') };
  const app = createStrapi({ appDir: CMS, distDir: path.join(CMS, 'dist'), autoReload: false, serveAdminPanel });
  for (const signal of ['SIGTERM', 'SIGINT']) {
    for (const listener of process.listeners(signal)) if (!before[signal].includes(listener)) process.off(signal, listener);
  }
  return app;
}

/** Mounts the routes and listens on 127.0.0.1 (port 0: any free port); answers the base URL. */
export async function listen(strapi, port = 0) {
  await strapi.server.mount();
  await new Promise((resolve) => strapi.server.httpServer.listen(port, '127.0.0.1', resolve));
  return `http://127.0.0.1:${strapi.server.httpServer.address().port}`;
}

/** "PostgreSQL 15.x" or "SQLite 3.x (better-sqlite3 x)", for the results. */
export async function databaseVersion(strapi, database) {
  if (database === 'postgres') {
    const [row] = (await strapi.db.connection.raw('show server_version')).rows;
    return `PostgreSQL ${row.server_version.split(' ')[0]}`;
  }
  const [row] = await strapi.db.connection.raw('select sqlite_version() as v');
  return `SQLite ${row.v} (better-sqlite3 ${require('better-sqlite3/package.json').version})`;
}

/** What a target tells the bench about itself once it answers. */
export async function targetInfo(strapi, database, url) {
  return { url, database, strapi: require('@strapi/strapi/package.json').version, nodeEnv: process.env.NODE_ENV, databaseVersion: await databaseVersion(strapi, database) };
}

/** One line on stdout for the bench: `KIND {json}`. */
export const emit = (kind, data) => process.stdout.write(`${kind} ${JSON.stringify(data)}\n`);

/**
 * The life of a bench target process: it stops on SIGTERM/SIGINT, when its stdin closes (its parent
 * went away) and after BENCH_TARGET_MAX_SECONDS; stop(code) destroys Strapi first (10 s at most).
 */
export function targetLifetime(app, label) {
  const maxSeconds = Number(process.env.BENCH_TARGET_MAX_SECONDS || 3600);
  setTimeout(() => {
    console.error(`[${label}] still running after ${maxSeconds}s: exiting`);
    process.exit(3);
  }, maxSeconds * 1000).unref();
  let stopping = false;
  async function stop(code = 0) {
    if (stopping) return;
    stopping = true;
    setTimeout(() => process.exit(code), 10_000).unref(); // never hang on the way out
    try {
      await app.destroy();
    } catch (error) {
      console.error(`[${label}] destroy failed:`, error?.message ?? error);
    }
    process.exit(code);
  }
  process.on('SIGTERM', () => stop(0));
  process.on('SIGINT', () => stop(0));
  process.stdin.on('end', () => stop(0));
  process.stdin.on('error', () => stop(0));
  process.stdin.resume();
  return stop;
}

/** The usual start of a target: `node bench/<script> sqlite|postgres` with DATABASE_FILENAME or DATABASE_URL set. */
export function databaseArgument(database, usage) {
  if (database !== 'sqlite' && database !== 'postgres') {
    console.error(usage);
    process.exit(2);
  }
  if (database === 'sqlite' && !process.env.DATABASE_FILENAME) throw new Error('DATABASE_FILENAME is required for sqlite');
  if (database === 'postgres' && !process.env.DATABASE_URL) throw new Error('DATABASE_URL is required for postgres');
  return database;
}

/**
 * The start of every `node bench/<name>.mjs sqlite|postgres` target: the argument and the compiled
 * tree checked, the environment set (no demo data and a `warn` log unless `env` says otherwise), the
 * process's life tied to its parent (targetLifetime), Strapi loaded. A start that fails exits with 1.
 */
export async function bootTarget(name, { env = {}, compiled = [] } = {}) {
  const database = databaseArgument(process.argv[2], `usage: node bench/${name}.mjs sqlite|postgres`);
  assertCompiled(...compiled);
  applyBenchStrapiEnv(database, { HAVEN_SEED_DEMO: 'false', LOG_LEVEL: 'warn', ...env });
  const app = createStrapiApp();
  const stop = targetLifetime(app, name);
  try {
    const strapi = await app.load();
    strapi.log.level = process.env.LOG_LEVEL;
    return { database, strapi, stop };
  } catch (error) {
    console.error(`[${name}] start failed:`, error);
    return stop(1);
  }
}
