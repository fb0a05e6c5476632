#!/usr/bin/env node
/**
 * `npm run search:reindex`: rebuilds the library's search index from every published resource,
 * with whichever engine is configured (Meilisearch when MEILISEARCH_HOST is set, else the database's
 * own full-text tables). Safe to run while the CMS is running: it boots Strapi without listening,
 * empties the index, sends the published resources in batches and exits.
 *
 * Reads the same configuration as the CMS: the environment, then `.env` at the repository root for
 * whatever the environment does not set. Run `npm run build:cms` first (Strapi loads compiled code).
 * Exit codes: 0 done; 1 failed (the message says why); 130/143 interrupted.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CMS = path.join(ROOT, 'cms');
const started = Date.now();
const seconds = () => ((Date.now() - started) / 1000).toFixed(1);

function fail(message) {
  console.error(`✖ search:reindex failed: ${message}`);
  process.exit(1);
}

const envFile = path.join(ROOT, '.env');
if (fs.existsSync(envFile)) process.loadEnvFile(envFile); // values already in the environment win
process.env.STRAPI_TELEMETRY_DISABLED ??= 'true';
// Strapi's own request and start-up logs are noise here; LOG_LEVEL=info (or debug) shows them.
process.env.LOG_LEVEL ??= 'warn';
process.env.STRAPI_STARTUP_LOG ??= 'false';
// A maintenance command never adds demo data, even to an empty database.
process.env.HAVEN_SEED_DEMO = 'false';

for (const [file, what] of [
  [path.join(CMS, 'dist', 'src', 'index.js'), 'the CMS'],
  [path.join(ROOT, 'plugins', 'library', 'dist', 'server', 'index.js'), 'the library plugin'],
]) {
  if (!fs.existsSync(file)) fail(`${what} is not compiled (${path.relative(ROOT, file)} is missing): run \`npm run build:cms\` first`);
}

const cmsRequire = createRequire(path.join(CMS, 'package.json'));
const { createStrapi } = cmsRequire('@strapi/strapi');
const cliProgress = createRequire(import.meta.url)('cli-progress');

let strapi = null;
let interrupted = false;

// Strapi installs SIGINT/SIGTERM handlers that destroy it and exit with code 0; an interrupted
// rebuild must not look like a finished one, so this script handles the signals itself.
const before = { SIGINT: process.listeners('SIGINT'), SIGTERM: process.listeners('SIGTERM') };
let app;
try {
  app = createStrapi({ appDir: CMS, distDir: path.join(CMS, 'dist'), autoReload: false, serveAdminPanel: false });
} catch (err) {
  fail(err?.message ?? String(err));
}
for (const signal of ['SIGINT', 'SIGTERM']) {
  for (const listener of process.listeners(signal)) if (!before[signal].includes(listener)) process.off(signal, listener);
  process.once(signal, async () => {
    interrupted = true;
    console.error(`\n✖ search:reindex interrupted (${signal}): the index may be incomplete; run it again.`);
    await strapi?.destroy().catch(() => undefined);
    process.exit(signal === 'SIGINT' ? 130 : 143);
  });
}

let bar = null;
try {
  strapi = await app.load();
  const search = strapi.plugin('library')?.service('search');
  if (!search) throw new Error('the library plugin is not enabled in cms/config/plugins.ts');
  const engine = search.engine();
  const config = strapi.config.get('plugin::library');
  const where = engine.name === 'meilisearch' ? `Meilisearch at ${config.meilisearch.host}, index "${config.meilisearch.indexUid}"` : `the ${strapi.db.dialect.client} database`;
  console.log(`Rebuilding the library search index in ${where}…`);

  const tty = Boolean(process.stdout.isTTY);
  let lastLine = -1;
  const onProgress = (done, total) => {
    if (tty) {
      if (!bar) {
        bar = new cliProgress.SingleBar(
          { format: '  {bar} {percentage}% | {value}/{total} resources | {duration_formatted}', hideCursor: true, clearOnComplete: false },
          cliProgress.Presets.shades_classic,
        );
        bar.start(total, done);
      }
      bar.setTotal(total);
      bar.update(done);
      return;
    }
    // Not a terminal (CI, a log file): one plain line per batch.
    if (done !== lastLine) console.log(`  ${done}/${total} resources`);
    lastLine = done;
  };

  const result = await search.reindex(onProgress);
  bar?.stop();
  bar = null;
  console.log(`✔ Reindexed ${result.total} published resource${result.total === 1 ? '' : 's'} in ${seconds()} s.`);
} catch (err) {
  bar?.stop();
  if (!interrupted) {
    console.error(`✖ search:reindex failed after ${seconds()} s: ${err?.message ?? err}`);
    if (process.env.LOG_LEVEL === 'debug' && err?.stack) console.error(err.stack);
    await strapi?.destroy().catch(() => undefined);
    process.exit(1);
  }
}

if (!interrupted) {
  await strapi.destroy();
  process.exit(0);
}
