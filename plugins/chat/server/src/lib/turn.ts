/**
 * Short-lived TURN credentials by the "TURN REST API" shared-secret scheme
 * (draft-uberti-behave-turn-rest-00), the one coturn checks with `use-auth-secret` and
 * `static-auth-secret`: the username is `<expiry in unix seconds>:<user id>` and the password is
 * base64(HMAC-SHA1(secret, username)). The TURN server needs no list of users: it recomputes the HMAC
 * and refuses a username whose expiry has passed. Settings from TURN_URLS, TURN_SECRET,
 * TURN_TTL_SECONDS and TURN_RELAY_ONLY (config.ts). Pure module: the secret is never logged or sent.
 */
import crypto from 'node:crypto';
import type { IceServer } from '@haven/shared/chat';

export interface TurnSettings {
  /** turn:/turns: URLs of one TURN service (they share the secret); empty: no TURN. */
  urls: string[];
  secret: string;
  /** How long a credential lives, in seconds (at least until the session ends: see `turnServer`). */
  ttlSeconds: number;
  /** Browsers may only use relayed candidates (iceTransportPolicy 'relay'): tests, or clinics that hide addresses. */
  relayOnly: boolean;
}

const TURN_URL = /^turns?:[^\s,]+$/;

/** Parses TURN_URLS (comma-separated); throws a message that names the bad entry. */
export function parseTurnUrls(raw: string): string[] {
  const urls = raw
    .split(',')
    .map((url) => url.trim())
    .filter(Boolean);
  for (const url of urls) {
    if (!TURN_URL.test(url) || url.length > 512) throw new Error(`TURN_URLS: "${url.slice(0, 80)}" must be a turn: or turns: URL (e.g. turn:turn.example.org:3478?transport=udp)`);
  }
  if (urls.length > 10) throw new Error('TURN_URLS: at most 10 URLs');
  return urls;
}

/** The username and password for `userId`, valid until `expiresAtSeconds` (unix seconds). */
export function turnCredential(secret: string, userId: number, expiresAtSeconds: number): { username: string; credential: string } {
  const username = `${expiresAtSeconds}:${userId}`;
  return { username, credential: crypto.createHmac('sha1', secret).update(username).digest('base64') };
}

/**
 * The ICE server entry for one participant, or null without TURN. The credential lives TURN_TTL_SECONDS,
 * but never runs out before the session ends: TURN servers check the expiry again on every allocation
 * refresh (every few minutes), so a shorter one would cut a call that is still allowed.
 */
export function turnServer(turn: TurnSettings, userId: number, now: number, sessionEndsAt: number): IceServer | null {
  if (!turn.urls.length || !turn.secret) return null;
  const expiresAt = Math.ceil(Math.max(now + turn.ttlSeconds * 1000, sessionEndsAt) / 1000);
  return { urls: turn.urls, ...turnCredential(turn.secret, userId, expiresAt) };
}
