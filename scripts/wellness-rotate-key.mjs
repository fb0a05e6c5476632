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
import { rotateKeyCommand } from './lib/key-rotation.mjs';

await rotateKeyCommand({
  name: 'wellness:rotate-key',
  prefix: 'WELLNESS',
  plugin: 'wellness',
  service: 'vault',
  // A maintenance command sends no reminders.
  env: { WELLNESS_REMINDERS_ENABLED: 'false' },
  keysLabel: 'Data keys',
  restartNote: '(With one CMS process, steps 1 and 2 are one restart.)',
  remainingHint: 'written meanwhile by a process that does not yet use the new key as current?',
});
