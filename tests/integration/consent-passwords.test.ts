/**
 * Issue 20 parts 3 and 4 over HTTP against a real Strapi: consent to the privacy notice at sign-up
 * and again after a new version (GET/POST /api/identity/consent), the NIST password rule on
 * sign-up, reset and change (400 with one sentence, nothing written), and users-permissions'
 * sessions as the profile page uses them (list, sign out one, sign out everywhere).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import crypto from 'node:crypto';
import { apiClient, createUser, newAccount, randomClientAddress, startHaven, type ApiClient, type Haven } from '../helpers/haven';

// The identity plugin's contract, as the privacy plugin calls it (Strapi runs in this process).
const { identity }: typeof import('@haven/plugin-identity/public') = require('@haven/plugin-identity/public');

const CONSENT_UID = 'plugin::identity.consent';
const USER_UID = 'plugin::users-permissions.user';
const FIRST_VERSION = '2026-12-01-test';

describe('consent and passwords', () => {
  let haven: Haven;
  let api: ApiClient;

  beforeAll(async () => {
    haven = await startHaven({ env: { CONSENT_VERSION: FIRST_VERSION, PASSWORD_MIN_LENGTH: '12' } });
    api = apiClient(haven.url);
  });
  afterAll(async () => {
    await haven?.close();
  });

  /** Every call from an address of its own, so Strapi's per-address auth limits never decide a result here. */
  const fresh = () => apiClient(haven.url, { 'x-forwarded-for': randomClientAddress() });
  const userCount = () => haven.strapi.db.query(USER_UID).count();
  const consentsOf = (userId: number) => haven.strapi.db.query(CONSENT_UID).findMany({ where: { userId } });
  const setVersion = (version: string) => haven.strapi.config.set('plugin::identity.consentVersion', version);

  describe('consent', () => {
    it('refuses a sign-up without agreement, writing nothing, and records the version and time with it', async () => {
      const before = await userCount();
      for (const acceptTerms of [undefined, false, 'yes', 1]) {
        const account = newAccount({ acceptTerms });
        const res = await fresh().post('/api/auth/local/register', account);
        expect(res.status, JSON.stringify(acceptTerms)).toBe(400);
        expect(res.body.error.message).toBe('Please agree to the privacy notice and terms to create an account');
        expect(await haven.strapi.db.query(USER_UID).findOne({ where: { email: account.email } })).toBeNull();
      }
      expect(await userCount()).toBe(before);

      const stale = await fresh().post('/api/auth/local/register', newAccount({ consentVersion: 'an-old-one' }));
      expect(stale.status).toBe(400);
      expect(stale.body.error.message).toMatch(/changed since this form was loaded/);
      expect(await userCount()).toBe(before);

      const started = Date.now();
      const account = newAccount({ consentVersion: FIRST_VERSION });
      const res = await fresh().post('/api/auth/local/register', account);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      const user = await haven.strapi.db.query(USER_UID).findOne({ where: { email: account.email } });
      const rows = await consentsOf(user.id);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ version: FIRST_VERSION, how: 'sign-up' });
      expect(new Date(rows[0].acceptedAt).getTime()).toBeGreaterThanOrEqual(started - 1000);

      // Sign-up asks for the email to be confirmed first; confirmed here, the person logs in and reads what they agreed to.
      await haven.strapi.db.query(USER_UID).update({ where: { id: user.id }, data: { confirmed: true } });
      const login = await fresh().post('/api/auth/local', { identifier: account.email, password: account.password });
      const status = await api.get('/api/identity/consent', login.body.jwt);
      expect(status.status).toBe(200);
      expect(status.body.data).toEqual({ currentVersion: FIRST_VERSION, acceptedVersion: FIRST_VERSION, acceptedAt: new Date(rows[0].acceptedAt).toISOString(), mustAsk: false });
    });

    it('asks again after a new version, records the renewal, refuses any other version and answers only to the signed in', async () => {
      const user = await createUser(haven, 'client');
      const other = await createUser(haven, 'therapist');
      expect((await api.get('/api/identity/consent', user.jwt)).body.data.mustAsk).toBe(false);
      expect((await api.get('/api/identity/consent')).status).toBe(403);

      setVersion('2027-01-15');
      try {
        const asked = await api.get('/api/identity/consent', user.jwt);
        expect(asked.body.data).toMatchObject({ currentVersion: '2027-01-15', acceptedVersion: FIRST_VERSION, mustAsk: true });
        expect((await api.get('/api/identity/health')).body.consentVersion).toBe('2027-01-15');

        for (const body of [{ version: FIRST_VERSION }, { version: '' }, {}, { version: '2027-01-15', extra: true }, { version: 'x'.repeat(41) }]) {
          const refused = await api.post('/api/identity/consent', body, user.jwt);
          expect(refused.status, JSON.stringify(body)).toBe(400);
        }
        expect(await consentsOf(user.id)).toHaveLength(1);

        const renewed = await api.post('/api/identity/consent', { version: '2027-01-15' }, user.jwt);
        expect(renewed.status).toBe(200);
        expect(renewed.body.data).toMatchObject({ acceptedVersion: '2027-01-15', mustAsk: false });
        expect(Object.keys(renewed.body.data).sort()).toEqual(['acceptedAt', 'acceptedVersion', 'currentVersion', 'mustAsk']);
        // Twice is once; the history keeps both versions.
        expect((await api.post('/api/identity/consent', { version: '2027-01-15' }, user.jwt)).status).toBe(200);
        expect((await consentsOf(user.id)).map((row: { version: string; how: string }) => [row.version, row.how]).sort()).toEqual([
          [FIRST_VERSION, 'sign-up'],
          ['2027-01-15', 'renewed'],
        ]);
        // Someone else's renewal did not happen for them.
        expect((await api.get('/api/identity/consent', other.jwt)).body.data.mustAsk).toBe(true);

        // The person's export holds the history (versions, times, how; no ids); erasure removes it, and again removes nothing.
        const exported = await identity.personalData.export(user.id);
        expect(exported.consent).toEqual([
          { version: FIRST_VERSION, acceptedAt: expect.any(String), how: 'sign-up' },
          { version: '2027-01-15', acceptedAt: expect.any(String), how: 'renewed' },
        ]);
        const erase = () => identity.personalData.erase({ userId: user.id, community: 'erase', now: new Date() });
        expect((await erase()).erased.consents).toBe(2);
        expect((await erase()).erased.consents).toBe(0);
        expect(await consentsOf(user.id)).toHaveLength(0);
        expect(await consentsOf(other.id)).toHaveLength(1);
      } finally {
        setVersion(FIRST_VERSION);
      }
    });
  });

  describe('passwords (NIST SP 800-63B)', () => {
    const COMMON = ['password1234', 'qwertyuiop12', 'PASSWORD1234', 'QwErTyUiOp12', '123456789012', 'PasswordPassword', '1q2w3e4r5t6y'];
    const SHORT = ['Xq7#kd9!Lm2', 'short'];

    it('refuses common, short and own-name passwords at sign-up, writing nothing; accepts a long passphrase', async () => {
      const before = await userCount();
      const tries: [string, Record<string, unknown>, RegExp][] = [
        ...COMMON.map((password): [string, Record<string, unknown>, RegExp] => [password, { password }, /list of common passwords/]),
        ...SHORT.map((password): [string, Record<string, unknown>, RegExp] => [password, { password }, /at least 12 characters/]),
      ];
      const stamp = crypto.randomBytes(3).toString('hex');
      tries.push(['the email inside', { email: `marigold${stamp}@example.test`, password: `Marigold${stamp}-2026!` }, /must not contain your username or the name part of your email/]);
      tries.push(['the username inside', { username: `heron_${stamp}`, password: `my-HERON_${stamp}-passes` }, /must not contain your username/]);
      for (const [label, overrides, sentence] of tries) {
        const res = await fresh().post('/api/auth/local/register', newAccount(overrides));
        expect(res.status, label).toBe(400);
        expect(res.body.error.message, label).toMatch(sentence);
      }
      expect(await userCount()).toBe(before);

      const passphrase = await fresh().post('/api/auth/local/register', newAccount({ password: 'lantern meadow quietly violet harbour' }));
      expect(passphrase.status, JSON.stringify(passphrase.body)).toBe(200);
      expect(await userCount()).toBe(before + 1);
    });

    it('refuses them at change-password, keeping the old one; accepts a good one', async () => {
      const user = await createUser(haven, 'client');
      const change = (password: string) => fresh().post('/api/auth/change-password', { currentPassword: user.password, password, passwordConfirmation: password }, user.jwt);
      const local = user.email.split('@')[0];
      for (const password of [...COMMON, ...SHORT, `${local.toUpperCase()}-x`, user.username]) {
        const res = await change(password);
        expect(res.status, password).toBe(400);
        expect(res.body.error.message, password).toMatch(/^(Your|This) password/);
      }
      expect((await fresh().post('/api/auth/local', { identifier: user.email, password: user.password })).status).toBe(200);
      const good = await change('violet harbour lantern 9');
      expect(good.status, JSON.stringify(good.body)).toBe(200);
      expect((await fresh().post('/api/auth/local', { identifier: user.email, password: 'violet harbour lantern 9' })).status).toBe(200);
    });

    it('refuses them at reset-password, keeping the code usable; accepts a good one', async () => {
      const user = await createUser(haven, 'client');
      const code = crypto.randomBytes(32).toString('hex');
      await haven.strapi.db.query(USER_UID).update({ where: { id: user.id }, data: { resetPasswordToken: code } });
      const reset = (password: string) => fresh().post('/api/auth/reset-password', { code, password, passwordConfirmation: password });
      for (const password of [...COMMON, ...SHORT, user.email]) {
        const res = await reset(password);
        expect(res.status, password).toBe(400);
        expect(res.body.error.message, password).toMatch(/^(Your|This) password/);
      }
      expect((await fresh().post('/api/auth/local', { identifier: user.email, password: user.password })).status).toBe(200);
      const good = await reset('harbour violet meadow 7');
      expect(good.status, JSON.stringify(good.body)).toBe(200);
      expect((await fresh().post('/api/auth/local', { identifier: user.email, password: 'harbour violet meadow 7' })).status).toBe(200);
    });

    it('states the minimum on the health route for the site forms', async () => {
      expect((await api.get('/api/identity/health')).body).toMatchObject({ plugin: 'identity', passwordMinLength: 12 });
    });
  });

  describe('sessions', () => {
    it('lists each log-in, signs out one, and signs out everywhere (refresh refused)', async () => {
      const user = await createUser(haven, 'client');
      const second = await fresh().post('/api/auth/local', { identifier: user.email, password: user.password });
      expect(second.status).toBe(200);

      const listed = await api.get('/api/auth/sessions', user.jwt);
      expect(listed.status).toBe(200);
      expect(listed.body.data).toHaveLength(2);
      expect(listed.body.data.filter((s: { current: boolean }) => s.current)).toHaveLength(1);
      const otherSession = listed.body.data.find((s: { current: boolean }) => !s.current);

      // Sign out the other device: its refresh token is refused, this one's still works.
      expect((await api.del(`/api/auth/sessions/${otherSession.id}`, user.jwt)).status).toBe(200);
      expect((await fresh().post('/api/auth/refresh', { refreshToken: second.body.refreshToken })).status).toBe(401);
      expect((await api.get('/api/auth/sessions', user.jwt)).body.data).toHaveLength(1);
      const rotated = await fresh().post('/api/auth/refresh', { refreshToken: user.refreshToken });
      expect(rotated.status).toBe(200);

      // A third device, then "sign out everywhere" from this one: every refresh token refused, no session left.
      const third = await fresh().post('/api/auth/local', { identifier: user.email, password: user.password });
      expect((await api.get('/api/auth/sessions', rotated.body.jwt)).body.data).toHaveLength(2);
      expect((await api.post('/api/auth/logout', { scope: 'all' }, rotated.body.jwt)).status).toBe(200);
      for (const token of [rotated.body.refreshToken, third.body.refreshToken]) expect((await fresh().post('/api/auth/refresh', { refreshToken: token })).status).toBe(401);
      expect(await haven.strapi.sessionManager('users-permissions').listSessions(String(user.id))).toHaveLength(0);
    });
  });
});
