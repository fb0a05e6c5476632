/**
 * Two-step sign-in (issue 20): set-up, the log-in's second step, replay and attempt limits, recovery
 * codes, turning it off, the therapist rule for clients' shared wellness data, and the identity
 * plugin's part of a person's data. One booted CMS; codes computed with otpauth as an app would.
 */
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, createUser, randomClientAddress, startHaven, type Haven } from '../helpers/haven';
import { enrolTwoFactor, nextTotpCode, totpCodeFor } from '../helpers/two-factor';

const load = createRequire(__filename);

let haven: Haven;
/** Every call from an address of its own: log-in and the second step are rate-limited per address. */
const api = () => apiClient(haven.url, { 'x-forwarded-for': randomClientAddress() });
const logIn = (email: string, password: string) => api().post('/api/auth/local', { identifier: email, password });
const secondStep = (body: Record<string, unknown>) => api().post('/api/identity/sign-in/second-factor', body);
const sessionsOf = (userId: number): Promise<unknown[]> => haven.strapi.sessionManager('users-permissions').listSessions(String(userId));

beforeAll(async () => {
  haven = await startHaven();
}, 120_000);

afterAll(async () => {
  await haven?.close();
});

describe('two-step sign-in', () => {
  let user: Awaited<ReturnType<typeof createUser>>;
  let secret = '';
  let recoveryCodes: string[] = [];

  it('sets up: a wrong first code turns nothing on; the right one answers ten recovery codes once', async () => {
    user = await createUser(haven, 'client');
    const start = await api().post('/api/identity/two-factor/start', {}, user.jwt);
    expect(start.status).toBe(200);
    expect(start.body.data.otpauthUri).toMatch(/^otpauth:\/\/totp\/Haven:.+\?issuer=Haven&secret=[A-Z2-7]{32}&algorithm=SHA1&digits=6&period=30$/);
    expect(start.body.data.qrCode).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(Buffer.from(start.body.data.qrCode.split(',')[1], 'base64').toString('utf8')).toContain('<svg');
    expect(start.body.data.manualKey).toMatch(/^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/);
    secret = start.body.data.manualKey.replace(/ /g, '');
    // Shown again (a mistyped first code must not mean a new QR code), only when asked to.
    const again = await api().post('/api/identity/two-factor/start', { keepPending: true }, user.jwt);
    expect(again.body.data.manualKey).toBe(start.body.data.manualKey);
    // The secret is sealed at rest: not in the row as typed.
    const row = await haven.strapi.db.query('plugin::identity.two-factor').findOne({ where: { userId: user.id } });
    expect(row.secret).toMatch(/^hv1\./);
    expect(JSON.stringify(row)).not.toContain(secret);

    const wrongCode = totpCodeFor(secret, new Date(Date.now() - 10 * 60_000));
    const wrong = await api().post('/api/identity/two-factor/confirm', { code: wrongCode }, user.jwt);
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.message).toMatch(/not right/);
    const notYet = await api().get('/api/identity/two-factor', user.jwt);
    expect(notYet.body.data).toEqual({ enabled: false, enabledAt: null, recoveryCodesLeft: 0 });
    expect((await logIn(user.email, user.password)).body.jwt).toEqual(expect.any(String));

    const malformed = await api().post('/api/identity/two-factor/confirm', { code: 123456 }, user.jwt);
    expect(malformed.status).toBe(400);

    const confirm = await api().post('/api/identity/two-factor/confirm', { code: totpCodeFor(secret) }, user.jwt);
    expect(confirm.status).toBe(200);
    recoveryCodes = confirm.body.data.recoveryCodes;
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    const stored = await haven.strapi.db.query('plugin::identity.recovery-code').findMany({ where: { userId: user.id } });
    expect(stored).toHaveLength(10);
    expect(JSON.stringify(stored)).not.toContain(recoveryCodes[0].replace(/-/g, ''));

    const status = await api().get('/api/identity/two-factor', user.jwt);
    expect(status.body.data).toMatchObject({ enabled: true, recoveryCodesLeft: 10 });
    expect((await api().post('/api/identity/two-factor/start', {}, user.jwt)).status).toBe(409);
  });

  it('log-in answers a challenge and no token, and leaves no session behind', async () => {
    const before = (await sessionsOf(user.id)).length;
    const res = await logIn(user.email, user.password);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ twoFactorRequired: true, challenge: expect.any(String), expiresAt: expect.any(String) });
    expect(JSON.stringify(res.body)).not.toMatch(/jwt|refreshToken/);
    expect(res.headers.get('set-cookie') ?? '').not.toContain('strapi_up_refresh=e');
    expect((await sessionsOf(user.id)).length).toBe(before);
    const minutes = (new Date(res.body.expiresAt).getTime() - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(4);
    expect(minutes).toBeLessThanOrEqual(5);
    // A wrong password is still users-permissions' own refusal.
    expect((await logIn(user.email, 'not-the-password-1')).status).toBe(400);
  });

  it('the second step gives the tokens log-in gives; the same code is refused the next time', async () => {
    const first = await logIn(user.email, user.password);
    const code = nextTotpCode(secret);
    const done = await secondStep({ challenge: first.body.challenge, code });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ jwt: expect.any(String), refreshToken: expect.any(String), user: { id: user.id, email: user.email } });
    expect(JSON.stringify(done.body.user)).not.toMatch(/password|resetPasswordToken/);
    const me = await api().get('/api/users/me', done.body.jwt);
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(user.id);
    const refreshed = await api().post('/api/auth/refresh', { refreshToken: done.body.refreshToken });
    expect(refreshed.status).toBe(200);

    // The challenge is spent.
    expect((await secondStep({ challenge: first.body.challenge, code })).status).toBe(401);
    // The same code on a new challenge: replay.
    const second = await logIn(user.email, user.password);
    const replay = await secondStep({ challenge: second.body.challenge, code });
    expect(replay.status).toBe(400);
    expect(replay.body.error.message).toMatch(/already used/);
    expect((await secondStep({ challenge: 'made-up', code: nextTotpCode(secret) })).status).toBe(401);
    // One address guessing challenges: users-permissions' own per-address limit (AUTH_RATE_LIMIT_MAX a minute) answers 429.
    const sameAddress = apiClient(haven.url, { 'x-forwarded-for': randomClientAddress() });
    const statuses: number[] = [];
    for (let i = 0; i < 11; i += 1) statuses.push((await sameAddress.post('/api/identity/sign-in/second-factor', { challenge: `guess-${i}`, code: '123456' })).status);
    expect(statuses.slice(0, 10).every((status) => status === 401)).toBe(true);
    expect(statuses[10]).toBe(429);
    expect((await secondStep({ challenge: second.body.challenge })).status).toBe(400);
  });

  it('a recovery code works once', async () => {
    const first = await logIn(user.email, user.password);
    const done = await secondStep({ challenge: first.body.challenge, recoveryCode: recoveryCodes[0].toLowerCase() });
    expect(done.status).toBe(200);
    expect(done.body.jwt).toEqual(expect.any(String));
    const second = await logIn(user.email, user.password);
    const again = await secondStep({ challenge: second.body.challenge, recoveryCode: recoveryCodes[0] });
    expect(again.status).toBe(400);
    expect(again.body.error.message).toMatch(/recovery code/);
    expect((await api().get('/api/identity/two-factor', done.body.jwt)).body.data.recoveryCodesLeft).toBe(9);
  });

  it('five wrong codes kill the challenge (429), even for the right code afterwards', async () => {
    const { body } = await logIn(user.email, user.password);
    for (let i = 1; i <= 4; i += 1) {
      const wrong = await secondStep({ challenge: body.challenge, code: '000000' });
      expect(wrong.status).toBe(400);
      expect(wrong.body.error.message).toContain(`${5 - i} ${5 - i === 1 ? 'try' : 'tries'} left`);
    }
    const fifth = await secondStep({ challenge: body.challenge, code: '000000' });
    expect(fifth.status).toBe(429);
    expect(fifth.body.error.message).toMatch(/Sign in again/);
    expect(fifth.headers.get('retry-after')).toMatch(/^\d+$/);
    const dead = await secondStep({ challenge: body.challenge, recoveryCode: recoveryCodes[1] });
    expect(dead.status).toBe(429);
  });

  it('a password reset does not skip the second step: a challenge, and no session at all', async () => {
    const code = 'reset-code-for-two-step-test';
    await haven.strapi.db.query('plugin::users-permissions.user').update({ where: { id: user.id }, data: { resetPasswordToken: code } });
    const password = 'Another-Long-Passphrase-42';
    const reset = await api().post('/api/auth/reset-password', { code, password, passwordConfirmation: password });
    expect(reset.status, JSON.stringify(reset.body)).toBe(200);
    expect(reset.body).toEqual({ twoFactorRequired: true, challenge: expect.any(String), expiresAt: expect.any(String) });
    expect(await sessionsOf(user.id)).toHaveLength(0);
    // Every session ended means every access token too, not only the refresh tokens: the old one is refused at once.
    expect((await api().get('/api/users/me', user.jwt)).status).toBe(401);
    const signedIn = await secondStep({ challenge: reset.body.challenge, recoveryCode: recoveryCodes[2] });
    expect(signedIn.status, JSON.stringify(signedIn.body)).toBe(200);
    user = { ...user, password, jwt: signedIn.body.jwt };
  });

  it('turning it off needs the password and a code; afterwards the password alone signs in', async () => {
    const wrongPassword = await api().post('/api/identity/two-factor/disable', { password: 'wrong-password-9', recoveryCode: recoveryCodes[1] }, user.jwt);
    expect(wrongPassword.status).toBe(400);
    expect((await api().get('/api/identity/two-factor', user.jwt)).body.data.enabled).toBe(true);
    const noCode = await api().post('/api/identity/two-factor/disable', { password: user.password }, user.jwt);
    expect(noCode.status).toBe(400);
    const anonymous = await api().post('/api/identity/two-factor/disable', { password: user.password, recoveryCode: recoveryCodes[1] });
    expect(anonymous.status).toBe(403);

    // New recovery codes need a current code; the old ones stop working.
    const fresh = await api().post('/api/identity/two-factor/recovery-codes', { code: '000000' }, user.jwt);
    expect(fresh.status).toBe(400);

    const off = await api().post('/api/identity/two-factor/disable', { password: user.password, recoveryCode: recoveryCodes[1] }, user.jwt);
    expect(off.status).toBe(200);
    expect(off.body.data).toEqual({ enabled: false, enabledAt: null, recoveryCodesLeft: 0 });
    expect(await haven.strapi.db.query('plugin::identity.recovery-code').count({ where: { userId: user.id } })).toBe(0);
    const plain = await logIn(user.email, user.password);
    expect(plain.status).toBe(200);
    expect(plain.body.jwt).toEqual(expect.any(String));
  });

  it('too many wrong codes for one account answer 429 with a sentence, across challenges', async () => {
    const other = await createUser(haven, 'client');
    const enrolled = await enrolTwoFactor(haven, other);
    for (let round = 0; round < 2; round += 1) {
      const { body } = await logIn(other.email, other.password);
      for (let i = 0; i < 5; i += 1) await secondStep({ challenge: body.challenge, code: '000000' });
    }
    const { body } = await logIn(other.email, other.password);
    const locked = await secondStep({ challenge: body.challenge, code: nextTotpCode(enrolled.secret) });
    expect(locked.status).toBe(429);
    expect(locked.body.error.message).toBe('Too many wrong codes for this account. For your safety, wait 15 minutes and try again.');
  });
});

