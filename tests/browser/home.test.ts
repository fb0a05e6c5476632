/**
 * The home pages, in a real Chromium against a real CMS with the demo data: logging in without ?next=
 * lands on /home; the client's home shows the next session in their zone, unread messages (one more
 * after their therapist writes), today's check-in (a call to check in, then done); the therapist's home
 * shows today's sessions in their zone, what clients owe them, and a client who answered PHQ-9
 * question 9 above 0 only once that client shares with them. Each page passes axe and fits 360 px.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DateTime } from 'luxon';
import { DEMO_PASSWORD, expectAccessible, text, useBrowserSuite } from '../helpers/browser-suite';
import { apiClient, createUser } from '../helpers/haven';
import { enrolTwoFactor } from '../helpers/two-factor';

// The tests continue each other's pages and data: pages stay open until the end of the file.
const suite = useBrowserSuite({
  stack: { havenEnv: { BOOKING_REMINDER_POLL_MS: '3600000', BOOKING_CALENDAR_POLL_MS: '3600000' } },
  closeAfterEach: false,
  pageTimeout: 20_000,
});
const api = () => apiClient(suite.stack.haven.url);
const home = () => `${suite.stack.site.url}/home`;

// One API log-in per person for the whole file (Strapi allows ten a minute per account and address).
const jwts = new Map<string, string>();
async function jwtOf(email: string): Promise<string> {
  if (!jwts.has(email)) jwts.set(email, (await api().post('/api/auth/local', { identifier: email, password: DEMO_PASSWORD })).body.jwt);
  return jwts.get(email)!;
}
const me = async (email: string) => (await api().get('/api/profiles/me', await jwtOf(email))).body.data as { displayName: string; timeZone: string };

// HOME_SCREENSHOTS=<folder>: each home page checked at 360 px is also saved at desktop and phone size, to look at.
const shot = (page: Page, label: string, size: string) =>
  process.env.HOME_SCREENSHOTS ? page.screenshot({ path: `${process.env.HOME_SCREENSHOTS}/${label.replace(/[^a-z0-9]+/gi, '-')}-${size}.png`, fullPage: true }) : null;

/** No horizontal scroll at 360 px (then back to the size it had). */
async function expectFitsPhone(page: Page, label: string) {
  const before = page.viewportSize();
  await shot(page, label, 'desktop');
  await page.setViewportSize({ width: 360, height: 780 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth), `${label} at 360 px`).toBeLessThanOrEqual(360);
  await shot(page, label, 'phone');
  if (before) await page.setViewportSize(before);
}

const card = (page: Page, heading: string) => page.locator('section', { has: page.getByRole('heading', { name: heading, exact: true }) });

/**
 * A zone whose clock reads between 06:00 and 14:59 now, so that a session one to two hours from now
 * falls on the same local day ("today's sessions" whenever the test runs).
 */
function daytimeZone(): string {
  const zones = ['Pacific/Honolulu', 'America/Anchorage', 'America/Los_Angeles', 'America/Denver', 'America/Chicago', 'America/New_York', 'America/Halifax', 'America/Sao_Paulo', 'Atlantic/South_Georgia', 'Atlantic/Cape_Verde', 'Africa/Abidjan', 'Africa/Lagos', 'Africa/Johannesburg', 'Europe/Moscow', 'Asia/Dubai', 'Asia/Karachi', 'Asia/Dhaka', 'Asia/Bangkok', 'Asia/Shanghai', 'Asia/Tokyo', 'Australia/Brisbane', 'Pacific/Noumea', 'Pacific/Tarawa'];
  const zone = zones.find((z) => DateTime.now().setZone(z).hour >= 6 && DateTime.now().setZone(z).hour < 15);
  if (!zone) throw new Error('no daytime zone in the list');
  return zone;
}

