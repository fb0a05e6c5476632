/**
 * Booking on the site, through the built site in a real Chromium against a real CMS with the demo
 * data: the demo client books a time with the keyboard alone (the week calendar is one radio group),
 * sees the confirmation, reads the policy before cancelling, and every booking page passes axe.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD, expectAccessible, useBrowserSuite } from '../helpers/browser-suite';
import { apiClient } from '../helpers/haven';

// The tests of this file continue each other's pages and bookings: pages stay open until the end.
const suite = useBrowserSuite({
  stack: { havenEnv: { BOOKING_REMINDER_POLL_MS: '3600000', BOOKING_CALENDAR_POLL_MS: '3600000' } },
  closeAfterEach: false,
  pageTimeout: 30_000,
});
const logIn = (email: string) => suite.loggedIn(email, '/sessions');

/** Presses Tab until the focused element matches, at most `limit` times. */
async function tabTo(page: Page, matches: (el: { tag: string; type: string | null; name: string | null; text: string }) => boolean, limit = 120) {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const el = await page.evaluate(() => {
      const a = document.activeElement as HTMLInputElement | null;
      return { tag: a?.tagName.toLowerCase() ?? '', type: a?.getAttribute('type') ?? null, name: a?.getAttribute('name') ?? null, text: (a?.textContent ?? '').trim() };
    });
    if (matches(el)) return;
  }
  throw new Error('the element was never reached with Tab');
}

