#!/usr/bin/env node
/**
 * `npm run chat:rotate-key`: re-wraps every conversation's data key under the current chat master key
 * (the first one listed in CHAT_MASTER_KEYS), while the CMS keeps running and people keep chatting.
 * Messages are not re-encrypted: only each conversation's 32-byte data key is unwrapped with the old
 * master key and wrapped again with the new one, one conditional update per conversation.
 *
 *   npm run chat:rotate-key                # re-wrap (loads Strapi without its socket server, then exits)
 *   npm run chat:rotate-key -- --status    # how many data keys each master key version wraps
 *   npm run chat:rotate-key -- --new-key   # prints a new master key and the steps of a rotation
 *
 * Reads the same configuration as the CMS: the environment, then `.env` at the repository root for
 * whatever the environment does not set. Run `npm run build:cms` first (Strapi loads compiled code).
 * Exit codes: 0 done (nothing left under an old key); 1 failed or keys remain; 130/143 interrupted.
 */
import { rotateKeyCommand } from './lib/key-rotation.mjs';

await rotateKeyCommand({
  name: 'chat:rotate-key',
  prefix: 'CHAT',
  plugin: 'chat',
  service: 'keys',
  // A maintenance command runs no workers and opens no socket server.
  env: { BOOKING_WORKERS: 'false', CHAT_REALTIME: 'false' },
  keysLabel: 'Conversation keys',
  rewrapNote: '(people keep chatting meanwhile)',
  restartNote: '(With one CMS process, steps 1 and 2 are one restart; open sockets reconnect by themselves and catch up.)',
  remainingHint: 'opened meanwhile by a process that does not yet use the new key as current?',
});
