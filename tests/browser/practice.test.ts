/**
 * The therapist's tools on the site (issue 18), through the built site in Chromium against a real CMS
 * with the demo data: availability written in the viewer's own clock format (12-hour for en-US,
 * 24-hour for en-GB, the hint, the selects and the preview alike), a live preview of the free times
 * that follows the hours as they are edited, days off as a range whose days vanish from the preview,
 * and the week view of sessions. Every page passes axe and fits 360 px.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DateTime } from 'luxon';
import { DEMO_PASSWORD, expectAccessible, submit, text, useBrowserSuite } from '../helpers/browser-suite';
import { apiClient } from '../helpers/haven';

// The tests continue each other's pages: they stay open until the end.
const suite = useBrowserSuite({ context: { locale: 'en-US', viewport: { width: 1280, height: 800 } }, closeAfterEach: false, pageTimeout: 30_000 });
const THERAPIST = 'dr.rivera@haven.example';
const hydrated = (page: Page) => page.waitForFunction(() => !document.querySelector('astro-island[ssr]'));

/** The page at 360 px wide has no horizontal scroll (then back to the size it had). */
async function expectFitsPhone(page: Page, label: string) {
  const before = page.viewportSize();
  await page.setViewportSize({ width: 360, height: 780 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth), `${label} at 360 px`).toBeLessThanOrEqual(360);
  if (before) await page.setViewportSize(before);
}

/** The preview's days that have free times, as { date: times }. */
const previewDays = (page: Page) =>
  page.$$eval('.avail-preview-days li', (items) =>
    Object.fromEntries(items.map((li) => [li.getAttribute('data-date')!, Array.from(li.querySelectorAll('.avail-chip'), (chip) => chip.textContent!.trim())])),
  );
const previewTotal = async (page: Page) => Number(await page.getByTestId('preview-total').textContent());

