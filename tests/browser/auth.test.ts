/**
 * Sign-up, e-mail confirmation, log-in, the server-side session (httpOnly cookies, refresh), log-out
 * and password reset, through the built site in a real Chromium against a real CMS and SMTP mailbox.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { agreeToNotice, apiClient, createUser } from '../helpers/haven';
import { DEMO_PASSWORD, expectAccessible, submit, useBrowserSuite } from '../helpers/browser-suite';
import { linkIn, sentTo } from '../helpers/site';

const SESSION = 'haven_session';
const REFRESH = 'haven_refresh';

const suite = useBrowserSuite({ context: { timezoneId: 'Europe/Lisbon', locale: 'en-GB' } });
const { newPage, logIn } = suite;

const usersWithEmail = (email: string) => suite.stack.haven.strapi.db.query('plugin::users-permissions.user').count({ where: { email: email.toLowerCase() } });

async function cookie(page: Page, name: string) {
  return (await page.context().cookies(suite.stack.site.url)).find((c) => c.name === name);
}

describe('signing up and logging in', () => {
  it('a visitor signs up as a client, confirms their email from the mail, logs in and sees their profile', async () => {
    const page = await newPage();
    const id = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
    const email = `robin_${id}@test.haven.example`;
    const password = 'Gentle-Rain-42';

    await page.goto(`${suite.stack.site.url}/signup`);
    expect(await page.getByRole('radio', { name: /looking for support/ }).isChecked()).toBe(true);
    // The React island has replaced UTC with the browser's own time zone.
    await expect.poll(() => page.locator('#f-timeZone').inputValue()).toBe('Europe/Lisbon');
    await page.getByLabel('Display name').fill(`Robin ${id}`);
    await page.getByLabel('Pronouns').fill('they/them');
    await page.getByLabel('Username').fill(`robin_${id}`);
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('checkbox', { name: /I have read and agree to the privacy notice and terms/ }).check();
    await Promise.all([page.waitForURL(/\/signup\?sent=1$/), page.getByRole('button', { name: 'Create account' }).click()]);
    expect((await page.getByRole('heading', { level: 1 }).textContent())?.trim()).toBe('Check your email');
    expect(await page.locator('main').textContent()).toContain(email);

    const mail = await suite.stack.mailbox.waitFor(sentTo(email));
    expect(mail.subject).toBe('Confirm your Haven account');
    const link = linkIn(mail, 'confirmation=');
    expect(link.startsWith(`${suite.stack.haven.url}/api/auth/email-confirmation?confirmation=`)).toBe(true);

    await page.goto(link);
    expect(page.url()).toBe(`${suite.stack.site.url}/login?confirmed=1`);
    expect(await page.getByRole('status').textContent()).toContain('Your email is confirmed, you can log in');

    await page.getByLabel('Email address or username').fill(email);
    await page.getByLabel('Password').fill(password);
    // Logging in without ?next= lands on the home page; the profile holds what was signed up with.
    await Promise.all([page.waitForURL(`${suite.stack.site.url}/home`), page.getByRole('button', { name: 'Log in' }).click()]);
    await page.goto(`${suite.stack.site.url}/profile`);
    await page.getByRole('heading', { name: `Robin ${id}` }).waitFor({ state: 'visible' });
    expect(await page.getByLabel('Display name').inputValue()).toBe(`Robin ${id}`);
    expect(await page.locator('#f-timeZone').inputValue()).toBe('Europe/Lisbon');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Log out' }).waitFor({ state: 'visible' });

    // The tokens live only in httpOnly cookies: nothing for page scripts to read, nothing in storage.
    const cookies = await page.context().cookies(suite.stack.site.url);
    const session = cookies.filter((c) => c.name === SESSION || c.name === REFRESH);
    expect(session.map((c) => c.name).sort()).toEqual([REFRESH, SESSION]);
    for (const c of session) {
      expect(c.httpOnly).toBe(true);
      expect(c.sameSite).toBe('Lax');
      expect(c.secure).toBe(true); // the site runs with NODE_ENV=production here
      expect(c.path).toBe('/');
    }
    const documentCookie = await page.evaluate(() => document.cookie);
    expect(documentCookie).not.toContain(SESSION);
    expect(documentCookie).not.toContain(REFRESH);
    for (const c of session) expect(documentCookie).not.toContain(c.value);
    expect(await page.evaluate(() => localStorage.length)).toBe(0);
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    const html = await page.content();
    for (const c of session) expect(html).not.toContain(c.value);
  });

  it('a sign-up whose name says the person is at risk makes the account and shows the crisis lines at once, focused and axe clean (issue 19)', async () => {
    const page = await newPage();
    const id = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
    const email = `care_${id}@test.haven.example`;
    await page.goto(`${suite.stack.site.url}/signup`);
    await page.getByLabel('Display name').fill('i w4nt to d1e');
    await page.getByLabel('Username').fill(`care_${id}`);
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Password').fill('Gentle-Rain-42');
    await page.getByRole('checkbox', { name: /I have read and agree to the privacy notice and terms/ }).check();
    await Promise.all([page.waitForURL(/\/signup\?sent=1&care=1$/), page.getByRole('button', { name: 'Create account' }).click()]);
    expect((await page.getByRole('heading', { level: 1 }).textContent())?.trim()).toBe('Check your email');
    expect(await usersWithEmail(email)).toBe(1);
    const panel = page.locator('#signup-crisis');
    await panel.waitFor({ state: 'visible' });
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('signup-crisis');
    // en-GB: the United Kingdom's lines, with a number to call now.
    expect(await panel.locator('a[href^="tel:"]').count()).toBeGreaterThan(0);
    await expectAccessible(page, '/signup?sent=1&care=1');
  });

  it('the demo client logs in and sees their own profile', async () => {
    const page = await newPage();
    await logIn(page, 'alex@haven.example', DEMO_PASSWORD);
    expect(page.url()).toBe(`${suite.stack.site.url}/home`);
    await page.goto(`${suite.stack.site.url}/profile`);
    expect((await page.getByRole('heading', { level: 1 }).textContent())?.trim()).toBe('Your profile');
    await page.getByRole('heading', { name: 'Alex', exact: true }).waitFor({ state: 'visible' });
    const summary = page.locator('aside');
    expect(await summary.textContent()).toContain('alex@haven.example');
    expect(await summary.textContent()).toContain('they/them');
    expect(await summary.textContent()).toContain('Client');
    expect(await page.locator('#f-timeZone').inputValue()).toBe('Europe/London');
    // A client has no practice section.
    expect(await page.getByRole('heading', { name: 'Your practice' }).count()).toBe(0);
  });

  it('a visitor who is not logged in is sent from /profile to /login?next=%2Fprofile, and back after logging in', async () => {
    const page = await newPage();
    const response = await page.request.get(`${suite.stack.site.url}/profile`, { maxRedirects: 0 });
    expect(response.status()).toBe(302);
    expect(response.headers().location).toBe('/login?next=%2Fprofile');

    await page.goto(`${suite.stack.site.url}/profile`);
    expect(page.url()).toBe(`${suite.stack.site.url}/login?next=%2Fprofile`);
    expect(await page.getByRole('status').textContent()).toContain('Please log in to continue');

    await page.getByLabel('Email address or username').fill('alex@haven.example');
    await page.getByLabel('Password').fill('not-the-password');
    await submit(page, page.getByRole('button', { name: 'Log in' }));
    expect(await page.getByRole('alert').textContent()).toContain('do not match');
    expect(await page.getByLabel('Email address or username').inputValue()).toBe('alex@haven.example');
    expect(await page.getByLabel('Password').inputValue()).toBe('');
    expect(page.url()).toBe(`${suite.stack.site.url}/login?next=%2Fprofile`);

    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await Promise.all([page.waitForURL(`${suite.stack.site.url}/profile`), page.getByRole('button', { name: 'Log in' }).click()]);
  });

  it('never sends people to another site after logging in', async () => {
    const page = await newPage();
    await logIn(page, 'sam@haven.example', DEMO_PASSWORD, '/login?next=%2F%2Fevil.example%2Fsteal');
    expect(page.url()).toBe(`${suite.stack.site.url}/home`);
  });

  it('turns away form posts from other origins (CSRF)', async () => {
    const res = await fetch(`${suite.stack.site.url}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
      body: 'identifier=alex%40haven.example&password=DemoPass2026%21',
      redirect: 'manual',
    });
    expect(res.status).toBe(403);
    expect(res.headers.get('set-cookie')).toBeNull();
  });

  it('a bad sign-up shows every problem next to its field and creates nothing', async () => {
    const page = await newPage();
    const email = `not-created-${Date.now().toString(36)}@test.haven.example`;
    await page.goto(`${suite.stack.site.url}/signup`);
    await expect.poll(() => page.locator('#f-timeZone').inputValue()).toBe('Europe/Lisbon');
    // Skip the browser's own checks and send a time zone that is not in the list, to reach the server's.
    await page.evaluate(() => {
      const select = document.querySelector<HTMLSelectElement>('#f-timeZone')!;
      select.add(new Option('Mars/Olympus_Mons', 'Mars/Olympus_Mons', true, true));
      select.value = 'Mars/Olympus_Mons';
      select.form!.noValidate = true;
    });
    await page.getByLabel('Username').fill('ab');
    await page.getByLabel('Email address').fill('not-an-email');
    await page.getByLabel('Password').fill('123');
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url() === `${suite.stack.site.url}/signup` && r.request().method() === 'POST'),
      submit(page, page.getByRole('button', { name: 'Create account' })),
    ]);
    expect(response.status()).toBe(400);

    const summary = page.getByRole('alert');
    expect(await summary.textContent()).toContain('There is a problem');
    for (const text of ['Enter the name you would like people to see', 'Username must be between 3 and 50 characters', 'Enter an email address like name@example.com', 'password must be at least 12 characters', 'Choose your time zone from the list']) {
      expect(await summary.textContent()).toContain(text);
    }
    for (const [field, text] of [
      ['displayName', 'Enter the name'],
      ['username', 'Username must be'],
      ['email', 'Enter an email address'],
      ['password', 'password must be at least 12'],
      ['timeZone', 'Choose your time zone'],
    ] as const) {
      const control = page.locator(`#f-${field}`);
      expect(await control.getAttribute('aria-invalid')).toBe('true');
      const describedBy = (await control.getAttribute('aria-describedby')) ?? '';
      expect(describedBy.split(' ')).toContain(`f-${field}-error`);
      expect(await page.locator(`#f-${field}-error`).textContent()).toContain(text);
    }
    // What was typed stays (except the password); the summary links to the fields.
    expect(await page.getByLabel('Username').inputValue()).toBe('ab');
    expect(await page.getByLabel('Email address').inputValue()).toBe('not-an-email');
    expect(await page.getByLabel('Password').inputValue()).toBe('');
    expect(await summary.getByRole('link', { name: /Username must be/ }).getAttribute('href')).toBe('#f-username');

    // A problem only the CMS finds comes back on its field too, and no account is made.
    await page.getByLabel('Display name').fill('Sam <3');
    await page.getByLabel('Username').fill(`valid_${Date.now().toString(36)}`);
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Password').fill('Quiet-Harbour-7');
    await page.locator('#f-timeZone').selectOption('Europe/Lisbon');
    await page.getByRole('checkbox', { name: /I have read and agree to the privacy notice and terms/ }).check();
    await submit(page, page.getByRole('button', { name: 'Create account' }));
    expect((await page.locator('#f-displayName-error').textContent())?.trim()).toBe('Display name must not contain < or >.');
    expect(await page.getByRole('alert').textContent()).toContain('Display name must not contain < or >');
    expect(await page.getByLabel('Display name').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('Email address').inputValue()).toBe(email);

    expect(await usersWithEmail(email)).toBe(0);
    expect(await usersWithEmail('not-an-email')).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(suite.stack.mailbox.messages.filter(sentTo(email))).toHaveLength(0);
  });

  it('works without JavaScript: sign-up defaults to UTC and log-in still works', async () => {
    const page = await newPage({ javaScriptEnabled: false });
    await page.goto(`${suite.stack.site.url}/signup`);
    expect(await page.locator('#f-timeZone').inputValue()).toBe('UTC');
    expect(await page.locator('#f-timeZone option').count()).toBeGreaterThan(300);
    await logIn(page, 'alex@haven.example', DEMO_PASSWORD, '/login?next=%2Fprofile');
    await page.getByRole('heading', { name: 'Alex', exact: true }).waitFor({ state: 'visible' });
  });
});

describe('the session', () => {
  it('renews an expired or rejected access token on the server, rotating the refresh token', async () => {
    const page = await newPage();
    await logIn(page, 'dr.rivera@haven.example', DEMO_PASSWORD);
    const firstRefresh = (await cookie(page, REFRESH))!.value;

    // 1. The access cookie has gone (expired): the middleware refreshes before loading the page.
    await page.context().clearCookies({ name: SESSION });
    await page.goto(`${suite.stack.site.url}/profile`);
    await page.getByRole('heading', { name: 'Dr. Maria Rivera' }).waitFor({ state: 'visible' });
    const secondSession = (await cookie(page, SESSION))!;
    const secondRefresh = (await cookie(page, REFRESH))!.value;
    expect(secondSession.httpOnly).toBe(true);
    expect(secondRefresh).not.toBe(firstRefresh);
    const api = apiClient(suite.stack.haven.url);
    expect((await api.post('/api/auth/refresh', { refreshToken: firstRefresh })).status).toBe(401);

    // 2. A token that looks fresh but that the CMS turns down: one refresh and a retry.
    const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const forged = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ userId: '1', type: 'access', exp: Math.floor(Date.now() / 1000) + 3600 })}.bad-signature`;
    await page.context().addCookies([{ name: SESSION, value: forged, url: suite.stack.site.url, httpOnly: true, sameSite: 'Lax', secure: true }]);
    await page.goto(`${suite.stack.site.url}/profile`);
    await page.getByRole('heading', { name: 'Dr. Maria Rivera' }).waitFor({ state: 'visible' });
    expect((await cookie(page, SESSION))!.value).not.toBe(forged);
    expect((await cookie(page, REFRESH))!.value).not.toBe(secondRefresh);
  });

  it('logging out ends the session in the CMS and clears the cookies', async () => {
    const page = await newPage();
    await logIn(page, 'sam@haven.example', DEMO_PASSWORD);
    const refreshToken = (await cookie(page, REFRESH))!.value;

    await Promise.all([page.waitForURL(`${suite.stack.site.url}/?loggedout=1`), page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Log out' }).click()]);
    expect(await page.getByRole('status').textContent()).toContain('You have logged out');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Log in' }).waitFor({ state: 'visible' });
    expect(await cookie(page, SESSION)).toBeUndefined();
    expect(await cookie(page, REFRESH)).toBeUndefined();
    expect((await apiClient(suite.stack.haven.url).post('/api/auth/refresh', { refreshToken })).status).toBe(401);

    await page.goto(`${suite.stack.site.url}/profile`);
    expect(page.url()).toBe(`${suite.stack.site.url}/login?next=%2Fprofile`);
  });

  it('a forgotten password is reset from the link in the mail', async () => {
    const page = await newPage();
    const user = { email: `reset_${Date.now().toString(36)}@test.haven.example`, password: 'Old-Password-1' };
    const api = apiClient(suite.stack.haven.url);
    const role = await suite.stack.haven.strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'client' } });
    const made = await suite.stack.haven.strapi.plugin('users-permissions').service('user').add({
      username: user.email.split('@')[0],
      email: user.email,
      password: user.password,
      provider: 'local',
      confirmed: true,
      blocked: false,
      role: role.id,
    });

    await agreeToNotice(suite.stack.haven, made.id);

    await page.goto(`${suite.stack.site.url}/forgot-password`);
    await page.getByLabel('Email address').fill(user.email);
    await submit(page, page.getByRole('button', { name: 'Send me a link' }));
    expect(await page.getByRole('status').textContent()).toContain('we have emailed it a link');

    const mail = await suite.stack.mailbox.waitFor(sentTo(user.email));
    const link = linkIn(mail, '/reset-password?code=');
    expect(link.startsWith(`${suite.stack.site.url}/reset-password?code=`)).toBe(true);
    await page.goto(link);
    await page.getByLabel('New password', { exact: true }).fill('New-Password-2');
    await page.getByLabel('New password, again').fill('Different-3');
    await submit(page, page.getByRole('button', { name: 'Save new password' }));
    expect(await page.locator('#f-passwordConfirmation-error').textContent()).toContain('do not match');

    await page.getByLabel('New password', { exact: true }).fill('New-Password-2');
    await page.getByLabel('New password, again').fill('New-Password-2');
    await Promise.all([page.waitForURL(`${suite.stack.site.url}/profile?saved=password`), page.getByRole('button', { name: 'Save new password' }).click()]);
    expect(await page.getByRole('status').textContent()).toContain('Your new password is saved');
    expect((await api.post('/api/auth/local', { identifier: user.email, password: 'New-Password-2' })).status).toBe(200);
  });
});

describe('account settings on the profile', () => {
  const api = () => apiClient(suite.stack.haven.url);
  const logInStatus = async (identifier: string, password: string) => (await api().post('/api/auth/local', { identifier, password })).status;

  /** A confirmed client of its own (these tests change passwords and addresses), logged in on /profile. */
  async function ownAccount(name: string, password = 'Old-Password-1') {
    const email = `${name}_${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}@test.haven.example`;
    const role = await suite.stack.haven.strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'client' } });
    const user = await suite.stack.haven.strapi.plugin('users-permissions').service('user').add({ username: email.split('@')[0], email, password, provider: 'local', confirmed: true, blocked: false, role: role.id });
    await suite.stack.haven.strapi.service('api::profile.profile').createForUser(user.id, { displayName: `Casey ${name}`, timeZone: 'Europe/Lisbon' });
    await agreeToNotice(suite.stack.haven, user.id);
    const page = await newPage();
    await logIn(page, email, password, '/login?next=%2Fprofile');
    await page.waitForURL(`${suite.stack.site.url}/profile`);
    return { page, email, password, id: user.id as number };
  }

  // PROFILE_SCREENSHOTS=<folder>: each page checked at 360 px is also saved at desktop and phone size, to look at.
  const shot = (page: Page, label: string, size: string) =>
    process.env.PROFILE_SCREENSHOTS ? page.screenshot({ path: `${process.env.PROFILE_SCREENSHOTS}/${label.replace(/[^a-z0-9]+/gi, '-')}-${size}.png`, fullPage: true }) : null;

  /** The page at 360 px wide has no horizontal scroll, and passes axe there. */
  async function expectFitsPhone(page: Page, label: string) {
    const before = page.viewportSize();
    await shot(page, label, 'desktop');
    await page.setViewportSize({ width: 360, height: 780 });
    await shot(page, label, 'phone');
    expect(await page.evaluate(() => document.documentElement.scrollWidth), `${label} at 360 px`).toBeLessThanOrEqual(360);
    await expectAccessible(page, `${label} at 360 px`);
    if (before) await page.setViewportSize(before);
  }

  it('changes the password: a wrong current one changes nothing; the right one mails a notice, and only the new one logs in', async () => {
    const { page, email, password } = await ownAccount('pw');
    await expectAccessible(page, 'profile with account settings');
    await expectFitsPhone(page, 'profile');
    const section = page.getByRole('region', { name: 'Password' });

    await section.getByLabel('Current password').fill('not-my-password');
    await section.getByLabel('New password', { exact: true }).fill('Bright-Meadow-77');
    await section.getByLabel('New password, again').fill('Bright-Meadow-77');
    const [refused] = await Promise.all([
      page.waitForResponse((r) => r.url() === `${suite.stack.site.url}/profile` && r.request().method() === 'POST'),
      submit(page, section.getByRole('button', { name: 'Change password' })),
    ]);
    expect(refused.status()).toBe(400);
    expect(await page.getByRole('alert').textContent()).toContain('Your current password is not right.');
    const current = page.getByRole('region', { name: 'Password' }).getByLabel('Current password');
    expect(await current.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#f-currentPassword-error').textContent()).toContain('not right');
    await expectAccessible(page, 'password change refused');
    expect(await logInStatus(email, password)).toBe(200);
    expect(await logInStatus(email, 'Bright-Meadow-77')).toBe(400);

    await current.fill(password);
    await section.getByLabel('New password', { exact: true }).fill('Bright-Meadow-77');
    await section.getByLabel('New password, again').fill('Bright-Meadow-77');
    await Promise.all([page.waitForURL(`${suite.stack.site.url}/profile?saved=password-changed#password`), section.getByRole('button', { name: 'Change password' }).click()]);
    expect(await page.getByRole('status').first().textContent()).toContain('Your password is changed');
    const notice = await suite.stack.mailbox.waitFor((m) => sentTo(email)(m) && m.subject === 'Your Haven password was changed');
    expect(notice.text).toContain(`reset your password now: ${suite.stack.site.url}/forgot-password`);
    // This browser carries on with its new session; the password itself has moved.
    await page.goto(`${suite.stack.site.url}/profile`);
    await page.getByRole('heading', { name: `Casey pw` }).waitFor({ state: 'visible' });
    expect(await logInStatus(email, 'Bright-Meadow-77')).toBe(200);
    expect(await logInStatus(email, password)).toBe(400);
  });

  it('changes the email address end to end through the link mailed to the new address', async () => {
    const { page, email, password } = await ownAccount('mail');
    const newEmail = `moved_${Date.now().toString(36)}@test.haven.example`;
    const section = page.getByRole('region', { name: 'Email address' });
    await section.getByLabel('New email address').fill(newEmail);
    await section.getByLabel('Current password').fill(password);
    await Promise.all([page.waitForURL(`${suite.stack.site.url}/profile?saved=email-sent#email`), section.getByRole('button', { name: 'Send the link' }).click()]);
    expect(await page.getByRole('status').first().textContent()).toContain('We have mailed a link to your new address');
    // Nothing changes before the link is used.
    expect(await page.locator('aside').textContent()).toContain(email);

    const oldNotice = await suite.stack.mailbox.waitFor((m) => sentTo(email)(m) && /asked to change your Haven email/.test(m.subject ?? ''));
    expect(oldNotice.text).toContain('to m***@test.haven.example');
    const mail = await suite.stack.mailbox.waitFor((m) => sentTo(newEmail)(m) && m.subject === 'Confirm your new Haven email address');
    const link = linkIn(mail, '/profile/email?token=');
    expect(link.startsWith(`${suite.stack.site.url}/profile/email?token=`)).toBe(true);

    // Opening the link changes nothing by itself (mail scanners open links): the person confirms.
    await page.goto(link);
    expect((await page.getByRole('heading', { level: 1 }).textContent())?.trim()).toBe('Confirm your new email address');
    expect(await page.locator('main form').textContent()).toContain(newEmail);
    await expectAccessible(page, 'email change confirmation');
    await expectFitsPhone(page, 'email change confirmation');
    expect(await logInStatus(newEmail, password)).toBe(400);
    await Promise.all([page.waitForURL(`${suite.stack.site.url}/profile?saved=email-changed`), page.getByRole('button', { name: 'Confirm my new address' }).click()]);
    expect(await page.getByRole('status').first().textContent()).toContain('Your email address is changed');
    expect(await page.locator('aside').textContent()).toContain(newEmail);
    await suite.stack.mailbox.waitFor((m) => sentTo(email)(m) && m.subject === 'Your Haven email address was changed');
    expect(await logInStatus(newEmail, password)).toBe(200);
    expect(await logInStatus(email, password)).toBe(400);

    // The link works once: opened again, the page says so at once and offers nothing to press.
    const again = await page.goto(link);
    expect(again?.status()).toBe(400);
    expect(await page.getByRole('alert').textContent()).toContain('already used');
    expect(await page.getByRole('button', { name: 'Confirm my new address' }).count()).toBe(0);
  });

  it('turns session reminders off and keeps the setting', async () => {
    const { page, id } = await ownAccount('notify');
    const section = page.getByRole('region', { name: 'Email notifications' });
    const reminders = section.getByRole('checkbox', { name: /Session reminders/ });
    expect(await reminders.isChecked()).toBe(true);
    expect(await section.textContent()).toContain('Account mail is always sent');
    await reminders.uncheck();
    await Promise.all([page.waitForURL(`${suite.stack.site.url}/profile?saved=notifications#notifications`), section.getByRole('button', { name: 'Save notification settings' }).click()]);
    expect(await page.getByRole('status').first().textContent()).toContain('Your notification settings are saved');
    await page.reload();
    const after = page.getByRole('region', { name: 'Email notifications' });
    expect(await after.getByRole('checkbox', { name: /Session reminders/ }).isChecked()).toBe(false);
    expect(await after.getByRole('checkbox', { name: /Session bookings/ }).isChecked()).toBe(true);
    const profile = await suite.stack.haven.strapi.db.query('api::profile.profile').findOne({ where: { user: { id } } });
    expect(profile.mailOff).toEqual(['reminders']);
    const people = suite.stack.haven.strapi.plugin('people').service('people');
    expect((await people.emails([id], { purpose: 'reminders' })).size).toBe(0);
    expect((await people.emails([id], { purpose: 'bookings' })).size).toBe(1);
    await expectFitsPhone(page, 'profile after saving notifications');
  });
});

