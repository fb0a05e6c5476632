import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import config from '../../config';
import { parseTurnUrls, turnCredential, turnServer } from '../turn';

const SECRET = 'a-turn-secret-of-some-length';
const build = (values: Record<string, string>) => config.default({ env: (key: string, fallback = '') => values[key] ?? fallback });
const KEY = { CHAT_MASTER_KEY: `1:${Buffer.alloc(32, 7).toString('base64')}` };

describe('TURN credentials (REST API shared-secret scheme)', () => {
  it('signs "<expiry>:<userId>" with HMAC-SHA1 of the secret, as coturn use-auth-secret recomputes it', () => {
    const { username, credential } = turnCredential(SECRET, 42, 1_900_000_000);
    expect(username).toBe('1900000000:42');
    // Known answer, computed independently of the module.
    expect(credential).toBe(crypto.createHmac('sha1', SECRET).update('1900000000:42').digest('base64'));
    expect(credential).not.toBe(turnCredential(SECRET, 43, 1_900_000_000).credential);
    expect(credential).not.toBe(turnCredential(`${SECRET}x`, 42, 1_900_000_000).credential);
  });

  it('lives TURN_TTL_SECONDS, but at least until the session ends', () => {
    const turn = { urls: ['turn:turn.example.org:3478'], secret: SECRET, ttlSeconds: 600, relayOnly: false };
    const now = 1_800_000_000_000;
    expect(turnServer(turn, 7, now, now + 60_000)?.username).toBe(`${now / 1000 + 600}:7`);
    expect(turnServer(turn, 7, now, now + 3_000_000)?.username).toBe(`${now / 1000 + 3000}:7`);
    expect(turnServer({ ...turn, urls: [] }, 7, now, now)).toBeNull();
  });

  it('reads TURN_URLS, refusing what is not a turn: or turns: URL', () => {
    expect(parseTurnUrls(' turn:a.example:3478?transport=udp , turns:a.example:5349 ')).toEqual(['turn:a.example:3478?transport=udp', 'turns:a.example:5349']);
    expect(parseTurnUrls('')).toEqual([]);
    expect(() => parseTurnUrls('stun:a.example:3478')).toThrow(/TURN_URLS: "stun:a.example:3478" must be a turn: or turns: URL/);
    expect(() => parseTurnUrls('https://a.example')).toThrow(/TURN_URLS/);
  });

  it('has a default TTL of an hour and stops the start on a half or weak configuration, never naming the secret', () => {
    expect(build({}).turn).toEqual({ urls: [], secret: '', ttlSeconds: 3600, relayOnly: false });
    const cases: [Record<string, string>, RegExp][] = [
      [{ TURN_URLS: 'turn:a.example:3478' }, /TURN_SECRET is not/],
      [{ TURN_SECRET: SECRET }, /TURN_URLS is not/],
      [{ TURN_URLS: 'turn:a.example:3478', TURN_SECRET: 'short-secret' }, /TURN_SECRET is too short/],
      [{ TURN_URLS: 'turn:a.example:3478', TURN_SECRET: SECRET, TURN_TTL_SECONDS: '30' }, /TURN_TTL_SECONDS must be a whole number, 60 or more/],
      [{ TURN_RELAY_ONLY: 'true' }, /TURN_RELAY_ONLY=true needs a TURN server/],
    ];
    for (const [env, message] of cases) {
      let thrown: unknown;
      try {
        config.validator(build({ ...KEY, ...env }));
      } catch (err) {
        thrown = err;
      }
      expect(String(thrown)).toMatch(message);
      expect(String(thrown)).not.toContain(SECRET);
      expect(String(thrown)).not.toContain('short-secret');
    }
  });
});