describe('therapist tools', () => {
  let page: Page;
  let zone: string;

  it('availability says and shows one clock format: the viewer\'s', async () => {
    page = await suite.loggedIn(THERAPIST, '/practice/availability');
    await hydrated(page);
    zone = await page.$eval('#timeZone', (el) => (el as HTMLSelectElement).value);
    // en-US writes 12-hour times: the browser says so, and so do the hint, every select and the preview.
    expect(await page.evaluate(() => new Intl.DateTimeFormat(undefined, { hour: 'numeric' }).resolvedOptions().hourCycle)).toBe('h12');
    const hint = await text(page.locator('#clock-hint'));
    expect(hint).toContain('12-hour');
    expect(hint).toContain('9:00 AM');
    expect(await page.textContent('body')).not.toMatch(/24-hour/);
    const options = await page.$$eval('.avail-week select option', (list) => list.map((o) => o.textContent!.trim()).filter((t) => t !== '—' && t !== 'Closed'));
    expect(options.length).toBeGreaterThan(100);
    for (const option of options) expect(option).toMatch(/^\d{1,2}:\d{2} (AM|PM)( \(midnight\))?$/);
    const chips = Object.values(await previewDays(page)).flat();
    expect(chips.length, 'the demo therapist has free times').toBeGreaterThan(0);
    for (const chip of chips) expect(chip).toMatch(/^\d{1,2}:\d{2} (AM|PM)$/);

    // The same page in British English: 24-hour everywhere.
    const gb = await suite.loggedIn(THERAPIST, '/practice/availability', { locale: 'en-GB' });
    expect(await text(gb.locator('#clock-hint'))).toContain('24-hour format');
    expect(await text(gb.locator('#clock-hint'))).toContain('09:00 to 17:30');
    const gbOptions = await gb.$$eval('.avail-week select option', (list) => list.map((o) => o.textContent!.trim()).filter((t) => t !== '—' && t !== 'Closed'));
    for (const option of gbOptions) expect(option).toMatch(/^\d{2}:\d{2}$/);
    for (const chip of Object.values(await previewDays(gb)).flat()) expect(chip).toMatch(/^\d{2}:\d{2}$/);
    await gb.context().close();
  });

  it('the preview follows the hours as they change, without saving', async () => {
    const saved = await previewDays(page);
    // Close every day (as someone clearing the week would), then open Wednesdays 10:00–12:00 only.
    await page.evaluate(() => {
      for (const select of document.querySelectorAll<HTMLSelectElement>('.avail-week select')) select.value = '';
    });
    await page.selectOption('#d1b0start', '');
    await page.waitForFunction(() => /Preview (updated|paused)/.test(document.querySelector('#preview-status')?.textContent ?? ''));
    const status = await text(page.locator('#preview-status'));
    expect(status, await page.evaluate(() => document.querySelector('#preview-error')?.textContent ?? '')).toMatch(/Preview updated: 0 free times/);
    await expect(previewTotal(page)).resolves.toBe(0);
    await page.selectOption('#d3b0start', '10:00');
    await page.selectOption('#d3b0end', '12:00');
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="preview-total"]')?.textContent) > 0);
    const days = await previewDays(page);
    for (const [date, times] of Object.entries(days)) {
      if (!times.length) continue;
      expect(DateTime.fromISO(date).weekday, `${date} has times`).toBe(3);
      for (const t of times) expect(['10:00 AM', '10:30 AM', '11:00 AM']).toContain(t);
    }
    // A half-filled block pauses the preview with the reason, in words.
    await page.selectOption('#d3b1start', '14:00');
    await page.waitForSelector('#preview-error');
    expect(await text(page.locator('#preview-error'))).toMatch(/HH:mm|start|end/);
    // Nothing was saved: a fresh load shows the saved hours' preview again.
    await page.reload();
    await hydrated(page);
    expect(await previewDays(page)).toEqual(saved);
  });

  it('days off as a range: added, their days vanish from the preview, refused when backwards, removed', async () => {
    const before = await previewDays(page);
    const withTimes = Object.keys(before).filter((d) => before[d].length > 0);
    const first = withTimes[0];
    const last = DateTime.fromISO(first).plus({ days: 1 }).toISODate()!;
    // Backwards: a clear message, nothing added.
    await page.fill('#daysOffFrom', last);
    await page.fill('#daysOffTo', first);
    await submit(page, page.getByRole('button', { name: 'Add days off' }));
    await expect(text(page.locator('#days-off [role="alert"]'))).resolves.toContain('on or after the first');
    await expect(page.locator('.days-off-list li').count()).resolves.toBe(0);

    await page.fill('#daysOffFrom', first);
    await page.fill('#daysOffTo', last);
    await page.fill('#daysOffNote', 'Conference');
    await submit(page, page.getByRole('button', { name: 'Add days off' }));
    await expect(text(page.locator('.notice-ok'))).resolves.toContain('Days off added');
    await expect(text(page.locator('.days-off-list li'))).resolves.toMatch(/\(2 days\): Conference/);
    await hydrated(page);
    const after = await previewDays(page);
    expect(after[first]).toEqual([]);
    expect(after[last]).toEqual([]);
    await expect(text(page.locator(`.avail-preview-days li[data-date="${first}"]`))).resolves.toContain('No free times');
    // The other days keep their times.
    for (const date of withTimes.filter((d) => d !== first && d !== last)) expect(after[date]).toEqual(before[date]);
    await expectAccessible(page, 'availability with days off');
    await expectFitsPhone(page, 'availability');

    await submit(page, page.getByRole('button', { name: /^Remove days off/ }));
    await expect(text(page.locator('#days-off'))).resolves.toContain('No days off planned.');
    expect((await previewDays(page))[first]).toEqual(before[first]);
  });

  it('the week view shows a demo session on its day, today marked, and fits a phone', async () => {
    const api = apiClient(suite.stack.haven.url);
    const jwt = (await api.post('/api/auth/local', { identifier: THERAPIST, password: DEMO_PASSWORD })).body.jwt;
    const upcoming = (await api.get('/api/booking/bookings?scope=upcoming&pageSize=1', jwt)).body.data;
    expect(upcoming.length, 'the demo therapist has an upcoming session').toBeGreaterThan(0);
    const session = upcoming[0];
    const meZone = (await api.get('/api/users/me', jwt)).body.timeZone ?? zone;
    const start = DateTime.fromISO(session.startsAt).setZone(meZone);

    await page.goto(`${suite.stack.site.url}/sessions/week`);
    const today = DateTime.now().setZone(meZone).toISODate();
    await expect(page.locator('.week-view-day[aria-current="date"]').getAttribute('data-date')).resolves.toBe(today);
    await expect(page.locator('.week-view > li').count()).resolves.toBe(7);

    await page.goto(`${suite.stack.site.url}/sessions/week?week=${start.toISODate()}`);
    const day = page.locator(`.week-view-day[data-date="${start.toISODate()}"]`);
    const link = day.locator(`a[href="/sessions/${session.id}"]`);
    await expect(link.count()).resolves.toBe(1);
    await expect(text(link)).resolves.toContain(session.with.displayName);
    // Seven columns side by side on a desktop.
    const tops = await page.$$eval('.week-view > li', (items) => items.map((li) => Math.round(li.getBoundingClientRect().top)));
    expect(new Set(tops).size).toBe(1);
    await expectAccessible(page, 'week view');
    await expectFitsPhone(page, 'week view');
    // A list of days on a phone.
    await page.setViewportSize({ width: 360, height: 780 });
    const phoneTops = await page.$$eval('.week-view > li', (items) => items.map((li) => Math.round(li.getBoundingClientRect().top)));
    expect(new Set(phoneTops).size).toBe(7);
    await page.setViewportSize({ width: 1280, height: 800 });
    // Previous and next week.
    await submit(page, page.getByRole('link', { name: 'Next week →' }));
    expect(new URL(page.url()).searchParams.get('week')).toBe(start.startOf('week').plus({ weeks: 1 }).toISODate());
    await expect(page.locator(`a[href="/sessions/${session.id}"]`).count()).resolves.toBe(0);
  });

  it('clients see their own week too', async () => {
    const alex = await suite.loggedIn('alex@haven.example', '/sessions/week');
    await expect(alex.locator('.week-view > li').count()).resolves.toBe(7);
    await expectAccessible(alex, 'client week view');
    await expectFitsPhone(alex, 'client week view');
  });
});