describe('booking on the site', () => {
  let riveraId: string;

  it('the directory filters and shows each therapist\'s next free time', async () => {
    const page = await logIn('alex@haven.example');
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

  it('a visitor who is not logged in sees times in their browser\'s zone and is asked to log in to book', async () => {
    const page = await suite.newPage({ timezoneId: 'Asia/Tokyo' });
    await page.goto(`${suite.stack.site.url}/therapists/${riveraId}`);
    await page.getByText('Times are in your time zone, Asia/Tokyo.').waitFor();
    const first = await page.locator('input[name="start"]').first();
    if (await first.count()) {
      const [value, label] = [await first.getAttribute('value'), await first.locator('xpath=..').textContent()];
      const tokyo = new Date(new Date(value!).getTime() + 9 * 3_600_000).toISOString().slice(11, 16);
      expect(label!.trim()).toBe(tokyo);
    }
    await expect(page.getByRole('link', { name: 'Log in to book' }).isVisible()).resolves.toBe(true);
    await expectAccessible(page, 'therapist page, visitor');
  });

  it('the demo client books a slot with the keyboard alone', async () => {
    const page = await logIn('alex@haven.example');
    await page.goto(`${suite.stack.site.url}/therapists/${riveraId}`);
    // The calendar island is hydrated (its week links then load through fetch, not a page load).
    await page.waitForFunction(() => !document.querySelector('astro-island[ssr]'));
    await expectAccessible(page, 'therapist page with calendar');
    await expect(page.getByText('Times are in your time zone, Europe/London.').isVisible()).resolves.toBe(true);

    // Next week, by keyboard: the live region announces the new week.
    await tabTo(page, (el) => el.tag === 'a' && el.text.startsWith('Next week'));
    await page.keyboard.press('Enter');
    await page.getByText(/free times? in the week of/).waitFor();

    // Into the radio group, two times on with the arrow keys, then on to the button.
    await tabTo(page, (el) => el.tag === 'input' && el.type === 'radio' && el.name === 'start');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    const chosen = await page.evaluate(() => (document.querySelector('input[name="start"]:checked') as HTMLInputElement | null)?.value ?? null);
    expect(chosen).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    const accessibleName = await page.evaluate(() => {
      const input = document.querySelector('input[name="start"]:checked') as HTMLInputElement;
      return `${input.closest('fieldset')!.querySelector('legend')!.textContent} ${input.closest('label')!.textContent}`;
    });
    expect(accessibleName).toMatch(/^(Monday|Tuesday|Wednesday|Thursday|Friday) \d+ \w+ \d{2}:\d{2}$/);
    await tabTo(page, (el) => el.tag === 'button' && el.text === 'Book this time');
    await page.keyboard.press('Enter');

    await page.waitForURL(/\/sessions\/[A-Za-z0-9]+\?booked=1/);
    await expect(page.getByText('Booked. We have emailed you a calendar invitation.').isVisible()).resolves.toBe(true);
    await expectAccessible(page, 'confirmation page');
    const id = new URL(page.url()).pathname.split('/').pop()!;
    const jwt = (await apiClient(suite.stack.haven.url).post('/api/auth/local', { identifier: 'alex@haven.example', password: DEMO_PASSWORD })).body.jwt;
    const booking = (await apiClient(suite.stack.haven.url).get(`/api/booking/bookings/${id}`, jwt)).body.data;
    expect(booking).toMatchObject({ startsAt: new Date(chosen!).toISOString(), status: 'confirmed', with: { displayName: 'Dr. Maria Rivera' } });

    // The policy is spelled out before cancelling; then cancel.
    await expect(page.getByText(/Cancellation policy:/).isVisible()).resolves.toBe(true);
    await expect(page.getByText(/If you cancel now, you get a full refund/).isVisible()).resolves.toBe(true);
    await page.getByLabel(/Reason/).fill('Something came up');
    await page.getByRole('button', { name: /^Cancel/ }).click();
    await page.getByText('The session is cancelled.').waitFor();
    await expectAccessible(page, 'cancelled session');
  });

  it('a time someone else books meanwhile gets a kind message on the therapist page, carried in a cookie, not the address', async () => {
    const page = await logIn('alex@haven.example');
    await page.goto(`${suite.stack.site.url}/therapists/${riveraId}`);
    await page.waitForFunction(() => !document.querySelector('astro-island[ssr]'));
    await page.getByRole('link', { name: 'Next week →' }).click();
    await page.getByText(/free times? in the week of/).waitFor();
    const radio = page.locator('input[name="start"]').nth(3);
    const start = await radio.getAttribute('value');
    await radio.check();
    const api = apiClient(suite.stack.haven.url);
    const sam = (await api.post('/api/auth/local', { identifier: 'sam@haven.example', password: DEMO_PASSWORD })).body.jwt;
    expect((await api.post('/api/booking/bookings', { therapist: riveraId, start }, sam)).status).toBe(201);
    await page.getByRole('button', { name: 'Book this time' }).click();
    await page.getByRole('alert').filter({ hasText: 'Someone else has just booked that time' }).waitFor();
    expect(new URL(page.url()).search).toBe('');
    await expectAccessible(page, 'therapist page with a booking error');
    // The message is shown once.
    await page.reload();
    expect(await page.getByText('Someone else has just booked that time').count()).toBe(0);
  });

  it('my sessions lists the demo sessions; therapists have their schedule, availability editor and calendar settings', async () => {
    const alex = await logIn('alex@haven.example');
    await expect(alex.getByRole('heading', { name: 'My sessions' }).isVisible()).resolves.toBe(true);
    await expect(alex.getByText(/Therapist: Dr\. Maria Rivera · Confirmed/).isVisible()).resolves.toBe(true);
    await expectAccessible(alex, 'my sessions');
    await alex.goto(`${suite.stack.site.url}/sessions?scope=past`);
    await expect(alex.getByText(/Therapist: Dr\. Wei Chen · Completed/).isVisible()).resolves.toBe(true);

    const rivera = await logIn('dr.rivera@haven.example');
    await expect(rivera.getByRole('heading', { name: 'Schedule' }).isVisible()).resolves.toBe(true);
    await expect(rivera.getByText(/Client: Alex · Confirmed/).first().isVisible()).resolves.toBe(true);
    await rivera.goto(`${suite.stack.site.url}/practice/availability`);
    await expectAccessible(rivera, 'availability editor');
    await rivera.getByLabel('Minimum notice (hours)').fill('6');
    await rivera.getByRole('button', { name: 'Save availability' }).click();
    await rivera.getByText('Saved.', { exact: false }).waitFor();
    await expect(rivera.getByLabel('Minimum notice (hours)').inputValue()).resolves.toBe('6');
    await expect(rivera.getByLabel('Monday, block 1, from').inputValue()).resolves.toBe('09:00');
    await rivera.goto(`${suite.stack.site.url}/practice/calendars`);
    await expectAccessible(rivera, 'external calendars');
    await rivera.getByLabel('Secret ICS address').fill('https://calendar.invalid/secret.ics');
    await rivera.getByRole('button', { name: 'Add calendar' }).click();
    await rivera.getByText(/reading it failed/).waitFor();
  });
});
