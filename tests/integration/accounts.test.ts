import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { apiClient, createUser, newAccount, randomClientAddress, startHaven, type ApiClient, type Haven } from '../helpers/haven';
import { smtpEnv, startMailbox, type Mailbox } from '../helpers/mailbox';

/** Sign-up, confirmation by mail, log-in, sessions, blocking and password reset, over HTTP and SMTP. */
describe('accounts', () => {
  let haven: Haven;
  let mailbox: Mailbox;
  let api: ApiClient;

  beforeAll(async () => {
    mailbox = await startMailbox();
    haven = await startHaven({ env: { ...smtpEnv(mailbox), AUTH_RATE_LIMIT_MAX: '5' } });
    api = apiClient(haven.url);
  });
  afterAll(async () => {
    await haven?.close();
    await mailbox?.close();
  });

  // Each test speaks from its own client address: log-in limits are per address and path.
  beforeEach(() => {
    api = apiClient(haven.url, { 'x-forwarded-for': randomClientAddress() });
  });

  const linkIn = (html: string, pattern: RegExp) => {
    const match = html.match(pattern);
    if (!match) throw new Error(`no link matching ${pattern} in mail: ${html}`);
    return match[0].replace(/&amp;/g, '&');
  };

  it('signs up a client who must confirm their email before logging in', async () => {
    const account = newAccount({ displayName: 'River', pronouns: 'they/them', timeZone: 'Europe/Lisbon' });
    const signup = await api.post('/api/auth/local/register', account);
    expect(signup.status).toBe(200);
    expect(signup.body.jwt).toBeUndefined();
    expect(signup.body.accountType).toBe('client');
    expect(JSON.stringify(signup.body)).not.toContain(account.password);

    const early = await api.post('/api/auth/local', { identifier: account.email, password: account.password });
    expect(early.status).toBe(400);
    expect(early.body.error.message).toMatch(/not confirmed/i);

    const mail = await mailbox.waitFor((m) => m.to && JSON.stringify(m.to).includes(account.email));
    expect(mail.subject).toBe('Confirm your Haven account');
    const link = linkIn(String(mail.html), new RegExp(`${haven.url}/api/auth/email-confirmation\\?confirmation=[^"<\\s]+`));
    const confirm = await fetch(link, { redirect: 'manual' });
    expect(confirm.status).toBe(302);
    expect(confirm.headers.get('location')).toBe('http://localhost:4321/login?confirmed=1');

    const login = await api.post('/api/auth/local', { identifier: account.email, password: account.password });
    expect(login.status).toBe(200);
    expect(login.body.jwt).toEqual(expect.any(String));
    expect(login.body.refreshToken).toEqual(expect.any(String));

    const me = await api.get('/api/users/me', login.body.jwt);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ email: account.email, username: account.username, confirmed: true, blocked: false });
    expect(me.body.password).toBeUndefined();

    const profile = await api.get('/api/profiles/me', login.body.jwt);
    expect(profile.body.data).toEqual({
      displayName: 'River',
      pronouns: 'they/them',
      timeZone: 'Europe/Lisbon',
      avatarUrl: null,
      username: account.username,
      email: account.email,
      role: 'client',
    });
  });

  it('signs up a therapist as pending, with the Therapist role, and keeps them out of the directory', async () => {
    const account = newAccount({
      accountType: 'therapist',
      displayName: 'Dr. Pending',
      timeZone: 'America/Chicago',
      licenceNumber: 'LPC-TX-1234',
      licenceJurisdiction: 'Texas, USA',
      licenceExpiry: '2029-12-31',
    });
    const signup = await api.post('/api/auth/local/register', account);
    expect(signup.status).toBe(200);
    expect(signup.body.accountType).toBe('therapist');

    const user = await haven.strapi.db.query('plugin::users-permissions.user').findOne({ where: { email: account.email }, populate: ['role'] });
    expect(user.role.type).toBe('therapist');
    const therapist = await haven.strapi.db.query('api::therapist-profile.therapist-profile').findOne({ where: { user: { id: user.id } } });
    expect(therapist).toMatchObject({ verificationStatus: 'pending', licenceNumber: 'LPC-TX-1234', verifiedAt: null });

    const directory = await api.get('/api/therapists');
    expect(directory.status).toBe(200);
    expect(JSON.stringify(directory.body)).not.toContain('Dr. Pending');
    expect((await api.get(`/api/therapists/${therapist.documentId}`)).status).toBe(404);
  });

  it('refreshes the short-lived access token and ends the session on logout', async () => {
    const user = await createUser(haven, 'client');
    const refreshed = await api.post('/api/auth/refresh', { refreshToken: user.refreshToken });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.jwt).toEqual(expect.any(String));
    const [, payload] = refreshed.body.jwt.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    expect(claims.exp - claims.iat).toBe(600);
    expect((await api.get('/api/users/me', refreshed.body.jwt)).status).toBe(200);

    const logout = await api.post('/api/auth/logout', {}, refreshed.body.jwt);
    expect(logout.status).toBe(200);
    const again = await api.post('/api/auth/refresh', { refreshToken: refreshed.body.refreshToken });
    expect(again.status).toBe(401);
  });

  it('refuses a blocked user at log-in and on every request', async () => {
    const user = await createUser(haven, 'client');
    await haven.strapi.db.query('plugin::users-permissions.user').update({ where: { id: user.id }, data: { blocked: true } });
    const login = await api.post('/api/auth/local', { identifier: user.email, password: user.password });
    expect(login.status).toBe(400);
    expect(login.body.error.message).toMatch(/blocked/i);
    expect((await api.get('/api/users/me', user.jwt)).status).toBe(401);
  });

  it('rate limits repeated log-in attempts for the same account', async () => {
    const user = await createUser(haven, 'client');
    api = apiClient(haven.url, { 'x-forwarded-for': '192.0.2.77' });
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      statuses.push((await api.post('/api/auth/local', { identifier: user.email, password: 'wrong-password' })).status);
    }
    expect(statuses.slice(0, 4).every((s) => s === 400)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });

  it('rate limits repeated sign-ups with the same email', async () => {
    const account = newAccount();
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await api.post('/api/auth/local/register', { ...account, timeZone: 'Mars/Olympus' })).status);
    expect(statuses[0]).toBe(400);
    expect(statuses.at(-1)).toBe(429);
  });

  it('resets a forgotten password through the link received by mail', async () => {
    const user = await createUser(haven, 'client');
    const forgot = await api.post('/api/auth/forgot-password', { email: user.email });
    expect(forgot.status).toBe(200);
    const mail = await mailbox.waitFor((m) => m.subject === 'Reset your Haven password' && JSON.stringify(m.to).includes(user.email));
    const link = linkIn(String(mail.html), /http:\/\/localhost:4321\/reset-password\?code=[A-Za-z0-9]+/);
    const code = new URL(link).searchParams.get('code');

    const mismatch = await api.post('/api/auth/reset-password', { code, password: 'N3w-Passw0rd!', passwordConfirmation: 'different' });
    expect(mismatch.status).toBe(400);

    const reset = await api.post('/api/auth/reset-password', { code, password: 'N3w-Passw0rd!', passwordConfirmation: 'N3w-Passw0rd!' });
    expect(reset.status).toBe(200);
    expect((await api.post('/api/auth/local', { identifier: user.email, password: user.password })).status).toBe(400);
    expect((await api.post('/api/auth/local', { identifier: user.email, password: 'N3w-Passw0rd!' })).status).toBe(200);

    const reuse = await api.post('/api/auth/reset-password', { code, password: 'Other-Passw0rd!', passwordConfirmation: 'Other-Passw0rd!' });
    expect(reuse.status).toBe(400);
  });

  it('answers a forgotten-password request for an unknown email the same way, sending nothing', async () => {
    const before = mailbox.messages.length;
    const res = await api.post('/api/auth/forgot-password', { email: 'nobody@nowhere.example' });
    expect(res.status).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    expect(mailbox.messages.length).toBe(before);
  });
});