describe('two-step sign-in (issue 20)', () => {
  it('is set up from the profile (code computed from the shown key), then log-in asks for the code or a recovery code; axe clean', async () => {
    const { totpCodeFor, nextTotpCode } = await import('../helpers/two-factor');
    const { strapi } = suite.stack.haven;
    const email = `twostep_${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}@test.haven.example`;
    const password = 'Two-Step-Path-7';
    const role = await strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'client' } });
    const user = await strapi.plugin('users-permissions').service('user').add({ username: email.split('@')[0], email, password, provider: 'local', confirmed: true, blocked: false, role: role.id });
    await agreeToNotice(suite.stack.haven, user.id);
    await strapi.service('api::profile.profile').createForUser(user.id, { displayName: 'Noor Two-Step', timeZone: 'Europe/Lisbon' });
    // Agreed to the privacy notice in force, as sign-up records it (else the site asks first, at /consent).
    await strapi.plugin('identity').service('consent').accept(user.id, strapi.plugin('identity').service('consent').currentVersion(), 'sign-up');

    const page = await newPage();
    await logIn(page, email, password, '/login?next=%2Fprofile');
    await page.waitForURL(`${suite.stack.site.url}/profile`);
    const section = () => page.getByRole('region', { name: 'Security: two-step sign-in' });
    expect(await section().textContent()).toContain('Two-step sign-in is off');
    await submit(page, section().getByRole('button', { name: 'Set up two-step sign-in' }));

    // The QR code and the key to type; a wrong first code keeps the same key and turns nothing on.
    const qr = section().getByRole('img', { name: /QR code/ });
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml;base64,/);
    const manualKey = ((await page.locator('#two-step-key').textContent()) ?? '').trim();
    expect(manualKey).toMatch(/^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/);
    await expectAccessible(page, 'profile: two-step set-up');
    await section().getByLabel('Enter the 6-digit code your app now shows for Haven').fill(totpCodeFor(manualKey, new Date(Date.now() - 10 * 60_000)));
    await submit(page, section().getByRole('button', { name: 'Turn on two-step sign-in' }));
    expect(await section().textContent()).toContain('That code is not right');
    expect(((await page.locator('#two-step-key').textContent()) ?? '').trim()).toBe(manualKey);
    await expectAccessible(page, 'profile: two-step set-up with a wrong code');

    await section().getByLabel('Enter the 6-digit code your app now shows for Haven').fill(totpCodeFor(manualKey));
    await submit(page, section().getByRole('button', { name: 'Turn on two-step sign-in' }));
    const codes = (await section().getByRole('list', { name: 'Your recovery codes' }).getByRole('listitem').allTextContents()).map((c) => c.trim());
    expect(codes).toHaveLength(10);
    const download = section().getByRole('link', { name: 'Download the recovery codes as text' });
    expect(await download.getAttribute('download')).toBe('haven-recovery-codes.txt');
    expect(decodeURIComponent((await download.getAttribute('href')) ?? '')).toContain(codes[0]);
    await expectAccessible(page, 'profile: recovery codes shown once');
    await page.reload();
    expect(await section().textContent()).toContain('Two-step sign-in is on');
    expect(await section().textContent()).not.toContain(codes[0]);

    // Log out, log in: the password alone is not enough; the code finishes it.
    await Promise.all([page.waitForURL(`${suite.stack.site.url}/?loggedout=1`), page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Log out' }).click()]);
    await page.goto(`${suite.stack.site.url}/login?next=%2Fprofile`);
    await page.getByLabel('Email address or username').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await submit(page, page.getByRole('button', { name: 'Log in' }));
    const codeField = page.getByLabel('Enter the 6-digit code from your authenticator app');
    await codeField.waitFor({ state: 'visible' });
    expect(await cookie(page, SESSION)).toBeUndefined();
    const step = (await page.context().cookies(`${suite.stack.site.url}/login`)).find((c) => c.name === 'haven_sign_in_step');
    expect(step?.httpOnly).toBe(true);
    expect(page.url()).not.toContain(step!.value);
    expect(await page.content()).not.toContain(step!.value);
    await expectAccessible(page, 'log-in: second step');
    await codeField.fill('000000');
    await submit(page, page.getByRole('button', { name: 'Continue' }));
    expect(await page.getByRole('alert').textContent()).toContain('not right');
    await page.getByLabel('Enter the 6-digit code from your authenticator app').fill(nextTotpCode(manualKey));
    await Promise.all([page.waitForURL(`${suite.stack.site.url}/profile`), page.getByRole('button', { name: 'Continue' }).click()]);
    expect(await cookie(page, SESSION)).toBeDefined();

    // A lost phone: a recovery code instead, once.
    await Promise.all([page.waitForURL(`${suite.stack.site.url}/?loggedout=1`), page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Log out' }).click()]);
    await page.goto(`${suite.stack.site.url}/login?next=%2Fprofile`);
    await page.getByLabel('Email address or username').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await submit(page, page.getByRole('button', { name: 'Log in' }));
    await submit(page, page.getByRole('link', { name: 'Use a recovery code' }));
    await page.getByLabel('Enter one of your recovery codes').fill(codes[0]);
    await expectAccessible(page, 'log-in: recovery code');
    await Promise.all([page.waitForURL(`${suite.stack.site.url}/profile`), page.getByRole('button', { name: 'Continue' }).click()]);
    expect(await section().textContent()).toContain('9 unused recovery codes');
  });

  it('a password reset of an enrolled account goes straight to the code step (challenge in the httpOnly cookie), then signs in', async () => {
    const { enrolTwoFactor, nextTotpCode } = await import('../helpers/two-factor');
    const person = await createUser(suite.stack.haven, 'client');
    const enrolled = await enrolTwoFactor(suite.stack.haven, person);
    const page = await newPage();
    await page.goto(`${suite.stack.site.url}/forgot-password`);
    await page.getByLabel('Email address').fill(person.email);
    await submit(page, page.getByRole('button', { name: 'Send me a link' }));
    // The reset mail, not the notice that two-step sign-in was turned on.
    const resetMail = await suite.stack.mailbox.waitFor((mail) => sentTo(person.email)(mail) && (mail.text ?? '').includes('/reset-password?code='));
    const link = linkIn(resetMail, '/reset-password?code=');
    await page.goto(link);
    await page.getByLabel('New password', { exact: true }).fill('Reset-With-Two-Step-8');
    await page.getByLabel('New password, again').fill('Reset-With-Two-Step-8');
    await Promise.all([page.waitForURL(`${suite.stack.site.url}/login?reset=1`), page.getByRole('button', { name: 'Save new password' }).click()]);

    // No second password: the code step at once, the challenge only in the cookie scoped to /login.
    expect(await page.getByRole('status').textContent()).toContain('Finish signing in with your second step');
    await expect(page.getByLabel('Password', { exact: true }).count()).resolves.toBe(0);
    const codeField = page.getByLabel('Enter the 6-digit code from your authenticator app');
    await codeField.waitFor({ state: 'visible' });
    const step = (await page.context().cookies(`${suite.stack.site.url}/login`)).find((c) => c.name === 'haven_sign_in_step');
    expect(step?.httpOnly).toBe(true);
    expect(step?.path).toBe('/login');
    expect(page.url()).not.toContain(step!.value);
    expect(await page.content()).not.toContain(step!.value);
    expect(await cookie(page, SESSION)).toBeUndefined();
    await expectAccessible(page, 'log-in: second step after a reset');

    await codeField.fill(nextTotpCode(enrolled.secret));
    await Promise.all([page.waitForURL(`${suite.stack.site.url}/home`), page.getByRole('button', { name: 'Continue' }).click()]);
    expect(await cookie(page, SESSION)).toBeDefined();
    expect((await page.context().cookies(`${suite.stack.site.url}/login`)).find((c) => c.name === 'haven_sign_in_step')).toBeUndefined();
  });
});

