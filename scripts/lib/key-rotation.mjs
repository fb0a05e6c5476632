/**
 * The master-key rotation command of a plugin that seals data under per-owner data keys wrapped by a
 * master key ring (`<PREFIX>_MASTER_KEYS`, read by keyringFromEnv in @haven/shared/envelope): chat
 * (one data key per conversation) and wellness (one per person). Its service answers
 * currentVersion(), versions() and rotate(onProgress).
 *
 *   npm run <name>                # re-wrap every data key under the current master key, then exit
 *   npm run <name> -- --status    # how many data keys each master key version wraps
 *   npm run <name> -- --new-key   # prints a new master key and the steps of a rotation
 */
import crypto from 'node:crypto';
import { fail, loadEnv, progress, requireShared, runMaintenance, seconds } from './maintenance.mjs';

/**
 * - `name`: the npm script (chat:rotate-key); `prefix`: of the environment variables (CHAT);
 * - `plugin`, `service`: where the keys live; `env`: what the command keeps from starting;
 * - `keysLabel`: how the status names the data keys ("Conversation keys");
 * - `rewrapNote`: said after step 3 of the steps (people keep using the app meanwhile);
 * - `restartNote`: the closing line of the steps; `remainingHint`: why keys may remain.
 */
export async function rotateKeyCommand({ name, prefix, plugin, service, env, keysLabel, rewrapNote = '', restartNote, remainingHint }) {
  const args = new Set(process.argv.slice(2));
  for (const arg of args) if (!['--status', '--new-key'].includes(arg)) fail(name, `unknown option ${arg} (use --status or --new-key)`);
  loadEnv();
  const { keyringFromEnv } = requireShared(name, 'server/envelope');
  let keyring;
  try {
    keyring = keyringFromEnv(prefix);
  } catch (err) {
    fail(name, err.message);
  }
  const variable = `${prefix}_MASTER_KEYS`;
  const what = plugin;

  if (args.has('--new-key')) {
    const versions = keyring ? [...keyring.byVersion.keys()] : [];
    const next = versions.length ? Math.max(...versions) + 1 : 1;
    const key = crypto.randomBytes(32).toString('base64');
    const current = keyring ? `${keyring.current.version}:<your current key>` : null;
    console.log(`New ${what} master key, version ${next} (keep it secret; store it where you keep the others):

  ${next}:${key}

Rotation without downtime:
  1. Let every CMS process read with it:  ${variable}="${current ? `${current},` : ''}${next}:<new key>"  and restart them one by one.
  2. Make it current (it wraps new keys): ${variable}="${next}:<new key>${current ? `,${current}` : ''}"  and restart them one by one.
  3. Re-wrap the stored data keys:        npm run ${name}${rewrapNote ? `   ${rewrapNote}` : ''}
  4. When it reports nothing left, drop the old key: ${variable}="${next}:<new key>"
${restartNote}`);
    process.exit(0);
  }

  if (!keyring) fail(name, `${variable} (or ${prefix}_MASTER_KEY) is not set`);

  await runMaintenance({
    name,
    plugin,
    service,
    env,
    interrupted: 'keys done so far stay re-wrapped; run it again to finish.',
    async work({ service: keys }) {
      const describe = (versions) => (versions.length ? versions.map((v) => `version ${v.version}: ${v.keys}`).join(', ') : 'no data keys yet');
      if (args.has('--status')) {
        console.log(`Current master key: version ${keys.currentVersion()}. ${keysLabel} by master key — ${describe(await keys.versions())}.`);
        return 0;
      }
      console.log(`Re-wrapping ${what} data keys under master key version ${keys.currentVersion()}…`);
      const bar = progress('data keys');
      const result = await keys.rotate(({ done, total }) => bar.update(done, total));
      bar.stop();
      console.log(
        `✔ Re-wrapped ${result.rewrapped} data key${result.rewrapped === 1 ? '' : 's'} in ${seconds()} s` +
          (result.skipped ? ` (${result.skipped} already re-wrapped by another process)` : '') +
          `; ${result.remaining} left under an older key. ${keysLabel} by master key — ${describe(await keys.versions())}.`,
      );
      if (result.remaining === 0) return 0;
      console.error(`Some data keys are still wrapped by an older key (${remainingHint}): run it again.`);
      return 1;
    },
  });
}
