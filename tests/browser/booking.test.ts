/**
 * Booking on the site, through the built site in a real Chromium against a real CMS with the demo
 * data: the demo client (Europe/London) books Dr. Rivera (America/Los_Angeles) with the keyboard alone
 * (the week calendar is one tab stop, arrow keys move between times and days), confirms the time,
 * length, price, payment and policy on one confirm step, cancels with a confirmation that states what
 * happens to money, moves a session with the same calendar, and every step passes axe and fits 360 px.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DateTime } from 'luxon';
import { DEMO_PASSWORD, expectAccessible, useBrowserSuite } from '../helpers/browser-suite';
import { apiClient } from '../helpers/haven';
import type { BookingView } from '@haven/shared/booking';
import type { PaymentView } from '@haven/shared/payments';

// The tests of this file continue each other's pages and bookings: pages stay open until the end.
const suite = useBrowserSuite({
  stack: { havenEnv: { BOOKING_REMINDER_POLL_MS: '3600000', BOOKING_CALENDAR_POLL_MS: '3600000' } },
  closeAfterEach: false,
  pageTimeout: 30_000,
});
const logIn = (email: string) => suite.loggedIn(email, '/sessions');
const api = () => apiClient(suite.stack.haven.url);

// One log-in per person for the whole file (Strapi allows ten a minute per account and address).
const jwts = new Map<string, string>();
async function jwtOf(email: string): Promise<string> {
  if (!jwts.has(email)) jwts.set(email, (await api().post('/api/auth/local', { identifier: email, password: DEMO_PASSWORD })).body.jwt);
  return jwts.get(email)!;
}
const pages = new Map<string, Page>();
async function pageOf(email: string): Promise<Page> {
  if (!pages.has(email)) pages.set(email, await logIn(email));
  return pages.get(email)!;
}

/** Presses Tab until the focused element matches, at most `limit` times. */
async function tabTo(page: Page, matches: (el: { tag: string; type: string | null; name: string | null; text: string }) => boolean, limit = 120) {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    if (matches(await focused(page))) return;
  }
  throw new Error('the element was never reached with Tab');
}
const focused = (page: Page) =>
  page.evaluate(() => {
    const a = document.activeElement as HTMLInputElement | null;
    return { tag: a?.tagName.toLowerCase() ?? '', type: a?.getAttribute('type') ?? null, name: a?.getAttribute('name') ?? null, text: (a?.textContent ?? '').trim() };
  });
/** The focused time as [day column, row], and whether it is the chosen one. */
const focusedSlot = (page: Page) =>
  page.evaluate(() => {
    const a = document.activeElement as HTMLInputElement;
    return { at: [Number(a.dataset.col), Number(a.dataset.row)], checked: a.checked, value: a.value };
  });

// BOOKING_SCREENSHOTS=<folder>: each checked step is also saved at desktop and phone size, to look at.
const SHOTS = process.env.BOOKING_SCREENSHOTS;
const shot = (page: Page, label: string, size: string) =>
  SHOTS ? page.screenshot({ path: path.join(SHOTS, `${label.replace(/[^a-z0-9]+/gi, '-')}-${size}.png`), fullPage: true }) : null;

/** The page at 360 px wide has no horizontal scroll (then back to the size it had). */
async function expectFitsPhone(page: Page, label: string) {
  const before = page.viewportSize();
  if (before) await shot(page, label, 'desktop');
  await page.setViewportSize({ width: 360, height: 780 });
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  await shot(page, label, 'phone');
  expect(width, `${label} at 360 px`).toBeLessThanOrEqual(360);
  if (before) await page.setViewportSize(before);
}
const hydrated = (page: Page) => page.waitForFunction(() => !document.querySelector('astro-island[ssr]'));

