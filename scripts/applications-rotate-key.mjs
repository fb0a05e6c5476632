#!/usr/bin/env node
/**
 * `npm run applications:rotate-key`: re-wraps every licence document's data key under the current
 * master key (the first one listed in APPLICATIONS_MASTER_KEYS), while the CMS keeps running. The
 * sealed documents are not re-encrypted: only each document's 32-byte data key is unwrapped with the
 * old master key and wrapped again with the new one, one conditional update per document.
 *
 *   npm run applications:rotate-key                # re-wrap (boots Strapi without listening, then exits)
 *   npm run applications:rotate-key -- --status    # how many documents each master key version wraps
 *   npm run applications:rotate-key -- --new-key   # prints a new master key and the steps of a rotation
 *
 * Reads the same configuration as the CMS: the environment, then `.env` at the repository root for
 * whatever the environment does not set. Run `npm run build:cms` first (Strapi loads compiled code).
 * Exit codes: 0 done (nothing left wrapped by an old key); 1 failed or keys remain; 130/143 interrupted.
 */
import { rotateKeyCommand } from './lib/key-rotation.mjs';

await rotateKeyCommand({
  name: 'applications:rotate-key',
  prefix: 'APPLICATIONS',
  plugin: 'applications',
  service: 'documents',
  // A maintenance command sends no notices and runs no workers or sockets.
  env: { APPLICATIONS_EXPIRY_CHECK: 'false', BOOKING_WORKERS: 'false', CHAT_REALTIME: 'false', WELLNESS_REMINDERS_ENABLED: 'false' },
  keysLabel: 'Licence documents',
  rewrapNote: '(applicants keep uploading and staff keep reading meanwhile)',
  restartNote: '(With one CMS process, steps 1 and 2 are one restart.)',
  remainingHint: 'uploaded meanwhile by a process that does not yet use the new key as current?',
});
