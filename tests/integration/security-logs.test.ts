import crypto from 'node:crypto';
import { Writable } from 'node:stream';
import { format } from 'node:util';
import { winston } from '@strapi/logger';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, createUser, newAccount, randomClientAddress, startHaven, type Haven } from '../helpers/haven';
import { smtpEnv, startMailbox, type Mailbox } from '../helpers/mailbox';
import { startPaypalStandin, type PaypalStandin } from '../helpers/paypal-standin';
import { startSite, type Site } from '../helpers/site';
import { startStripeStandin, type StripeStandin } from '../helpers/stripe-standin';
import { therapist } from './booking-helpers';
import { book, QUIET } from './payments-helpers';

/**
 * Issue 15, item 3: no log line of the CMS or the site carries a secret. One CMS logs at `http`
 * (the request log on) into a capture of every line its logger writes, plus anything printed past
 * the logger; the site's whole output is captured too. The flows below issue each kind of secret —
 * confirmation and reset codes, access and refresh tokens (site and admin), feed tokens, webhook
 * signatures, provider keys — and use them the ways clients do (and some they should not: tokens in
 * query strings, odd spellings of the feed path). Every secret value is collected, and the scan
 * fails on any log line holding one of them or 16 characters of one in a row. The redacted lines
 * must be there, so a silent log cannot pass.
 */
