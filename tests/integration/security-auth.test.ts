import crypto from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, createUser, newAccount, startHaven, type Haven } from '../helpers/haven';
import { createStaff } from '../helpers/staff';
// @ts-expect-error plain JavaScript shared with `npm run audit:security`
import { json, request, worstHealthDuring } from '../../scripts/security/http.mjs';
// @ts-expect-error plain JavaScript shared with `npm run audit:security`
import { BAD_PASSWORDS } from '../../scripts/security/cases.mjs';

/** A caller on this machine that is not a trusted proxy (only 127.0.0.1 is, in this file). */
const STRANGER = '127.0.0.7';
const forged = () => `203.0.113.${crypto.randomInt(1, 254)}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Issue 7, items 2, 3 and 9: passwords are checked before any hashing on every route that takes
 * one, hashing never stalls the server, forwarding headers count only from trusted proxies, failed
 * log-ins lock out per account and per address with growing delays, bodies are limited per route,
 * and display names are counted one way.
 */
describe('log-ins, passwords and request limits', () => {
  let haven: Haven;
  beforeAll(async () => {
    haven = await startHaven({
      env: {
        TRUSTED_PROXIES: '127.0.0.1',
        AUTH_RATE_LIMIT_MAX: '1000',
        LOGIN_LOCKOUT_BASE_MS: '400',
        LOGIN_LOCKOUT_MAX_MS: '5000',
        EMAIL_CONFIRMATION: 'false',
      },
    });
  });
  afterAll(async () => haven?.close());

  const users = () => haven.strapi.db.query('plugin::users-permissions.user').count();
  const from = (address: string) => ({ localAddress: address, headers: { 'x-forwarded-for': forged() } });

  it('refuses malformed and oversize passwords on every site route before hashing, quickly', async () => {
    const user = await createUser(haven, 'client');
    const before = await users();
    for (const [label, password] of BAD_PASSWORDS as [string, unknown][]) {
      const attempts: [string, unknown, string?][] = [
        ['/api/auth/local', { identifier: user.email, password }],
        ['/api/auth/local/register', newAccount({ password })],
        ['/api/auth/reset-password', { code: 'x'.repeat(40), password, passwordConfirmation: password }],
        ['/api/auth/change-password', { currentPassword: password, password: 'N3w-Passw0rd!', passwordConfirmation: 'N3w-Passw0rd!' }, user.jwt],
        ['/api/auth/change-password', { currentPassword: user.password, password, passwordConfirmation: password }, user.jwt],
      ];
      for (const [path, body, jwt] of attempts) {
        const res = await json(`${haven.url}${path}`, 'POST', body, { headers: { 'x-forwarded-for': forged(), ...(jwt ? { authorization: `Bearer ${jwt}` } : {}) } });
        expect([400, 413], `${label} on ${path}: ${res.text}`).toContain(res.status);
        expect(res.ms, `${label} on ${path}`).toBeLessThan(500);
        if (res.status === 400) expect(res.json.error.message, `${label} on ${path}`).toMatch(/password|Password|currentPassword/);
      }
    }
    expect(await users()).toBe(before);
    // The account still logs in with its real password (nothing was changed).
    const ok = await json(`${haven.url}/api/auth/local`, 'POST', { identifier: user.email, password: user.password }, { headers: { 'x-forwarded-for': forged() } });
    expect(ok.status).toBe(200);
  });

  it('refuses malformed passwords on the admin routes before hashing', async () => {
    const staff = await createStaff(haven, 'editor');
    for (const [label, password] of BAD_PASSWORDS as [string, unknown][]) {
      const attempts: [string, string, unknown, string?][] = [
        ['POST', '/admin/login', { email: staff.email, password }],
        ['POST', '/admin/reset-password', { resetPasswordToken: 'x'.repeat(40), password }],
        ['POST', '/admin/register', { registrationToken: 'x'.repeat(40), userInfo: { firstname: 'A', lastname: 'B', password } }],
        ['POST', '/admin/register-admin', { email: 'new@test.haven.example', firstname: 'A', lastname: 'B', password }],
        ['PUT', '/admin/users/me', { currentPassword: staff.password, password }, staff.token],
        ['PUT', '/admin/users/me', { currentPassword: password, password: 'N3w-Passw0rd!' }, staff.token],
      ];
      for (const [method, path, body, token] of attempts) {
        const res = await json(`${haven.url}${path}`, method, body, { headers: token ? { authorization: `Bearer ${token}` } : {} });
        expect([400, 413], `${label} on ${method} ${path}: ${res.text}`).toContain(res.status);
        expect(res.ms, `${label} on ${path}`).toBeLessThan(500);
      }
    }
    const ok = await json(`${haven.url}/admin/login`, 'POST', { email: staff.email, password: staff.password });
    expect(ok.status).toBe(200);
  });

  it('answers /_health within a second while many passwords are hashed and checked at once', async () => {
    const accounts = await Promise.all(Array.from({ length: 4 }, () => createUser(haven, 'client')));
    // The server runs in this process: its event loop's longest delay is what a stall would be.
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const worst = await worstHealthDuring(haven.url, async () => {
      const logins = accounts.flatMap((account) =>
        Array.from({ length: 3 }, (_, i) =>
          json(`${haven.url}/api/auth/local`, 'POST', { identifier: account.email, password: i % 2 ? account.password : `${account.password}-wrong` }, { headers: { 'x-forwarded-for': forged() } }),
        ),
      );
      const surrogates = Array.from({ length: 20 }, () => json(`${haven.url}/api/auth/local`, 'POST', { identifier: accounts[0].email, password: 'a\ud800'.repeat(40) }));
      const answers = await Promise.all([...logins, ...surrogates]);
      expect(answers.every((res: { status: number }) => res.status < 500)).toBe(true);
    }, 50);
    loop.disable();
    const blockedMs = loop.max / 1e6;
    console.log(`[hashing] slowest /_health ${worst.toFixed(0)} ms; longest event-loop delay ${blockedMs.toFixed(0)} ms`);
    // bcrypt on the main thread blocked it ~100 ms per hash, one after another: seconds for this burst.
    expect(blockedMs).toBeLessThan(300);
    expect(worst).toBeLessThan(1000);
  });

  it('ignores X-Forwarded-For from callers that are not trusted proxies, so forged addresses do not reset limits', async () => {
    const victim = await createUser(haven, 'client');
    const statuses: number[] = [];
    for (let i = 0; i < 8; i += 1) {
      statuses.push((await json(`${haven.url}/api/auth/local`, 'POST', { identifier: victim.email, password: `guess-${i}` }, from(STRANGER))).status);
    }
    expect(statuses.slice(0, 5)).toEqual([400, 400, 400, 400, 400]);
    expect(statuses.slice(5).every((status) => status === 429)).toBe(true);
    // Even the right password waits out the lock-out.
    const right = await json(`${haven.url}/api/auth/local`, 'POST', { identifier: victim.email, password: victim.password }, from(STRANGER));
    expect(right.status).toBe(429);
    expect(Number(right.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('counts failures per address across accounts; each visitor the site forwards from loopback is its own address', async () => {
    const stranger = '127.0.0.8';
    let firstRefused = -1;
    for (let i = 0; i < 24; i += 1) {
      const res = await json(`${haven.url}/api/auth/local`, 'POST', { identifier: `nobody-${i}-${crypto.randomBytes(3).toString('hex')}@test.haven.example`, password: 'Wr0ng-password' }, from(stranger));
      if (res.status === 429 && firstRefused === -1) firstRefused = i;
      expect([400, 429]).toContain(res.status);
    }
    expect(firstRefused).toBe(20);
    // From the trusted proxy (the site), X-Forwarded-For names the visitor: another visitor is not refused.
    const site = await json(`${haven.url}/api/auth/local`, 'POST', { identifier: `nobody-${crypto.randomBytes(3).toString('hex')}@test.haven.example`, password: 'Wr0ng-password' }, { localAddress: '127.0.0.1', headers: { 'x-forwarded-for': forged() } });
    expect(site.status).toBe(400);
    // A forged hop in front of the site's own entry does not help either: the rightmost untrusted address counts.
    const visitor = '198.51.100.77';
    for (let i = 0; i < 20; i += 1) {
      await json(`${haven.url}/api/auth/local`, 'POST', { identifier: `x-${i}-${crypto.randomBytes(3).toString('hex')}`, password: 'Wr0ng-password' }, { localAddress: '127.0.0.1', headers: { 'x-forwarded-for': `${forged()}, ${visitor}` } });
    }
    const blocked = await json(`${haven.url}/api/auth/local`, 'POST', { identifier: 'another-name', password: 'Wr0ng-password' }, { localAddress: '127.0.0.1', headers: { 'x-forwarded-for': `${forged()}, ${visitor}` } });
    expect(blocked.status).toBe(429);
  });

  it('locks an account out with growing delays, whichever name is used, and clears it on success', async () => {
    const user = await createUser(haven, 'client');
    const attempt = (password: string, identifier = user.email) =>
      json(`${haven.url}/api/auth/local`, 'POST', { identifier, password }, { headers: { 'x-forwarded-for': forged() } });
    for (let i = 0; i < 5; i += 1) expect((await attempt(`wrong-${i}`, i % 2 ? user.username : user.email)).status).toBe(400);
    const waits: number[] = [];
    for (let round = 0; round < 3; round += 1) {
      const locked = await attempt('wrong-again', user.username);
      expect(locked.status).toBe(429);
      const started = Date.now();
      let res = locked;
      while (res.status === 429) {
        await sleep(100);
        res = await attempt(`wrong-round-${round}`);
      }
      expect(res.status).toBe(400);
      waits.push(Date.now() - started);
    }
    // 400 ms, then 800 ms, then 1600 ms (± polling).
    expect(waits[1]).toBeGreaterThan(waits[0]);
    expect(waits[2]).toBeGreaterThan(waits[1]);
    let ok = await attempt(user.password);
    while (ok.status === 429) {
      await sleep(200);
      ok = await attempt(user.password);
    }
    expect(ok.status).toBe(200);
    expect((await attempt('wrong-after-success')).status).toBe(400);
  });

  it('lets only a handful of a burst of parallel guesses through', async () => {
    const user = await createUser(haven, 'client');
    const burst = await Promise.all(
      Array.from({ length: 30 }, (_, i) => json(`${haven.url}/api/auth/local`, 'POST', { identifier: user.email, password: `burst-${i}` }, { headers: { 'x-forwarded-for': forged() } })),
    );
    const tried = burst.filter((res: { status: number }) => res.status === 400).length;
    expect(tried).toBeLessThanOrEqual(5);
    expect(burst.filter((res: { status: number }) => res.status === 429).length).toBeGreaterThanOrEqual(25);
  });

  it('locks out admin log-ins the same way, forged addresses or not', async () => {
    const staff = await createStaff(haven, 'moderator');
    const statuses: number[] = [];
    for (let i = 0; i < 8; i += 1) statuses.push((await json(`${haven.url}/admin/login`, 'POST', { email: staff.email, password: `Guess-${i}-pw` }, from(STRANGER))).status);
    expect(statuses.slice(0, 5).every((status) => status === 400)).toBe(true);
    expect(statuses.slice(5).every((status) => status === 429)).toBe(true);
    const right = await json(`${haven.url}/admin/login`, 'POST', { email: staff.email, password: staff.password }, { localAddress: '127.0.0.9' });
    expect(right.status).toBe(429);
  });

  it('limits request bodies per route, before reading them', async () => {
    const user = await createUser(haven, 'client');
    const pad = (bytes: number) => 'x'.repeat(bytes);
    const cases: [string, string, string, number][] = [
      ['POST', '/api/auth/local', JSON.stringify({ identifier: 'a', password: 'b', pad: pad(9 * 1024) }), 413],
      ['POST', '/api/auth/local/register', JSON.stringify({ ...newAccount(), pad: pad(17 * 1024) }), 413],
      ['POST', '/api/auth/forgot-password', JSON.stringify({ email: 'a@b.example', pad: pad(5 * 1024) }), 413],
      ['PUT', '/api/profiles/me', JSON.stringify({ displayName: pad(17 * 1024) }), 413],
      ['POST', '/admin/login', JSON.stringify({ email: 'a@b.example', password: 'x', pad: pad(9 * 1024) }), 413],
      ['POST', '/api/community/posts', JSON.stringify({ title: 'x', body: pad(300 * 1024) }), 413],
      ['POST', '/api/profiles/me/avatar', pad(3 * 1024 * 1024 + 10), 413],
    ];
    for (const [method, path, body, status] of cases) {
      const res = await request(`${haven.url}${path}`, { method, body, headers: { 'content-type': 'application/json', authorization: `Bearer ${user.jwt}` } });
      expect(res.status, `${method} ${path}`).toBe(status);
      expect(res.json.error.message, path).toMatch(/too large/);
    }
    const multipart = await request(`${haven.url}/api/auth/local`, { method: 'POST', body: '--X\r\n\r\n--X--', headers: { 'content-type': 'multipart/form-data; boundary=X' } });
    expect(multipart.status).toBe(415);
    const chunked = await request(`${haven.url}/api/auth/local`, { method: 'POST', body: '{}', noLength: true, headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } });
    expect(chunked.status).toBe(411);
  });

  it('counts display names in code points everywhere: 41 to 80 emoji sign up, 81 do not, and nothing is half-written', async () => {
    const api = apiClient(haven.url, { 'x-forwarded-for': forged() });
    const names: [string, boolean][] = [
      ['😀'.repeat(41), true],
      ['😀'.repeat(80), true],
      ['👨‍👩‍👧'.repeat(16), true],
      ['e\u0301'.repeat(40), true],
      ['𝒜'.repeat(80), true],
      ['😀'.repeat(81), false],
      ['👨‍👩‍👧'.repeat(17), false],
      ['e\u0301'.repeat(41), false],
      [`${'a'.repeat(79)}😀`, true],
      [`${'a'.repeat(80)}😀`, false],
    ];
    for (const [displayName, accepted] of names) {
      const before = await users();
      const account = newAccount({ displayName });
      const res = await api.post('/api/auth/local/register', account);
      if (accepted) {
        expect(res.status, `${[...displayName].length} code points: ${JSON.stringify(res.body)}`).toBe(200);
        const stored = await haven.strapi.db.query('api::profile.profile').findOne({ where: { user: { email: account.email } } });
        expect(stored.displayName).toBe(displayName);
      } else {
        expect(res.status, `${[...displayName].length} code points`).toBe(400);
        expect(res.body.error.message).toMatch(/displayName must be at most 80 characters/);
        expect(await users()).toBe(before);
      }
    }
  });
});