describe('booking on the site', () => {
  let riveraId: string;

  it('the directory filters and shows each therapist\'s next free time', async () => {
    const page = await pageOf('alex@haven.example');
    await page.goto(`${suite.stack.site.url}/therapists`);
    await expect(page.getByText('Next free time').first().isVisible()).resolves.toBe(true);
    await page.getByLabel('Language').fill('Spanish');
    await page.getByRole('button', { name: 'Show therapists' }).click();
    await page.waitForURL(/language=Spanish/);
    const names = await page.locator('.therapist-card h2').allTextContents();
    expect(names).toEqual(['Dr. Maria Rivera']);
    await expectAccessible(page, 'directory with filters');
    riveraId = (await page.locator('.therapist-card h2 a').first().getAttribute('href'))!.split('/').pop()!;
  });

  it('a visitor sees times in their browser\'s zone, the therapist\'s own times and night hours flagged, and is asked to log in to book', async () => {
    const page = await suite.newPage({ timezoneId: 'Asia/Tokyo' });
    await page.goto(`${suite.stack.site.url}/therapists/${riveraId}`);
    await page.getByText('Times are in your time zone, Asia/Tokyo.', { exact: false }).waitFor();
    const slots = await page.locator('input[name="start"]').evaluateAll((inputs) =>
      inputs.map((i) => ({ value: (i as HTMLInputElement).value, label: (i.closest('label')!.textContent ?? '').trim() })),
    );
    expect(slots.length).toBeGreaterThan(0);
    let nights = 0;
    for (const slot of slots) {
      const tokyo = DateTime.fromISO(slot.value, { zone: 'Asia/Tokyo' });
      const la = DateTime.fromISO(slot.value, { zone: 'America/Los_Angeles' });
      const night = tokyo.hour >= 22 || tokyo.hour < 7;
      nights += night ? 1 : 0;
      // "17:00their 09:00" or "23:00their 15:00night": the visitor's time, then Dr. Rivera's, then the flag.
      expect(slot.label).toBe(`${tokyo.toFormat('HH:mm')}their ${la.toFormat('HH:mm')}${night ? 'night' : ''}`);
    }
    // Dr. Rivera's 09:00 to 17:00 in Los Angeles is 01:00/02:00 to 09:00/10:00 in Tokyo: nights to flag.
    expect(nights).toBeGreaterThan(0);
    await expect(page.getByText(/Times marked night are between 22:00 and 07:00 where you are/).isVisible()).resolves.toBe(true);
    await expect(page.getByText(/The therapist’s own time \(America\/Los Angeles\) follows each time/).isVisible()).resolves.toBe(true);
    await expect(page.getByRole('link', { name: 'Log in to book' }).isVisible()).resolves.toBe(true);
    await expectAccessible(page, 'therapist page, visitor');
    await expectFitsPhone(page, 'therapist page, visitor');
  });

  it('the demo client books with the keyboard alone: one tab stop for the week, arrow keys between times and days, then one confirm step', async () => {
    const page = await pageOf('alex@haven.example');
    await page.goto(`${suite.stack.site.url}/therapists/${riveraId}`);
    await hydrated(page);
    await expectAccessible(page, 'therapist page with calendar');
    // The zone is said once, and the next free time is in it (no "(UTC)" beside it).
    await expect(page.getByText('Times are in your time zone, Europe/London.', { exact: false }).count()).resolves.toBe(1);
    await expect(page.getByText(/Next free time:/).isVisible()).resolves.toBe(true);
    expect(await page.locator('body').textContent()).not.toContain('(UTC)');

    // Next week, by keyboard: the live region announces the new week.
    await tabTo(page, (el) => el.tag === 'a' && el.text.startsWith('Next week'));
    await page.keyboard.press('Enter');
    await page.getByText(/free times? in the week of/).waitFor();

    // The week's times as columns of [day][row], read from the page.
    const columns = await page.locator('.week-grid fieldset').evaluateAll((sets) =>
      sets.map((set) => Array.from(set.querySelectorAll('input[name="start"]')).map((i) => (i as HTMLInputElement).value)),
    );
    const withTimes = columns.map((c, i) => (c.length ? i : -1)).filter((i) => i >= 0);
    expect(withTimes.length).toBeGreaterThan(1);
    expect(await page.locator('input[name="start"][tabindex="0"]').count()).toBe(1);

    // Into the week: one tab stop, on its first time.
    await tabTo(page, (el) => el.tag === 'input' && el.type === 'radio' && el.name === 'start');
    const [first, second] = withTimes;
    expect((await focusedSlot(page)).at).toEqual([first, 0]);
    await page.keyboard.press('ArrowDown');
    expect(await focusedSlot(page)).toMatchObject({ at: [first, 1], checked: true, value: columns[first][1] });
    await page.keyboard.press('ArrowRight');
    const row = Math.min(1, columns[second].length - 1);
    expect(await focusedSlot(page)).toMatchObject({ at: [second, row], checked: true, value: columns[second][row] });
    await page.keyboard.press('End');
    expect((await focusedSlot(page)).at).toEqual([second, columns[second].length - 1]);
    await page.keyboard.press('Home');
    expect((await focusedSlot(page)).at).toEqual([second, 0]);
    await page.keyboard.press('ArrowLeft');
    expect(await focusedSlot(page)).toMatchObject({ at: [first, 0], checked: true });
    const chosen = (await focusedSlot(page)).value;
    expect(await page.locator('input[name="start"][tabindex="0"]').getAttribute('value')).toBe(chosen);
    // Tab leaves the week at once (no other time is a tab stop); Shift+Tab comes back to the chosen time.
    await page.keyboard.press('Tab');
    expect((await focused(page)).name).not.toBe('start');
    await page.keyboard.press('Shift+Tab');
    expect(await focusedSlot(page)).toMatchObject({ value: chosen, checked: true });
    const accessibleName = await page.evaluate(() => {
      const input = document.querySelector('input[name="start"]:checked') as HTMLInputElement;
      return `${input.closest('fieldset')!.querySelector('legend')!.textContent} ${input.closest('label')!.textContent}`;
    });
    expect(accessibleName).toMatch(/^\w+day \d+ \w+ \d{2}:\d{2}their \d{2}:\d{2}(night)?$/);
    await tabTo(page, (el) => el.tag === 'button' && el.text === 'Book this time');
    await page.keyboard.press('Enter');

    // The confirm step: nothing is booked yet.
    await page.waitForURL(/\/sessions\/confirm\?/);
    await page.getByRole('heading', { name: 'Confirm your booking' }).waitFor();
    const summary = page.locator('.booking-summary');
    const listing = (await api().get(`/api/therapists/${riveraId}`)).body.data;
    const london = DateTime.fromISO(chosen, { zone: 'Europe/London' });
    const la = DateTime.fromISO(chosen, { zone: 'America/Los_Angeles' });
    await expect(summary.textContent()).resolves.toContain(`${london.toFormat('cccc d LLLL yyyy')}, ${london.toFormat('HH:mm')} to ${london.plus({ minutes: listing.sessionLengthMinutes }).toFormat('HH:mm')}`);
    await expect(summary.textContent()).resolves.toContain(`${la.toFormat('cccc d LLLL yyyy')}, ${la.toFormat('HH:mm')}`);
    await expect(summary.textContent()).resolves.toContain('America/Los Angeles');
    const price = new Intl.NumberFormat('en', { style: 'currency', currency: listing.currency }).format(listing.rateMinor / 100);
    await expect(summary.textContent()).resolves.toContain(`${price} per session`);
    await expect(summary.textContent()).resolves.toContain(`${listing.sessionLengthMinutes} minutes`);
    await expect(summary.textContent()).resolves.toMatch(/Free cancellation and rescheduling up to \d+ hours before the session/);
    // How payment works: the payments plugin's sentence for this therapist, or a neutral one while it has none.
    const how = await api().get(`/api/payments/how-to-pay/${riveraId}`, await jwtOf('alex@haven.example'));
    await expect(summary.textContent()).resolves.toContain(how.status === 200 ? how.body.data.sentence : 'How to pay is shown on the session page once you have booked.');
    expect((await api().get('/api/booking/bookings?scope=upcoming', await jwtOf('alex@haven.example'))).body.data.some((b: BookingView) => b.startsAt === new Date(chosen).toISOString())).toBe(false);
    await expectAccessible(page, 'booking confirm step');
    await expectFitsPhone(page, 'booking confirm step');

    await page.getByRole('button', { name: 'Confirm and book' }).click();
    await page.waitForURL(/\/sessions\/[A-Za-z0-9]+\?booked=1/);
    await expect(page.getByText('Booked. We have emailed you a calendar invitation.').isVisible()).resolves.toBe(true);
    await expectAccessible(page, 'confirmation page');
    await expectFitsPhone(page, 'confirmation page');
    const id = new URL(page.url()).pathname.split('/').pop()!;
    const booking = (await api().get(`/api/booking/bookings/${id}`, await jwtOf('alex@haven.example'))).body.data;
    expect(booking).toMatchObject({ startsAt: new Date(chosen).toISOString(), status: 'confirmed', paidAt: null, with: { displayName: 'Dr. Maria Rivera' } });
  });

  it('cancelling asks first and states the real money outcome: nothing paid, nothing refunded; afterwards one status message', async () => {
    const page = await pageOf('alex@haven.example');
    const bookedUrl = page.url();
    // Nothing was paid (manual payment, not yet marked): no "full refund" of money never taken.
    await expect(page.getByText('If you cancel now: Nothing has been paid, so nothing is refunded.').isVisible()).resolves.toBe(true);
    expect(await page.getByText(/full refund \(/).count()).toBe(0);
    await page.getByRole('link', { name: 'Cancel this session…' }).click();
    await page.getByRole('heading', { name: 'Cancel this session?' }).waitFor();
    await expect(page.locator('section[aria-labelledby="cancel-heading"]').textContent()).resolves.toContain('Nothing has been paid, so nothing is refunded.');
    await expectAccessible(page, 'cancel confirmation');
    await expectFitsPhone(page, 'cancel confirmation');
    // "Keep the session" changes nothing.
    await page.getByRole('link', { name: 'Keep the session' }).click();
    await page.getByRole('link', { name: 'Cancel this session…' }).waitFor();
    await page.getByRole('link', { name: 'Cancel this session…' }).click();
    await page.getByLabel(/Reason/).fill('Something came up');
    await page.getByRole('button', { name: 'Yes, cancel the session' }).click();
    await page.waitForURL(/\?done=cancelled/);
    await expect(page.locator('.notice').allTextContents()).resolves.toEqual(['The session is cancelled.']);
    expect(await page.getByText('Booked.', { exact: false }).count()).toBe(0);
    await expect(page.getByText(/by you \(Something came up\); nothing had been paid, so nothing was refunded/).isVisible()).resolves.toBe(true);
    await expectAccessible(page, 'cancelled session');
    // The address with ?booked=1 no longer says "Booked" for a cancelled session.
    await page.goto(bookedUrl);
    expect(await page.getByText('Booked.', { exact: false }).count()).toBe(0);
  });

  it('a time someone else books meanwhile gets a kind message on the therapist page, carried in a cookie, not the address', async () => {
    const page = await pageOf('alex@haven.example');
    await page.goto(`${suite.stack.site.url}/therapists/${riveraId}`);
    await hydrated(page);
    await page.getByRole('link', { name: 'Next week →' }).click();
    await page.getByText(/free times? in the week of/).waitFor();
    const radio = page.locator('input[name="start"]').nth(3);
    const start = await radio.getAttribute('value');
    await radio.check();
    await page.getByRole('button', { name: 'Book this time' }).click();
    await page.getByRole('button', { name: 'Confirm and book' }).waitFor();
    expect((await api().post('/api/booking/bookings', { therapist: riveraId, start }, await jwtOf('sam@haven.example'))).status).toBe(201);
    await page.getByRole('button', { name: 'Confirm and book' }).click();
    await page.getByRole('alert').filter({ hasText: 'Someone else has just booked that time' }).waitFor();
    expect(new URL(page.url()).search).toBe('');
    await expectAccessible(page, 'therapist page with a booking error');
    // The message is shown once.
    await page.reload();
    expect(await page.getByText('Someone else has just booked that time').count()).toBe(0);
    // The confirm step of a time no longer free says so at once, and offers no "Confirm".
    await page.goto(`${suite.stack.site.url}/sessions/confirm?therapist=${riveraId}&start=${encodeURIComponent(start!)}`);
    await page.getByRole('alert').filter({ hasText: 'That time is no longer free' }).waitFor();
    expect(await page.getByRole('button', { name: 'Confirm and book' }).count()).toBe(0);
    const bad = await page.goto(`${suite.stack.site.url}/sessions/confirm?therapist=${riveraId}&start=soon`);
    expect(bad!.status()).toBe(400);
  });

  it('moving a session uses the week calendar, then a confirm step that says nothing is charged or refunded', async () => {
    const alex = await jwtOf('alex@haven.example');
    const from = DateTime.now().plus({ weeks: 2 }).startOf('week');
    const free = (await api().get(`/api/booking/therapists/${riveraId}/slots?from=${from.toISODate()}&to=${from.plus({ days: 6 }).toISODate()}&tz=Europe/London`)).body.data.slots;
    const created = await api().post('/api/booking/bookings', { therapist: riveraId, start: free[0].start }, alex);
    expect(created.status).toBe(201);
    const id = created.body.data[0].id;

    const page = await pageOf('alex@haven.example');
    await page.goto(`${suite.stack.site.url}/sessions/${id}`);
    await page.getByRole('link', { name: 'Move to another time' }).click();
    await page.waitForURL(new RegExp(`/sessions/${id}/move$`));
    await hydrated(page);
    await expect(page.locator('select').count()).resolves.toBe(0);
    await expectAccessible(page, 'move calendar');
    await expectFitsPhone(page, 'move calendar');
    const target = page.locator('input[name="start"]').nth(2);
    const chosen = (await target.getAttribute('value'))!;
    await target.check();
    await page.getByRole('button', { name: 'Move to this time' }).click();
    await page.getByRole('heading', { name: 'Confirm the move' }).waitFor();
    const london = DateTime.fromISO(chosen, { zone: 'Europe/London' });
    await expect(page.locator('.booking-summary').textContent()).resolves.toContain(`${london.toFormat('cccc d LLLL yyyy')}, ${london.toFormat('HH:mm')}`);
    await expect(page.getByText('Moving changes nothing about the price or payment: nothing is charged and nothing is refunded.').isVisible()).resolves.toBe(true);
    await expectAccessible(page, 'move confirm step');
    await expectFitsPhone(page, 'move confirm step');
    await page.getByRole('button', { name: 'Confirm the move' }).click();
    await page.waitForURL(new RegExp(`/sessions/${id}\\?done=moved`));
    await expect(page.locator('.notice').allTextContents()).resolves.toEqual(['The session has moved. Both of you have an updated invitation by email.']);
    expect((await api().get(`/api/booking/bookings/${id}`, alex)).body.data.startsAt).toBe(new Date(chosen).toISOString());

    // Once Dr. Rivera marks it paid, cancelling would refund what was paid, by the policy.
    const rivera = await jwtOf('dr.rivera@haven.example');
    const payment = (await api().get('/api/payments?pageSize=100', rivera)).body.data.find((p: PaymentView) => p.bookingId === id);
    expect((await api().post(`/api/payments/${payment.id}/mark`, { outcome: 'paid' }, rivera)).status).toBe(200);
    await page.goto(`${suite.stack.site.url}/sessions/${id}`);
    const listing = (await api().get(`/api/therapists/${riveraId}`)).body.data;
    const price = new Intl.NumberFormat('en', { style: 'currency', currency: listing.currency }).format(listing.rateMinor / 100);
    // What the policy gives back depends on how far away the moved session is at the hour the test runs: ask the API.
    const refund = (await api().get(`/api/booking/bookings/${id}`, alex)).body.data.refundIfCancelledNow as BookingView['refundIfCancelledNow'];
    const refunded = refund && new Intl.NumberFormat('en', { style: 'currency', currency: refund.currency }).format(refund.amountMinor / 100);
    const expected =
      refund?.kind === 'full'
        ? `If you cancel now: ${price} was paid: you get a full refund of ${price}.`
        : refund?.kind === 'none'
          ? `If you cancel now: ${price} was paid; under the cancellation policy nothing of it is refunded.`
          : `If you cancel now: ${price} was paid; under the cancellation policy you get ${refund?.percent}% back: ${refunded}.`;
    await expect(page.getByText(expected).isVisible()).resolves.toBe(true);
  });

  it('the therapist page opens on the first week with a free time when the current week has none', async () => {
    const rivera = await jwtOf('dr.rivera@haven.example');
    const before = (await api().get('/api/booking/availability', rivera)).body.data.minNoticeDays;
    // Eight days' notice: nothing is free in the current week, whatever day it is.
    expect((await api().put('/api/booking/availability', { minNoticeDays: 8 }, rivera)).status).toBe(200);
    try {
      const next = (await api().get(`/api/therapists/${riveraId}`)).body.data.nextFreeSlot;
      const monday = DateTime.fromISO(next, { zone: 'Europe/London' }).startOf('week');
      expect(monday > DateTime.now().setZone('Europe/London').startOf('week')).toBe(true);
      const page = await pageOf('alex@haven.example');
      await page.goto(`${suite.stack.site.url}/therapists/${riveraId}`);
      await expect(page.locator('#week-label').textContent()).resolves.toBe(`Week of ${monday.toFormat('d LLLL')} to ${monday.plus({ days: 6 }).toFormat('d LLLL yyyy')}`);
      expect(await page.locator('input[name="start"]').count()).toBeGreaterThan(0);
      expect(Date.parse((await page.locator('input[name="start"]').first().getAttribute('value'))!)).toBe(Date.parse(next));
      const nextLocal = DateTime.fromISO(next, { zone: 'Europe/London' });
      await expect(page.getByText(`Next free time: ${nextLocal.toFormat('cccc d LLLL')} at ${nextLocal.toFormat('HH:mm')}`).isVisible()).resolves.toBe(true);
      // A week asked for in the address is still the one shown.
      const thisWeek = DateTime.now().setZone('Europe/London').startOf('week');
      await page.goto(`${suite.stack.site.url}/therapists/${riveraId}?week=${thisWeek.toISODate()}`);
      await expect(page.locator('#week-label').textContent()).resolves.toContain(`Week of ${thisWeek.toFormat('d LLLL')}`);
      expect(await page.locator('input[name="start"]').count()).toBe(0);
    } finally {
      await api().put('/api/booking/availability', { minNoticeDays: before }, rivera);
    }
  });

  it('my sessions: upcoming soonest first; past newest first with future cancelled ones apart; therapists have their schedule, week view link and calendar settings', async () => {
    const alex = await pageOf('alex@haven.example');
    await alex.goto(`${suite.stack.site.url}/sessions`);
    await expect(alex.getByRole('heading', { name: 'My sessions' }).isVisible()).resolves.toBe(true);
    await expect(alex.getByText(/Therapist: Dr\. Maria Rivera · Confirmed/).first().isVisible()).resolves.toBe(true);
    const upcoming = await alex.locator('.session-list h3 a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    const mine = (await api().get('/api/booking/bookings?scope=upcoming', await jwtOf('alex@haven.example'))).body.data;
    const starts = mine.map((b: BookingView) => Date.parse(b.startsAt));
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    expect(upcoming).toEqual(mine.map((b: BookingView) => `/sessions/${b.id}`));
    await expectAccessible(alex, 'my sessions');
    await expectFitsPhone(alex, 'my sessions');

    await alex.goto(`${suite.stack.site.url}/sessions?scope=past`);
    // The session cancelled above was still to come: listed apart, above what happened, which reads newest first.
    const headings = await alex.locator('main h2').allTextContents();
    expect(headings.indexOf('Cancelled sessions that were still to come')).toBeGreaterThanOrEqual(0);
    expect(headings.indexOf('Cancelled sessions that were still to come')).toBeLessThan(headings.indexOf('Past sessions'));
    await expect(alex.getByText(/Therapist: Dr\. Maria Rivera · Cancelled/).first().isVisible()).resolves.toBe(true);
    await expect(alex.getByText(/Therapist: Dr\. Wei Chen · Completed/).isVisible()).resolves.toBe(true);
    const past = (await api().get('/api/booking/bookings?scope=past', await jwtOf('alex@haven.example'))).body.data.map((b: BookingView) => Date.parse(b.startsAt));
    expect(past).toEqual([...past].sort((a, b) => b - a));
    expect(past.every((t: number) => t < Date.now())).toBe(true);
    await expectAccessible(alex, 'past and cancelled');
    await expectFitsPhone(alex, 'past and cancelled');
    // Clients have a week view of their own sessions too.
    await expect(alex.getByRole('link', { name: 'Week view' }).getAttribute('href')).resolves.toBe('/sessions/week');

    const rivera = await pageOf('dr.rivera@haven.example');
    await expect(rivera.getByRole('heading', { name: 'Schedule' }).isVisible()).resolves.toBe(true);
    await expect(rivera.getByText(/Client: Alex · Confirmed/).first().isVisible()).resolves.toBe(true);
    await expect(rivera.getByRole('link', { name: 'Week view' }).getAttribute('href')).resolves.toBe('/sessions/week');
    // The availability editor has its own browser test (practice.test.ts).
    await rivera.goto(`${suite.stack.site.url}/practice/calendars`);
    await expectAccessible(rivera, 'external calendars');
    await rivera.getByLabel('Secret ICS address').fill('https://calendar.invalid/secret.ics');
    await rivera.getByRole('button', { name: 'Add calendar' }).click();
    await rivera.getByText(/reading it failed/).waitFor();
  });
});
