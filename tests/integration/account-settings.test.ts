/**
 * The account settings of issue 18 over HTTP against a real Strapi and SMTP mailbox: notification
 * settings and the filter every sender goes through (people.emails' purpose), password change with
 * its notice, and email change (link to the new address, notice to the old, single use, expiry,
 * taken addresses, the rate limit).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ParsedMail } from 'mailparser';
import { apiClient, createUser, randomClientAddress, startHaven, type ApiClient, type Haven } from '../helpers/haven';
import { smtpEnv, startMailbox, type Mailbox } from '../helpers/mailbox';
import { hourFromNow, therapist, type User } from './booking-helpers';

const MAX_PER_HOUR = 4;

describe('account settings', () => {
  let haven: Haven;
  let api: ApiClient;
  let mailbox: Mailbox;

  beforeAll(async () => {
    mailbox = await startMailbox();
    haven = await startHaven({ env: { ...smtpEnv(mailbox), BOOKING_REMINDER_POLL_MS: '3600000', EMAIL_CHANGE_MAX_PER_HOUR: String(MAX_PER_HOUR) } });
    api = apiClient(haven.url);
  });
  afterAll(async () => {
    await haven?.close();
    await mailbox?.close();
  });

  const to = (address: string, subject?: RegExp) => (m: ParsedMail) => m.to && !Array.isArray(m.to) && m.to.value[0]?.address === address.toLowerCase() && (!subject || subject.test(m.subject ?? ''));
  const mailsTo = (address: string, subject?: RegExp) => mailbox.messages.filter(to(address, subject));
  /** A log-in from an address of its own (Strapi's per-address limits stay with this test). */
  const logIn = (identifier: string, password: string) => apiClient(haven.url, { 'x-forwarded-for': randomClientAddress() }).post('/api/auth/local', { identifier, password });
  const linkToken = (mail: ParsedMail) => /\/profile\/email\?token=([A-Za-z0-9_-]+)/.exec(mail.text ?? '')?.[1] ?? '';
  const emailOf = async (user: User) => (await haven.strapi.db.query('plugin::users-permissions.user').findOne({ where: { id: user.id } })).email;

  describe('notification settings', () => {
    it('start with every kind on, save a change, and refuse to turn account or safety mail off', async () => {
      const user = await createUser(haven, 'client');
      const first = await api.get('/api/profiles/me/notifications', user.jwt);
      expect(first.status).toBe(200);
      expect(first.body.data).toEqual({ bookings: true, reminders: true, payments: true, wellness: true });
      expect(first.body.meta.alwaysSent).toEqual(['account', 'safety']);

      const saved = await api.put('/api/profiles/me/notifications', { reminders: false, wellness: false }, user.jwt);
      expect(saved.status).toBe(200);
      expect(saved.body.data).toEqual({ bookings: true, reminders: false, payments: true, wellness: false });
      expect((await api.get('/api/profiles/me/notifications', user.jwt)).body.data).toEqual(saved.body.data);

      for (const [body, message] of [
        [{ account: false }, /account mail cannot be turned off/],
        [{ bookings: false, safety: false }, /safety mail cannot be turned off/],
        [{ newsletters: false }, /unknown field/],
        [{ bookings: 'no' }, /bookings/],
      ] as const) {
        const res = await api.put('/api/profiles/me/notifications', body, user.jwt);
        expect(res.status, JSON.stringify(body)).toBe(400);
        expect(res.body.error.message).toMatch(message);
      }
      // Nothing was written by the refused requests.
      expect((await api.get('/api/profiles/me/notifications', user.jwt)).body.data).toEqual(saved.body.data);
      expect((await api.get('/api/profiles/me/notifications')).status).toBe(403);
      expect((await api.put('/api/profiles/me/notifications', { bookings: false })).status).toBe(403);
    });

    it('a booking confirmation is not mailed to a client who turned bookings off; the therapist still gets theirs', async () => {
      const t = await therapist(haven);
      const client = await createUser(haven, 'client');
      expect((await api.put('/api/profiles/me/notifications', { bookings: false }, client.jwt)).status).toBe(200);
      const booked = await api.post('/api/booking/bookings', { therapist: t.therapistId, start: hourFromNow(30) }, client.jwt);
      expect(booked.status, JSON.stringify(booked.body)).toBe(201);
      // The client's mail is sent before the therapist's (one loop): once the therapist's is here, the client's would be too.
      const therapistMail = await mailbox.waitFor(to(t.email, /is booked/));
      expect(therapistMail.headers.get('x-haven-mail')).toBe('booking');
      expect(mailsTo(client.email, /is booked/)).toHaveLength(0);
      expect(mailbox.messages.filter((m) => m.headers.get('x-haven-mail') === 'booking' && to(client.email)(m))).toHaveLength(0);

      // Reminders are their own kind: the client who only turned bookings off still gets one.
      const people = haven.strapi.plugin('people').service('people');
      expect([...(await people.emails([client.id, t.id], { purpose: 'reminders' })).keys()].sort()).toEqual([client.id, t.id].sort());
      expect([...(await people.emails([client.id, t.id], { purpose: 'bookings' })).keys()]).toEqual([t.id]);
    });

    it('account and safety mail reach a person who turned every optional kind off', async () => {
      const user = await createUser(haven, 'therapist');
      await api.put('/api/profiles/me/notifications', { bookings: false, reminders: false, payments: false, wellness: false }, user.jwt);
      const people = haven.strapi.plugin('people').service('people');
      for (const purpose of ['bookings', 'reminders', 'payments', 'wellness']) expect((await people.emails([user.id], { purpose })).size, purpose).toBe(0);
      for (const purpose of ['account', 'safety', undefined]) expect((await people.emails([user.id], { purpose })).get(user.id), String(purpose)).toBe(user.email);

      // A real account mail: the password-change notice.
      const res = await api.post('/api/auth/change-password', { currentPassword: user.password, password: 'Another-Passw0rd!', passwordConfirmation: 'Another-Passw0rd!' }, user.jwt);
      expect(res.status).toBe(200);
      await mailbox.waitFor(to(user.email, /password was changed/));
    });
  });

  describe('password change', () => {
    it('a wrong current password changes nothing; the right one saves, mails the account and ends the other sessions', async () => {
      const user = await createUser(haven, 'client');
      const wrong = await api.post('/api/auth/change-password', { currentPassword: 'not-it-at-all', password: 'Brand-New-Pass-9', passwordConfirmation: 'Brand-New-Pass-9' }, user.jwt);
      expect(wrong.status).toBe(400);
      expect(wrong.body.error.message).toMatch(/current password is invalid/);
      const mismatch = await api.post('/api/auth/change-password', { currentPassword: user.password, password: 'Brand-New-Pass-9', passwordConfirmation: 'Brand-New-Pass-8' }, user.jwt);
      expect(mismatch.status).toBe(400);
      expect((await logIn(user.email, user.password)).status).toBe(200);
      expect(mailsTo(user.email, /password was changed/)).toHaveLength(0);

      const other = await logIn(user.email, user.password);
      const changed = await api.post('/api/auth/change-password', { currentPassword: user.password, password: 'Brand-New-Pass-9', passwordConfirmation: 'Brand-New-Pass-9' }, user.jwt);
      expect(changed.status).toBe(200);
      expect(changed.body.jwt).toBeTruthy();
      expect(changed.body.refreshToken).toBeTruthy();
      const notice = await mailbox.waitFor(to(user.email, /password was changed/));
      expect(notice.text).toContain('If this was not you, reset your password now: http://localhost:4321/forgot-password');
      // users-permissions ended every session: the other devices' refresh tokens no longer work.
      for (const refreshToken of [user.refreshToken, other.body.refreshToken]) expect((await api.post('/api/auth/refresh', { refreshToken })).status).toBe(401);
      expect((await api.post('/api/auth/refresh', { refreshToken: changed.body.refreshToken })).status).toBe(200);
      expect((await logIn(user.email, 'Brand-New-Pass-9')).status).toBe(200);
      expect((await logIn(user.email, user.password)).status).toBe(400);
    });
  });

  describe('email change', () => {
    const request = (user: User, email: string, currentPassword = user.password) => api.post('/api/account/email', { email, currentPassword }, user.jwt);
    const fresh = (name: string) => `${name}_${Date.now().toString(36)}${Math.floor(Math.random() * 1e6)}@test.haven.example`;

    it('mails a link to the new address and a notice to the old; the link, used once by the same account, moves the log-in', async () => {
      const user = await createUser(haven, 'client');
      const other = await createUser(haven, 'client');
      const newEmail = fresh('Moved');

      const wrong = await request(user, newEmail, 'not-my-password');
      expect(wrong.status).toBe(400);
      expect(wrong.body.error.message).toBe('Your current password is not right.');
      expect((await request(user, 'not an address')).status).toBe(400);
      expect((await request(user, user.email)).body.error.message).toBe('That is already your email address.');
      expect((await api.post('/api/account/email', { email: newEmail, currentPassword: user.password })).status).toBe(403);

      const asked = await request(user, newEmail);
      expect(asked.status).toBe(202);
      expect(asked.body.data.sentTo).toBe(newEmail.toLowerCase());
      const link = await mailbox.waitFor(to(newEmail, /Confirm your new Haven email/));
      const token = linkToken(link);
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const notice = await mailbox.waitFor(to(user.email, /asked to change your Haven email/));
      expect(notice.text).toContain(`to m***@test.haven.example`);
      expect(notice.text).not.toContain(newEmail.toLowerCase());
      // Stored hashed: the token itself is nowhere in the table.
      const rows = await haven.strapi.db.query('api::account.email-change').findMany({ where: { userId: user.id } });
      expect(JSON.stringify(rows)).not.toContain(token);
      expect(await emailOf(user)).toBe(user.email);

      // Only the account that asked may use it; without a session, nobody.
      const foreign = await api.post('/api/account/email/confirm', { token }, other.jwt);
      expect(foreign.status).toBe(403);
      expect((await api.post('/api/account/email/confirm', { token })).status).toBe(403);
      expect((await api.post('/api/account/email/confirm', { token: 'short' }, user.jwt)).status).toBe(400);

      // Checking a link shows the address it would set, and uses nothing.
      const checked = await api.post('/api/account/email/check', { token }, user.jwt);
      expect(checked.status).toBe(200);
      expect(checked.body.data.email).toBe(newEmail.toLowerCase());
      expect((await api.post('/api/account/email/check', { token }, other.jwt)).status).toBe(403);
      expect(await emailOf(user)).toBe(user.email);

      const confirmed = await api.post('/api/account/email/confirm', { token }, user.jwt);
      expect(confirmed.status).toBe(200);
      expect(confirmed.body.data.email).toBe(newEmail.toLowerCase());
      expect(await emailOf(user)).toBe(newEmail.toLowerCase());
      await mailbox.waitFor(to(user.email, /email address was changed/));
      expect((await api.get('/api/profiles/me', user.jwt)).body.data.email).toBe(newEmail.toLowerCase());
      expect((await logIn(newEmail, user.password)).status).toBe(200);
      expect((await logIn(user.email, user.password)).status).toBe(400);

      const again = await api.post('/api/account/email/confirm', { token }, user.jwt);
      expect(again.status).toBe(400);
      expect(again.body.error.message).toMatch(/already used/);
      expect((await api.post('/api/account/email/check', { token }, user.jwt)).body.error.message).toMatch(/already used/);
    });

    it('an expired link and a link replaced by a newer one are refused, and nothing changes', async () => {
      const user = await createUser(haven, 'client');
      await request(user, fresh('first'));
      const firstToken = linkToken(mailbox.messages.filter((m) => /Confirm your new Haven email/.test(m.subject ?? '')).at(-1)!);
      const second = fresh('second');
      await request(user, second);
      const secondToken = linkToken(await mailbox.waitFor(to(second, /Confirm your new/)));

      const replaced = await api.post('/api/account/email/confirm', { token: firstToken }, user.jwt);
      expect(replaced.status).toBe(400);
      expect(replaced.body.error.message).toMatch(/asked for another one since/);

      await haven.strapi.db.query('api::account.email-change').updateMany({ where: { userId: user.id, status: 'pending' }, data: { expiresAt: new Date(Date.now() - 1000) } });
      const expired = await api.post('/api/account/email/confirm', { token: secondToken }, user.jwt);
      expect(expired.status).toBe(400);
      expect(expired.body.error.message).toMatch(/expired/);
      expect(await emailOf(user)).toBe(user.email);
    });

    it('a taken address gets the same answer as a free one; its owner is told, nothing is linked or changed', async () => {
      const user = await createUser(haven, 'client');
      const owner = await createUser(haven, 'client');
      const free = await request(user, fresh('free'));
      const taken = await request(user, owner.email.toUpperCase());
      expect(taken.status).toBe(free.status);
      expect(Object.keys(taken.body.data).sort()).toEqual(Object.keys(free.body.data).sort());
      expect(taken.body.data.sentTo).toBe(owner.email);
      await mailbox.waitFor(to(owner.email, /tried to use your address/));
      expect(mailsTo(owner.email, /Confirm your new/)).toHaveLength(0);
      expect(await emailOf(user)).toBe(user.email);
      expect(await emailOf(owner)).toBe(owner.email);
    });

    it('answers 503 and leaves no working link when the link cannot be mailed', async () => {
      const user = await createUser(haven, 'client');
      // The mail server refuses (Strapi's email plugin, not Haven's code, is what fails here).
      const email = haven.strapi.plugin('email').service('email');
      const send = email.send;
      email.send = async () => {
        throw new Error('SMTP is down');
      };
      try {
        const res = await request(user, fresh('unsent'));
        expect(res.status).toBe(503);
        expect(res.body.error.message).toMatch(/could not send the confirmation mail/);
      } finally {
        email.send = send;
      }
      const rows = await haven.strapi.db.query('api::account.email-change').findMany({ where: { userId: user.id } });
      expect(rows.map((r: { status: string; tokenHash: string | null }) => [r.status, r.tokenHash])).toEqual([['unsent', null]]);
      expect(await emailOf(user)).toBe(user.email);
    });

    it(`is limited to ${MAX_PER_HOUR} requests an hour per account, wrong passwords included`, async () => {
      const user = await createUser(haven, 'client');
      for (let i = 0; i < MAX_PER_HOUR - 1; i++) expect((await request(user, fresh('spam'), 'wrong-password')).status).toBe(400);
      expect((await request(user, fresh('spam'))).status).toBe(202);
      const limited = await request(user, fresh('spam'));
      expect(limited.status).toBe(429);
      expect(limited.body.error.message).toMatch(/Too many email change requests. Try again in \d+ minutes?/);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(3000);
      // The right password does not get past it either, and nothing was mailed.
      const before = mailbox.messages.length;
      expect((await request(user, fresh('spam'))).status).toBe(429);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(mailbox.messages.length).toBe(before);
    });
  });
});