describe("therapists and their clients' shared wellness data", () => {
  it('is refused (403) without two-step sign-in and read once it is on', async () => {
    const therapist = await createUser(haven, 'therapist', { verificationStatus: 'verified' });
    for (const path of ['/api/wellness/clients', '/api/wellness/flags', '/api/wellness/clients/abc', '/api/wellness/clients/abc/stats', '/api/wellness/clients/abc/entries', '/api/wellness/clients/abc/assessments']) {
      const refused = await api().get(path, therapist.jwt);
      expect(refused.status, path).toBe(403);
      expect(refused.body.error.message).toBe("Turn on two-step sign-in (Profile → Security) to read your clients' shared wellness data");
    }
    await enrolTwoFactor(haven, therapist);
    expect((await api().get('/api/wellness/clients', therapist.jwt)).status).toBe(200);
    expect((await api().get('/api/wellness/flags', therapist.jwt)).status).toBe(200);
    expect((await api().get('/api/wellness/clients/abc', therapist.jwt)).status).toBe(404);
  });
});

describe("identity's part of a person's data", () => {
  it('exports the set-up without secrets and erases every row, idempotently', async () => {
    const { identity }: typeof import('@haven/plugin-identity/public') = load('@haven/plugin-identity/public');
    const person = await createUser(haven, 'client');
    const enrolled = await enrolTwoFactor(haven, person);
    const challenge = (await logIn(person.email, person.password)).body.challenge as string;
    expect(challenge).toEqual(expect.any(String));

    const exported = await identity.personalData.export(person.id);
    expect(exported.twoFactor).toMatchObject({ enabled: true, enabledAt: expect.any(String), recoveryCodesLeft: 10, recoveryCodesUsed: 0 });
    const text = JSON.stringify(exported);
    expect(text).not.toContain(enrolled.secret);
    expect(text).not.toContain(enrolled.recoveryCodes[0]);
    expect(text).not.toMatch(/hv1\.|codeHash|tokenHash/);

    const erased = await identity.personalData.erase({ userId: person.id, community: 'erase', now: new Date() });
    expect(erased.erased).toMatchObject({ twoFactor: 1, recoveryCodes: 10, signInChallenges: 1 });
    const again = await identity.personalData.erase({ userId: person.id, community: 'erase', now: new Date() });
    expect(again.erased).toMatchObject({ twoFactor: 0, recoveryCodes: 0, signInChallenges: 0 });
    expect((await identity.personalData.export(person.id)).twoFactor).toMatchObject({ enabled: false, recoveryCodesLeft: 0 });
    expect(await identity.twoFactorEnabled(person.id)).toBe(false);
  });
});
