#!/usr/bin/env node
/**
 * `npm run wellness:rotate-key`: re-wraps every wellness data key under the current master key (the
 * first one listed in WELLNESS_MASTER_KEYS), while the CMS keeps running. Reflections themselves are
 * not re-encrypted: only each person's 32-byte data key is unwrapped with the old master key and
 * wrapped again with the new one, one conditional update per person.
 *
 *   npm run wellness:rotate-key                # re-wrap (boots Strapi without listening, then exits)
 *   npm run wellness:rotate-key -- --status    # how many data keys each master key version wraps
 *   npm run wellness:rotate-key -- --new-key   # prints a new master key and the steps of a rotation
 *
 * Reads the same configuration as the CMS: the environment, then `.env` at the repository root for
 * whatever the environment does not set. Run `npm run build:cms` first (Strapi loads compiled code).
 * Exit codes: 0 done (nothing left wrapped by an old key); 1 failed or keys remain; 130/143 interrupted.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CMS = path.join(ROOT, 'cms');
const args = new Set(process.argv.slice(2));
const started = Date.now();
const seconds = () => ((Date.now() - started) / 1000).toFixed(1);

function fail(message) {
  console.error(`✖ wellness:rotate-key failed: ${message}`);
  process.exit(1);
}

for (const arg of args) if (!['--status', '--new-key'].includes(arg)) fail(`unknown option ${arg} (use --status or --new-key)`);

const envFile = path.join(ROOT, '.env');
if (fs.existsSync(envFile)) process.loadEnvFile(envFile); // values already in the environment win

const sharedEnvelope = path.join(ROOT, 'packages', 'shared', 'dist', 'cjs', 'envelope.js');
if (!fs.existsSync(sharedEnvelope)) fail('packages/shared is not compiled: run `npm run build:cms` first');
const { keyringFromEnv } = createRequire(import.meta.url)(sharedEnvelope);

let keyring;
try {
  keyring = keyringFromEnv('WELLNESS');
} catch (err) {
  fail(err.message);
}

if (args.has('--new-key')) {
  const versions = keyring ? [...keyring.byVersion.keys()] : [];
  const next = versions.length ? Math.max(...versions) + 1 : 1;
  const key = crypto.randomBytes(32).toString('base64');
  const current = keyring ? `${keyring.current.version}:<your current key>` : null;
  console.log(`New wellness master key, version ${next} (keep it secret; store it where you keep the others):

  ${next}:${key}

Rotation without downtime:
  1. Let every CMS process read with it:  WELLNESS_MASTER_KEYS="${current ? `${current},` : ''}${next}:<new key>"  and restart them one by one.
  2. Make it current (it wraps new keys): WELLNESS_MASTER_KEYS="${next}:<new key>${current ? `,${current}` : ''}"  and restart them one by one.
  3. Re-wrap the stored data keys:        npm run wellness:rotate-key
  4. When it reports nothing left, drop the old key: WELLNESS_MASTER_KEYS="${next}:<new key>"
(With one CMS process, steps 1 and 2 are one restart.)`);
  process.exit(0);
}

if (!keyring) fail('WELLNESS_MASTER_KEYS (or WELLNESS_MASTER_KEY) is not set');

process.env.STRAPI_TELEMETRY_DISABLED ??= 'true';
process.env.LOG_LEVEL ??= 'warn';
process.env.STRAPI_STARTUP_LOG ??= 'false';
// A maintenance command adds no demo data and sends no reminders.
process.env.HAVEN_SEED_DEMO = 'false';
process.env.WELLNESS_REMINDERS_ENABLED = 'false';

for (const [file, what] of [
  [path.join(CMS, 'dist', 'src', 'index.js'), 'the CMS'],
  [path.join(ROOT, 'plugins', 'wellness', 'dist', 'server', 'index.js'), 'the wellness plugin'],
]) {
  if (!fs.existsSync(file)) fail(`${what} is not compiled (${path.relative(ROOT, file)} is missing): run \`npm run build:cms\` first`);
}

const cmsRequire = createRequire(path.join(CMS, 'package.json'));
const { createStrapi } = cmsRequire('@strapi/strapi');
const cliProgress = createRequire(import.meta.url)('cli-progress');

let strapi = null;
let interrupted = false;
const before = { SIGINT: process.listeners('SIGINT'), SIGTERM: process.listeners('SIGTERM') };
let app;
try {
  app = createStrapi({ appDir: CMS, distDir: path.join(CMS, 'dist'), autoReload: false, serveAdminPanel: false });
} catch (err) {
  fail(err?.message ?? String(err));
}
// Strapi's own signal handlers exit with 0; an interrupted rotation must not look finished.
for (const signal of ['SIGINT', 'SIGTERM']) {
  for (const listener of process.listeners(signal)) if (!before[signal].includes(listener)) process.off(signal, listener);
  process.once(signal, async () => {
    interrupted = true;
    console.error(`\n✖ wellness:rotate-key interrupted (${signal}): keys done so far stay re-wrapped; run it again to finish.`);
    await strapi?.destroy().catch(() => undefined);
    process.exit(signal === 'SIGINT' ? 130 : 143);
  });
}

let bar = null;
let code = 0;
try {
  strapi = await app.load();
  const vault = strapi.plugin('wellness')?.service('vault');
  if (!vault) throw new Error('the wellness plugin is not enabled in cms/config/plugins.ts');
  const describe = (versions) => (versions.length ? versions.map((v) => `version ${v.version}: ${v.keys}`).join(', ') : 'no data keys yet');

  if (args.has('--status')) {
    console.log(`Current master key: version ${vault.currentVersion()}. Data keys by master key — ${describe(await vault.versions())}.`);
  } else {
    console.log(`Re-wrapping wellness data keys under master key version ${vault.currentVersion()}…`);
    const tty = Boolean(process.stdout.isTTY);
    const result = await vault.rotate(({ done, total }) => {
      if (!tty) return console.log(`  ${done}/${total} data keys`);
      if (!bar) {
        bar = new cliProgress.SingleBar({ format: '  {bar} {percentage}% | {value}/{total} data keys | {duration_formatted}', hideCursor: true }, cliProgress.Presets.shades_classic);
        bar.start(total, done);
      }
      bar.setTotal(total);
      bar.update(done);
    });
    bar?.stop();
    bar = null;
    console.log(
      `✔ Re-wrapped ${result.rewrapped} data key${result.rewrapped === 1 ? '' : 's'} in ${seconds()} s` +
        (result.skipped ? ` (${result.skipped} already re-wrapped by another process)` : '') +
        `; ${result.remaining} left under an older key. Data keys by master key — ${describe(await vault.versions())}.`,
    );
    if (result.remaining > 0) {
      console.error('Some data keys are still wrapped by an older key (written meanwhile by a process that does not yet use the new key as current?): run it again.');
      code = 1;
    }
  }
} catch (err) {
  bar?.stop();
  if (!interrupted) {
    console.error(`✖ wellness:rotate-key failed after ${seconds()} s: ${err?.message ?? err}`);
    await strapi?.destroy().catch(() => undefined);
    process.exit(1);
  }
}

if (!interrupted) {
  await strapi.destroy();
  process.exit(code);
}