describe('home pages', () => {
  let alexPage: Page;

  it('a visitor is sent to log in; logging in without ?next= lands on /home', async () => {
    const visitor = await suite.newPage();
    const response = await visitor.request.get(home(), { maxRedirects: 0 });
    expect(response.status()).toBe(302);
    expect(response.headers().location).toBe('/login?next=%2Fhome');

    alexPage = await suite.newPage();
    await suite.logIn(alexPage, 'alex@haven.example');
    expect(alexPage.url()).toBe(home());
    expect(await text(alexPage.getByRole('heading', { level: 1 }))).toMatch(/, Alex$/);
    // The public landing stays the landing, with a way home for someone logged in.
    await alexPage.goto(suite.stack.site.url);
    await alexPage.getByRole('link', { name: 'Go to your home page' }).click();
    await alexPage.waitForURL(home());
  });

  it("the client's home shows the next session in their zone, today's check-in and unread messages", async () => {
    const alex = await me('alex@haven.example');
    const jwt = await jwtOf('alex@haven.example');
    const next = (await api().get('/api/booking/bookings?scope=upcoming&pageSize=1', jwt)).body.data[0];
    const when = DateTime.fromISO(next.startsAt).setZone(alex.timeZone);
    const session = card(alexPage, 'Your next session');
    expect(await text(session)).toContain(`${when.setLocale('en-GB').toFormat('cccc d LLLL')}, ${when.toFormat('HH:mm')}`);
    expect(await text(session)).toContain(`With ${next.with.displayName}`);
    expect(await session.getByRole('link', { name: 'See the session' }).getAttribute('href')).toBe(`/sessions/${next.id}`);
    expect(await text(alexPage.locator('main'))).toContain(`Times are in your time zone, ${alex.timeZone.replaceAll('_', ' ')}`);

    // The demo's check-ins reach today; the card follows what the API says.
    const today = DateTime.now().setZone(alex.timeZone).toISODate();
    const checkedIn = (await api().get(`/api/wellness/entries/${today}`, jwt)).status === 200;
    expect(await text(card(alexPage, "Today's check-in"))).toContain(checkedIn ? 'You checked in today.' : 'You have not checked in today yet.');

    // Unread messages: as many as the API counts, and one more after Dr. Rivera writes.
    const unreadNow = async () => ((await api().get('/api/chat/conversations', jwt)).body.data as { unread: number }[]).reduce((n, c) => n + c.unread, 0);
    const before = await unreadNow();
    const rivera = await jwtOf('dr.rivera@haven.example');
    const conversation = ((await api().get('/api/chat/conversations', rivera)).body.data as { id: string; with: { displayName: string }; writable: boolean }[]).find(
      (c) => c.with.displayName === alex.displayName && c.writable,
    );
    expect(conversation, 'a conversation Dr. Rivera can write in').toBeTruthy();
    expect((await api().post(`/api/chat/conversations/${conversation!.id}/messages`, { body: 'See you on Tuesday, Alex.' }, rivera)).status).toBe(201);
    expect(await unreadNow()).toBe(before + 1);
    await alexPage.reload();
    const messages = card(alexPage, 'Messages');
    expect(await text(messages)).toContain(`${before + 1} unread message${before + 1 === 1 ? '' : 's'}`);
    expect(await text(card(alexPage, 'What to do next'))).toContain('Read your');
    expect(await alexPage.getByRole('complementary', { name: 'Help now' }).getByRole('link', { name: 'find crisis help near you' }).getAttribute('href')).toBe('/community/help');

    await expectAccessible(alexPage, 'client home');
    await expectFitsPhone(alexPage, 'client home');
  });

  it('a client who has not checked in today is asked to; after checking in the home says done', async () => {
    const sam = await me('sam@haven.example');
    const jwt = await jwtOf('sam@haven.example');
    const today = DateTime.now().setZone(sam.timeZone).toISODate();
    const removed = await api().del(`/api/wellness/entries/${today}`, jwt);
    expect([204, 404]).toContain(removed.status);

    const page = await suite.loggedIn('sam@haven.example', '/home');
    const checkIn = card(page, "Today's check-in");
    expect(await text(checkIn)).toContain('You have not checked in today yet.');
    expect(await checkIn.getByRole('link', { name: 'Check in now' }).getAttribute('href')).toBe('/wellness');
    expect(await card(page, 'What to do next').getByRole('link', { name: /Check in for today/ }).getAttribute('href')).toBe('/wellness');
    await expectFitsPhone(page, 'client home, not checked in');

    expect((await api().put(`/api/wellness/entries/${today}`, { mood: 4, activities: [] }, jwt)).status).toBe(201);
    await page.reload();
    expect(await text(card(page, "Today's check-in"))).toContain('You checked in today.');
    expect(await text(card(page, 'What to do next'))).not.toContain('Check in for today');
  });

  it("the therapist's home shows today's sessions in their zone, what is owed, and question 9 only from a client who shares", async () => {
    const rivera = await jwtOf('dr.rivera@haven.example');
    const sam = await jwtOf('sam@haven.example');
    const samName = (await me('sam@haven.example')).displayName;
    // Dr. Rivera works from a zone where it is daytime now, every day and hour (UTC hours), without notice.
    const zone = daytimeZone();
    expect((await api().put('/api/profiles/me', { timeZone: zone }, rivera)).status).toBe(200);
    const hours = { timeZone: 'UTC', weeklyHours: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '24:00' })), incrementMinutes: 60, minNoticeHours: 0, minNoticeDays: 0 };
    expect((await api().put('/api/booking/availability', hours, rivera)).status).toBe(200);
    const riveraName = (await me('dr.rivera@haven.example')).displayName;
    const therapistId = (await api().get('/api/therapists?q=Rivera')).body.data.find((t: { displayName: string }) => t.displayName === riveraName).id as string;
    const start = DateTime.utc().startOf('hour').plus({ hours: 2 });
    const booked = await api().post('/api/booking/bookings', { therapist: therapistId, start: start.toISO() }, sam);
    expect(booked.status, JSON.stringify(booked.body)).toBe(201);

    // Sam answers question 9 above 0 but does not share with Dr. Rivera yet.
    expect((await api().post('/api/wellness/assessments', { kind: 'phq9', answers: [1, 1, 1, 1, 1, 1, 1, 1, 1] }, sam)).status).toBe(201);

    const page = await suite.loggedIn('dr.rivera@haven.example', '/home');
    const today = card(page, "Today's sessions");
    const ends = DateTime.fromISO(booked.body.data[0].endsAt);
    expect(await text(today)).toContain(`${start.setZone(zone).toFormat('HH:mm')}–${ends.setZone(zone).toFormat('HH:mm')} · ${samName}`);
    expect(await text(page.locator('main'))).toContain(`Times are in your time zone, ${zone.replaceAll('_', ' ')}`);
    // The demo's Dr. Rivera has no two-step sign-in: the alerts card says kindly how to turn it on.
    const needsTwoStep = card(page, 'Check-in alerts');
    expect(await text(needsTwoStep)).toContain("Turn on two-step sign-in (Profile → Security) to read your clients' shared wellness data");
    expect(await needsTwoStep.getByRole('link', { name: 'Set up two-step sign-in' }).getAttribute('href')).toBe('/profile#two-step');
    await expectAccessible(page, 'therapist home without two-step sign-in');
    await enrolTwoFactor(suite.stack.haven, { jwt: rivera });
    await page.reload();
    const flags = card(page, 'Check-in alerts');
    expect(await text(flags)).toContain('No client who shares check-ins with you answered question 9 above 0');
    expect(await text(flags)).not.toContain(samName);

    // What is owed, as the payments API totals it.
    const totals = (await api().get('/api/payments?outstanding=true&pageSize=1', rivera)).body.meta.totals as { amountMinor: number; currency: string }[];
    const owed = await text(card(page, 'Outstanding payments'));
    if (totals.length === 0) expect(owed).toContain('Nobody owes you a direct payment.');
    for (const total of totals) expect(owed).toContain(new Intl.NumberFormat('en', { style: 'currency', currency: total.currency }).format(total.amountMinor / 100));

    // Once Sam shares, the flag shows: the name and the day, linked to Sam's shared page, nothing more.
    expect((await api().put(`/api/wellness/shares/${therapistId}`, { includeReflections: false }, sam)).status).toBe(200);
    const shareId = ((await api().get('/api/wellness/clients', rivera)).body.data as { id: string; displayName: string }[]).find((c) => c.displayName === samName)!.id;
    await page.reload();
    const flagged = card(page, 'Check-in alerts');
    expect(await flagged.getByRole('link', { name: samName }).getAttribute('href')).toBe(`/wellness/clients/${shareId}`);
    expect(await text(flagged)).not.toMatch(/score|\d+ of 27/i);
    const taken = ((await api().get('/api/wellness/flags', rivera)).body.data as { displayName: string; date: string }[]).find((f) => f.displayName === samName)!.date;
    expect(await text(flagged)).toContain(`${samName}, ${DateTime.fromISO(taken).setLocale('en-GB').toFormat('d LLLL yyyy')}`);

    await expectAccessible(page, 'therapist home');
    await expectFitsPhone(page, 'therapist home');
  });

  it('a therapist waiting for verification is told where their application stands', async () => {
    const applicant = await createUser(suite.stack.haven, 'therapist');
    const page = await suite.newPage();
    await suite.logIn(page, applicant.email, applicant.password);
    expect(page.url()).toBe(home());
    const notice = page.locator('section', { has: page.getByRole('heading', { name: 'Your application is being reviewed' }) });
    expect(await notice.getByRole('link', { name: 'See your application' }).getAttribute('href')).toBe('/practice/application');
    expect(await text(card(page, "Today's sessions"))).toContain('No sessions today.');
    await expectAccessible(page, 'applicant home');
    await expectFitsPhone(page, 'applicant home');
  });
});
