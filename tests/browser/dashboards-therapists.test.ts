/**
 * The therapists dashboard in a real Chromium, on the demo: the Super Admin's home shows the
 * Therapist applications widget; the Dashboards page links to Therapists, whose charts each have a
 * sentence and a table view (a row per listed therapist and one for all), with no serious axe-core
 * violation; the moderator sees neither the widget nor the page.
 * Needs the built admin panel (cms/dist/build): `npm run build:plugins && cd cms && npx strapi build`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startHaven, type Haven } from '../helpers/haven';
import { launchBrowser, seriousOrWorse } from '../helpers/browser';
import { adminLogIn, assertAdminBuilt, keepOffline, runAxeExcluding } from '../helpers/admin';

const DEMO_PASSWORD = 'DemoPass2026!';
const CHARTS = ['Sessions', 'Utilisation of offered hours', 'Time to first reply in chat', 'Clients returning'];

let haven: Haven;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  assertAdminBuilt();
  [haven, browser] = await Promise.all([startHaven({ seedDemo: true, serveAdminPanel: true, env: { BOOKING_REMINDER_POLL_MS: '3600000', BOOKING_CALENDAR_POLL_MS: '3600000' } }), launchBrowser()]);
});
afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await haven?.close();
});

async function adminPage(email: string): Promise<Page> {
  const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1366, height: 900 } });
  contexts.push(context);
  await keepOffline(context, haven.url);
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  await adminLogIn(page, haven.url, email, DEMO_PASSWORD);
  return page;
}

describe('the therapists dashboard', () => {
  it('the super admin sees the applications widget and the Therapists page with table views', async () => {
    const page = await adminPage('admin@haven.example');
    await page.getByText('Therapist applications').first().waitFor();
    await page.getByText(/(therapist applications? (is|are) waiting, the oldest for (\d+ days?|less than a day))|No therapist application is waiting/).first().waitFor();

    await page.locator('nav').first().getByRole('link', { name: 'Dashboards' }).click();
    await page.getByRole('navigation', { name: 'Dashboards' }).getByRole('link', { name: 'Therapists' }).click();
    await page.getByRole('heading', { name: 'Therapists', level: 1 }).waitFor();
    await page.getByRole('heading', { name: 'All therapists' }).waitFor();
    for (const title of CHARTS) await page.getByRole('heading', { name: title, exact: true }).waitFor();
    await expect(page.getByText(/from \d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2} \(UTC\).*for the \d+ therapists? with the most sessions held\./).count()).resolves.toBe(CHARTS.length);

    const sessions = page.locator('section', { has: page.getByRole('heading', { name: 'Sessions', exact: true }) });
    await sessions.getByRole('button', { name: 'Show table' }).click();
    const table = page.locator('table', { has: page.locator('caption', { hasText: 'Sessions, per therapist' }) });
    await table.waitFor();
    await expect(table.locator('thead th').allTextContents()).resolves.toEqual(['Therapist', 'Held', 'No-show', 'No-show rate', 'Due', 'Cancelled', 'Cancellation rate', 'By the therapist']);
    await expect(table.locator('tfoot th').textContent()).resolves.toBe('All therapists');
    // Rates of fewer than ten cases are counts ("1 of 3"), never percentages.
    for (const rate of await table.locator('tbody td:nth-of-type(3), tbody td:nth-of-type(6)').allTextContents()) expect(rate).toMatch(/^(none|\d+ of \d|\d+ %)$/);

    expect(seriousOrWorse(await runAxeExcluding(page, [], 'therapists dashboard'))).toEqual([]);
  });

  it('the moderator sees neither the widget nor the page', async () => {
    const page = await adminPage('mod@haven.example');
    await page.waitForTimeout(1000);
    await expect(page.getByText('Therapist applications').count()).resolves.toBe(0);
    await page.goto(`${haven.url}/admin/plugins/dashboards/therapists`);
    await page.locator('nav').first().getByRole('link', { name: 'Home' }).waitFor();
    await page.waitForTimeout(1000);
    await expect(page.getByRole('heading', { name: 'All therapists' }).count()).resolves.toBe(0);
  });
});
