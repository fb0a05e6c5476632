/**
 * What every maintenance command against the app shares (`npm run search:reindex`, `chat:rotate-key`,
 * `wellness:rotate-key`): the CMS's configuration (the environment, then `.env` at the repository root
 * for whatever it does not set), the compiled tree checked, Strapi booted without listening, demo seed
 * or workers, one piece of work run with a progress bar, and exit codes a script can trust: 0 done,
 * 1 failed (or whatever the work answers), 130/143 interrupted. Strapi's own signal handlers exit with
 * 0; an interrupted command must not look finished, so these handle the signals themselves.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const CMS = path.join(ROOT, 'cms');
const require = createRequire(import.meta.url);
const started = Date.now();

/** Seconds since the command started, for its last line. */
export const seconds = () => ((Date.now() - started) / 1000).toFixed(1);

/** Prints `✖ <name> failed: <message>` and exits with 1. */
export function fail(name, message) {
  console.error(`✖ ${name} failed: ${message}`);
  process.exit(1);
}

let envLoaded = false;
/** Reads `.env` at the repository root for what the environment does not set (values already set win). */
export function loadEnv() {
  if (envLoaded) return;
  envLoaded = true;
  const envFile = path.join(ROOT, '.env');
  if (fs.existsSync(envFile)) process.loadEnvFile(envFile);
}

/** A plain module of the compiled shared package (packages/shared/dist/cjs/<name>.js), or exit with what to run. */
export function requireShared(name, module) {
  const file = path.join(ROOT, 'packages', 'shared', 'dist', 'cjs', `${module}.js`);
  if (!fs.existsSync(file)) fail(name, 'packages/shared is not compiled: run `npm run build:cms` first');
  return require(file);
}

let bar = null;

/**
 * Progress of `unit`s: a bar on a terminal, one plain line per change elsewhere (CI, a log file).
 * `update(done, total)` as the work goes, `stop()` when it ends (or fails).
 */
export function progress(unit) {
  const tty = Boolean(process.stdout.isTTY);
  let lastDone = -1;
  return {
    update(done, total) {
      if (tty) {
        if (!bar) {
          const cliProgress = require('cli-progress');
          bar = new cliProgress.SingleBar({ format: `  {bar} {percentage}% | {value}/{total} ${unit} | {duration_formatted}`, hideCursor: true, clearOnComplete: false }, cliProgress.Presets.shades_classic);
          bar.start(total, done);
        }
        bar.setTotal(total);
        bar.update(done);
      } else if (done !== lastDone) {
        console.log(`  ${done}/${total} ${unit}`);
      }
      lastDone = done;
    },
    stop: stopProgress,
  };
}

function stopProgress() {
  bar?.stop();
  bar = null;
}

/**
 * Boots Strapi for `name` and runs `work({ strapi, service })` with the plugin's service, then exits
 * with the code it answers (0 when none).
 * - `plugin`, `service`: the plugin that must be compiled and enabled, and the service the work uses;
 * - `env`: variables forced for this run, to keep what the command does not need from starting
 *   (demo seed is always off);
 * - `interrupted`: what to tell the person when a signal stops the work half way.
 */
export async function runMaintenance({ name, plugin, service: serviceName, env = {}, interrupted: interruptedMessage, work }) {
  loadEnv();
  process.env.STRAPI_TELEMETRY_DISABLED ??= 'true';
  // Strapi's own request and start-up logs are noise here; LOG_LEVEL=info (or debug) shows them.
  process.env.LOG_LEVEL ??= 'warn';
  process.env.STRAPI_STARTUP_LOG ??= 'false';
  // A maintenance command never adds demo data, even to an empty database.
  Object.assign(process.env, { HAVEN_SEED_DEMO: 'false', ...env });

  for (const [file, what] of [
    [path.join(CMS, 'dist', 'src', 'index.js'), 'the CMS'],
    [path.join(ROOT, 'plugins', plugin, 'dist', 'server', 'index.js'), `the ${plugin} plugin`],
  ]) {
    if (!fs.existsSync(file)) fail(name, `${what} is not compiled (${path.relative(ROOT, file)} is missing): run \`npm run build:cms\` first`);
  }

  const { createStrapi } = createRequire(path.join(CMS, 'package.json'))('@strapi/strapi');
  let strapi = null;
  let interrupted = false;
  const before = { SIGINT: process.listeners('SIGINT'), SIGTERM: process.listeners('SIGTERM') };
  let app;
  try {
    app = createStrapi({ appDir: CMS, distDir: path.join(CMS, 'dist'), autoReload: false, serveAdminPanel: false });
  } catch (err) {
    fail(name, err?.message ?? String(err));
  }
  for (const signal of ['SIGINT', 'SIGTERM']) {
    for (const listener of process.listeners(signal)) if (!before[signal].includes(listener)) process.off(signal, listener);
    process.once(signal, async () => {
      interrupted = true;
      stopProgress();
      console.error(`\n✖ ${name} interrupted (${signal}): ${interruptedMessage}`);
      await strapi?.destroy().catch(() => undefined);
      process.exit(signal === 'SIGINT' ? 130 : 143);
    });
  }

  let code = 0;
  try {
    strapi = await app.load();
    const service = strapi.plugin(plugin)?.service(serviceName);
    if (!service) throw new Error(`the ${plugin} plugin is not enabled in cms/config/plugins.ts`);
    code = (await work({ strapi, service })) ?? 0;
    stopProgress();
  } catch (err) {
    stopProgress();
    if (interrupted) return;
    console.error(`✖ ${name} failed after ${seconds()} s: ${err?.message ?? err}`);
    if (process.env.LOG_LEVEL === 'debug' && err?.stack) console.error(err.stack);
    await strapi?.destroy().catch(() => undefined);
    process.exit(1);
  }
  if (interrupted) return;
  await strapi.destroy();
  process.exit(code);
}