describe('consent, password rule and sessions (issue 20)', () => {
  const CONSENT_BOX = /I have read and agree to the privacy notice and terms/;

  async function fillSignUp(page: Page, id: string, password: string) {
    await page.goto(`${suite.stack.site.url}/signup`);
    await page.getByLabel('Display name').fill(`Wren ${id}`);
    await page.getByLabel('Username').fill(`wren_${id}`);
    await page.getByLabel('Email address').fill(`wren_${id}@test.haven.example`);
    await page.getByLabel('Password').fill(password);
  }

  it('sign-up shows the consent checkbox with its links, refuses without it (nothing created) and accepts with it', async () => {
    const page = await newPage();
    const id = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
    await fillSignUp(page, id, 'Quiet-Harbour-2026');
    const box = page.getByRole('checkbox', { name: CONSENT_BOX });
    expect(await box.isChecked()).toBe(false);
    expect(await box.getAttribute('required')).not.toBeNull();
    const label = page.locator('label', { has: box });
    expect(await label.getByRole('link', { name: 'privacy notice' }).getAttribute('href')).toBe('/privacy');
    expect(await label.getByRole('link', { name: 'terms' }).getAttribute('href')).toBe('/terms');
    // Past the browser's own "required": the server refuses too.
    await page.evaluate(() => {
      document.querySelector<HTMLFormElement>('form.card')!.noValidate = true;
    });
    await submit(page, page.getByRole('button', { name: 'Create account' }));
    expect(await page.locator('#f-acceptTerms-error').textContent()).toContain('Please agree to the privacy notice and terms to create an account');
    expect(await page.getByRole('checkbox', { name: CONSENT_BOX }).getAttribute('aria-invalid')).toBe('true');
    expect(await usersWithEmail(`wren_${id}@test.haven.example`)).toBe(0);
    await expectAccessible(page, 'sign-up: consent refused');

    await page.getByLabel('Password').fill('Quiet-Harbour-2026');
    await page.getByRole('checkbox', { name: CONSENT_BOX }).check();
    await Promise.all([page.waitForURL(/\/signup\?sent=1$/), page.getByRole('button', { name: 'Create account' }).click()]);
    expect(await usersWithEmail(`wren_${id}@test.haven.example`)).toBe(1);
  });

  it('a weak password is refused with its sentence next to the field', async () => {
    const page = await newPage();
    const id = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
    await fillSignUp(page, id, 'qwertyuiop12');
    expect(await page.locator('#f-password-hint').textContent()).toContain('At least 12 characters');
    await page.getByRole('checkbox', { name: CONSENT_BOX }).check();
    await submit(page, page.getByRole('button', { name: 'Create account' }));
    expect(await page.locator('#f-password-error').textContent()).toContain('This password is on a list of common passwords');
    expect(await usersWithEmail(`wren_${id}@test.haven.example`)).toBe(0);
  });

  it('the privacy notice and terms are linked from the footer, show the version and are axe clean', async () => {
    const page = await newPage();
    await page.goto(suite.stack.site.url);
    await Promise.all([page.waitForURL(`${suite.stack.site.url}/privacy`), page.getByRole('contentinfo').getByRole('link', { name: 'Privacy notice' }).click()]);
    expect((await page.getByRole('heading', { level: 1 }).textContent())?.trim()).toBe('Privacy notice');
    const version = suite.stack.haven.strapi.config.get('plugin::identity.consentVersion');
    expect(await page.getByTestId('consent-version').textContent()).toBe(version);
    expect(await page.locator('main').textContent()).toContain('14 days');
    await expectAccessible(page, '/privacy');
    await page.goto(`${suite.stack.site.url}/terms`);
    expect(await page.getByTestId('consent-version').textContent()).toBe(version);
    await expectAccessible(page, '/terms');
  });

  it('a new notice version asks a signed-in person again, then returns them where they were going', async () => {
    const strapi = suite.stack.haven.strapi;
    const before = strapi.config.get('plugin::identity.consentVersion');
    const user = await createUser(suite.stack.haven, 'client');
    strapi.config.set('plugin::identity.consentVersion', `${before}-b`);
    try {
      const page = await newPage();
      await logIn(page, user.email, user.password, `/login?next=${encodeURIComponent('/profile')}`);
      await page.waitForURL(/\/consent\?next=%2Fprofile$/);
      await expectAccessible(page, '/consent');
      // The texts themselves stay open.
      await page.goto(`${suite.stack.site.url}/privacy`);
      expect(page.url()).toBe(`${suite.stack.site.url}/privacy`);
      await page.goto(`${suite.stack.site.url}/consent?next=${encodeURIComponent('//evil.example/profile')}`);
      await Promise.all([page.waitForURL(`${suite.stack.site.url}/home`), page.getByRole('button', { name: 'I agree' }).click()]);
      await page.goto(`${suite.stack.site.url}/profile`);
      expect(page.url()).toBe(`${suite.stack.site.url}/profile`);
    } finally {
      strapi.config.set('plugin::identity.consentVersion', before);
    }
  });

  it('the profile lists where one is signed in; "Sign out everywhere" ends every session', async () => {
    const user = await createUser(suite.stack.haven, 'client');
    const page = await newPage();
    await logIn(page, user.email, user.password, `/login?next=${encodeURIComponent('/profile')}`);
    await page.waitForURL(`${suite.stack.site.url}/profile`);
    const section = page.locator('#sessions');
    // createUser's own log-in and this browser's.
    await expect.poll(() => section.locator('li').count()).toBe(2);
    const current = (await section.locator('li[data-current="true"]').textContent()) ?? '';
    expect(current).toContain('this device');
    // Named from this browser's User-Agent (which the site passes on at log-in), not the site server's.
    expect(current).toMatch(/ on Linux/);
    expect(current).not.toContain('Unknown browser');
    await expectAccessible(page, 'profile: where you are signed in');
    await Promise.all([page.waitForURL(`${suite.stack.site.url}/profile?saved=session-ended#sessions`), section.getByRole('button', { name: /^Sign out .*signed in/ }).click()]);
    expect(await section.locator('li').count()).toBe(1);
    await Promise.all([page.waitForURL(`${suite.stack.site.url}/login?signedout=everywhere`), section.getByRole('button', { name: 'Sign out everywhere' }).click()]);
    expect(await cookie(page, SESSION)).toBeUndefined();
    expect(await suite.stack.haven.strapi.sessionManager('users-permissions').listSessions(String(user.id))).toHaveLength(0);
    const refresh = await apiClient(suite.stack.haven.url).post('/api/auth/refresh', { refreshToken: user.refreshToken });
    expect(refresh.status).toBe(401);
  });
});