describe('secrets stay out of the logs', () => {
  let haven: Haven;
  let mailbox: Mailbox;
  let stripe: StripeStandin;
  let paypal: PaypalStandin;
  let site: Site;
  const lines: string[] = [];
  const secrets = new Map<string, string>();
  const keep = (label: string, value: string | null | undefined) => {
    if (!value) throw new Error(`no ${label} to scan for`);
    secrets.set(`${label} #${secrets.size}`, value);
    return value;
  };
  const restore: (() => void)[] = [];
  const PAYPAL = { clientId: 'AZ-logscan-client', clientSecret: `EL-${crypto.randomBytes(12).toString('hex')}`, webhookId: '8PT597110X687430LKGECATA' };
  const STRIPE = { secretKey: `sk_test_${crypto.randomBytes(12).toString('hex')}`, webhookSecret: `whsec_${crypto.randomBytes(12).toString('hex')}` };

  beforeAll(async () => {
    mailbox = await startMailbox();
    [stripe, paypal] = await Promise.all([startStripeStandin(STRIPE), startPaypalStandin(PAYPAL)]);
    haven = await startHaven({
      env: {
        ...QUIET,
        ...smtpEnv(mailbox),
        AUTH_RATE_LIMIT_MAX: '1000',
        ...stripe.havenEnv(),
        ...paypal.havenEnv(),
      },
    });
    // Every line the logger writes, formatted as the console would print it, at the request log's level.
    const logger = haven.strapi.log;
    const capture = new winston.transports.Stream({ stream: new Writable({ write: (chunk, _encoding, done) => (lines.push(...String(chunk).split('\n')), done()) }) });
    const consoles = logger.transports.filter((transport: unknown) => transport instanceof winston.transports.Console);
    for (const transport of consoles) logger.remove(transport);
    logger.add(capture);
    logger.level = 'http';
    // And whatever a library prints past the logger.
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      const original = console[method];
      console[method] = (...args: unknown[]) => void lines.push(...format(...args).split('\n'));
      restore.push(() => (console[method] = original));
    }
    restore.push(() => {
      logger.remove(capture);
      for (const transport of consoles) logger.add(transport);
    });
    for (const [name, value] of Object.entries(process.env)) {
      if (!/SECRET|KEY|SALT/.test(name) || !value) continue;
      for (const part of value.split(',').map((item) => item.replace(/^\d+:/, ''))) if (part.length >= 12) keep(`configured ${name}`, part);
    }
    site = await startSite({ cmsUrl: haven.url });
  });
  afterAll(async () => {
    for (const undo of restore.reverse()) undo();
    await site?.close();
    await haven?.close();
    await Promise.all([mailbox?.close(), stripe?.close(), paypal?.close()]);
  });
  // Issue 22: every request Haven sent and every answer the stand-in gave matched the provider's published specification.
  afterEach(() => {
    expect(paypal.problems).toEqual([]);
    expect(stripe.problems).toEqual([]);
  });

  const api = () => apiClient(haven.url, { 'x-forwarded-for': randomClientAddress() });
  const mailTo = (email: string, subject: RegExp) => mailbox.waitFor((m) => JSON.stringify(m.to ?? '').includes(email) && subject.test(m.subject ?? ''));
  const linkIn = (html: string, pattern: RegExp) => {
    const match = html.replace(/&amp;/g, '&').match(pattern);
    if (!match) throw new Error(`no link matching ${pattern} in mail: ${html}`);
    return match[1];
  };
  const randomCode = () => crypto.randomBytes(20).toString('hex');

  it('sign-up: the email-confirmation code, however it is sent', async () => {
    const account = newAccount();
    expect((await api().post('/api/auth/local/register', account)).status).toBe(200);
    const mail = await mailTo(account.email, /confirm/i);
    const code = keep('confirmation code', linkIn(String(mail.html), /email-confirmation\?confirmation=([^"<\s&]+)/));
    // Wrong and odd spellings first (each its own made-up code), then the real link.
    for (const query of [`Confirmation=${keep('code', randomCode())}`, `confirmation=${keep('code', randomCode())}&confirmation=${keep('code', randomCode())}`, `x=1&confirmation=${keep('code', randomCode())}`, `confirmation[0]=${keep('code', randomCode())}`]) {
      expect((await fetch(`${haven.url}/api/auth/email-confirmation?${query}`, { redirect: 'manual' })).status).toBeLessThan(500);
    }
    expect((await fetch(`${haven.url}/api/auth/email-confirmation/${keep('code', randomCode())}`)).status).toBe(404);
    const confirmed = await fetch(`${haven.url}/api/auth/email-confirmation?confirmation=${code}`, { redirect: 'manual' });
    expect(confirmed.status).toBe(302);
  });

  it('log-in, refresh and tokens where they do not belong (query strings, paths)', async () => {
    const person = await createUser(haven, 'client');
    const jwt = keep('access token', person.jwt);
    const refreshToken = keep('refresh token', person.refreshToken);
    const refreshed = await api().post('/api/auth/refresh', { refreshToken });
    expect(refreshed.status).toBe(200);
    keep('access token', refreshed.body.jwt);
    keep('refresh token', refreshed.body.refreshToken);
    expect((await api().get('/api/users/me', jwt)).status).toBe(200);
    for (const query of [`access_token=${jwt}`, `token=${jwt}`, `jwt=${jwt}`, `refresh_token=${refreshToken}`, `authorization=Bearer%20${jwt}`, `page=1&${jwt}`]) {
      expect((await api().get(`/api/users/me?${query}`)).status).toBeGreaterThanOrEqual(400);
    }
    expect((await api().get(`/api/${jwt}`)).status).toBe(404);
    expect((await api().get('/api/users/me', keep('forged token', `${jwt.slice(0, -8)}AAAAAAAA`))).status).toBe(401);
  });

  it('forgotten password: the reset code, by the CMS and through the site', async () => {
    const person = await createUser(haven, 'client');
    const resetMails = () => mailbox.messages.filter((m) => JSON.stringify(m.to ?? '').includes(person.email) && /reset/i.test(m.subject ?? ''));
    for (let round = 0; round < 2; round += 1) {
      const before = resetMails().length;
      expect((await api().post('/api/auth/forgot-password', { email: person.email })).status).toBe(200);
      await expect.poll(() => resetMails().length, { timeout: 10_000 }).toBeGreaterThan(before);
      const latest = resetMails().at(-1)!;
      const code = keep('reset code', linkIn(String(latest.html), /reset-password\?code=([A-Za-z0-9]+)/));
      if (round === 0) {
        expect((await api().get(`/api/auth/reset-password?code=${code}`)).status).toBeGreaterThanOrEqual(400);
        const reset = await api().post('/api/auth/reset-password', { code, password: 'N3w-Passw0rd!!', passwordConfirmation: 'N3w-Passw0rd!!' });
        expect(reset.status).toBe(200);
        keep('access token', reset.body.jwt);
        keep('refresh token', reset.body.refreshToken);
      } else {
        // The site's page carries the code in its address, then posts it to the CMS.
        expect((await fetch(`${site.url}/reset-password?code=${code}`)).status).toBe(200);
        const form = new URLSearchParams({ code, password: 'An0ther-Passw0rd!', passwordConfirmation: 'An0ther-Passw0rd!' });
        const posted = await fetch(`${site.url}/reset-password?code=${code}`, { method: 'POST', body: form, headers: { origin: site.url }, redirect: 'manual' });
        expect(posted.status).toBe(303);
        for (const cookie of posted.headers.getSetCookie()) keep('site session cookie', cookie.split(';')[0].split('=').slice(1).join('='));
      }
    }
    expect((await api().post('/api/auth/reset-password', { code: keep('code', randomCode()), password: 'N3w-Passw0rd!!', passwordConfirmation: 'N3w-Passw0rd!!' })).status).toBe(400);
  });

  it('the calendar feed: its token in every spelling of the address', async () => {
    const person = await createUser(haven, 'client');
    const created = await api().post('/api/booking/feed', {}, person.jwt);
    expect(created.status).toBeLessThan(300);
    const feedUrl = new URL(created.body.data.url);
    const token = keep('feed token', feedUrl.pathname.split('/').pop()!.replace(/\.ics$/, ''));
    const local = `${haven.url}/api/booking/calendar/${token}.ics`;
    expect((await fetch(local)).status).toBe(200);
    expect((await fetch(local, { method: 'HEAD' })).status).toBeLessThan(500);
    for (const variant of [`${haven.url}/API/Booking/Calendar/${token}.ics`, `${local}/`, `${local}?token=${token}`, `${haven.url}/api/booking/calendar/${token}`, `${haven.url}/api/booking/calendar/${token}.ICS`, `${haven.url}/api/booking/calendar/${keep('feed token', crypto.randomBytes(32).toString('base64url'))}.ics`]) {
      expect((await fetch(variant)).status).toBeLessThan(500);
    }
    // Through the site, which has no such page: its 404 must not print the token either.
    expect((await fetch(`${site.url}/api/booking/calendar/${token}.ics?code=${token}`)).status).toBe(404);
    // A new address: the old token stops working (and is still a secret of its owner).
    const rotated = await api().post('/api/booking/feed', {}, person.jwt);
    keep('feed token', new URL(rotated.body.data.url).pathname.split('/').pop()!.replace(/\.ics$/, ''));
    expect((await fetch(local)).status).toBe(404);
  });

  it('staff: the admin access token and its refresh cookie', async () => {
    const role = await haven.strapi.db.query('admin::role').findOne({ where: { code: 'strapi-super-admin' } });
    const email = `logscan_${crypto.randomBytes(4).toString('hex')}@test.haven.example`;
    await haven.strapi.service('admin::user').create({ email, firstname: 'Ada', lastname: 'Scan', password: 'Staff-Passw0rd!', isActive: true, registrationToken: null, roles: [role.id] });
    const login = await fetch(`${haven.url}/admin/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: 'Staff-Passw0rd!' }) });
    expect(login.status).toBe(200);
    const token = keep('admin token', (await login.json()).data.token);
    for (const cookie of login.headers.getSetCookie()) {
      const value = cookie.split(';')[0].split('=').slice(1).join('=');
      if (value.length >= 16) keep('admin cookie', value);
    }
    expect((await fetch(`${haven.url}/admin/users/me`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    expect((await fetch(`${haven.url}/admin/users/me?token=${token}`)).status).toBe(401);
  });

  it('payments: provider calls with the keys, signed and forged webhooks', async () => {
    const t = await therapist(haven, { rateMinor: 9000, currency: 'USD' });
    const client = await createUser(haven, 'client');
    const [booking] = await book(haven, client, t.therapistId, 30);
    const checkout = await api().post('/api/payments/checkout', { booking: booking.id, provider: 'stripe' }, client.jwt);
    expect(checkout.status).toBe(201);
    const sessionId = checkout.body.data.url.split('/').pop() as string;
    const { event } = await stripe.pay(sessionId);
    const payload = JSON.stringify(event);
    const signature = stripe.sign(payload);
    keep('stripe signature', signature.split('v1=')[1]);
    const webhook = `${haven.url}/api/payments/stripe/webhook`;
    expect((await fetch(webhook, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': signature }, body: payload })).status).toBe(200);
    const forged = `t=${Math.floor(Date.now() / 1000)},v1=${keep('forged signature', crypto.randomBytes(32).toString('hex'))}`;
    expect((await fetch(webhook, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': forged }, body: payload })).status).toBe(400);
    expect((await fetch(`${webhook}?signature=${signature.split('v1=')[1]}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: payload })).status).toBe(400);

    const paypalEvent = paypal.event('PAYMENT.CAPTURE.COMPLETED', { id: 'CAPTURE-UNKNOWN', status: 'COMPLETED', amount: { currency_code: 'USD', value: '90.00' }, custom_id: 'unknown' });
    const delivered = await paypal.deliver(`${haven.url}/api/payments/paypal/webhook`, paypalEvent);
    keep('paypal signature', delivered.headers['paypal-transmission-sig']);
    const refused = await paypal.deliver(`${haven.url}/api/payments/paypal/webhook`, paypalEvent, { forge: true });
    expect(refused.status).toBe(400);
    keep('forged paypal signature', refused.headers['paypal-transmission-sig']);
  });

  it('no log line holds any of the secrets, and the redacted request lines are there', async () => {
    // Let the last lines (answers sent after the response) land.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const cms = lines.join('\n');
    const siteLog = site.output();
    expect(siteLog).toContain('[site] listening');
    expect(secrets.size).toBeGreaterThan(30);
    const leaks: string[] = [];
    for (const [label, secret] of secrets) {
      const pieces = secret.length <= 16 ? [secret] : Array.from({ length: secret.length - 15 }, (_, i) => secret.slice(i, i + 16));
      for (const [where, text] of [['CMS', cms], ['site', siteLog]] as const) {
        const piece = pieces.find((p) => text.includes(p));
        if (piece) leaks.push(`${label} in the ${where} log: …${text.slice(Math.max(0, text.indexOf(piece) - 80), text.indexOf(piece) + 40)}…`);
      }
    }
    expect(leaks).toEqual([]);
    // The request log ran, with redacted targets: the scan read real request lines.
    const requestLines = lines.filter((line) => /(GET|POST|HEAD) \/\S* \(\d+ ms\) \d{3}/.test(line));
    expect(requestLines.length).toBeGreaterThan(40);
    for (const expected of [
      /GET \/api\/auth\/email-confirmation\?confirmation=\[redacted\] \(\d+ ms\) 302/,
      /GET \/api\/booking\/calendar\/\[redacted\]\.ics \(\d+ ms\) 200/,
      /GET \/API\/Booking\/Calendar\/\[redacted\]\.ics \(\d+ ms\) 200/,
      /GET \/api\/users\/me\?access_token=\[redacted\] \(\d+ ms\) 400/,
      /GET \/api\/users\/me\?page=1&\[redacted\] \(\d+ ms\) 400/,
      /POST \/api\/auth\/refresh \(\d+ ms\) 200/,
      /POST \/api\/auth\/reset-password \(\d+ ms\) 200/,
      /POST \/api\/payments\/stripe\/webhook \(\d+ ms\) 200/,
      /POST \/api\/payments\/paypal\/webhook \(\d+ ms\) 400/,
      /GET \/admin\/users\/me\?token=\[redacted\] \(\d+ ms\) 401/,
    ]) {
      expect(requestLines.some((line) => expected.test(line)), String(expected)).toBe(true);
    }
  });
});
