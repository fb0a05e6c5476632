/**
 * The engagement dashboard in a real Chromium, on the demo: the Super Admin opens Dashboards →
 * Engagement (charts with a sentence and a table view, the moderation summary, the library's ranked
 * lists) with no serious axe-core violation; the editor's home shows the library widget and nothing
 * of usage or moderation; the moderator's home shows the moderation widget and nothing of usage or
 * the library, and neither may open the page.
 * Needs the built admin panel (cms/dist/build): `npm run build:plugins && cd cms && npx strapi build`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startHaven, type Haven } from '../helpers/haven';
import { launchBrowser, seriousOrWorse } from '../helpers/browser';
import { adminLogIn, assertAdminBuilt, keepOffline, runAxeExcluding } from '../helpers/admin';

const DEMO_PASSWORD = 'DemoPass2026!';
const CHARTS = ['Check-ins and assessments', 'Community posts and replies', 'Flags and moderation decisions', 'Library views and searches'];
const LIBRARY_WIDGET = 'Library: top searches / no result';
const MODERATION_WIDGET = 'Moderation: flags waiting, turnaround';

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

/** Staff without the page's permission get no Engagement page at that address. */
async function expectNoEngagementPage(page: Page) {
  await page.goto(`${haven.url}/admin/plugins/dashboards/engagement`);
  await page.waitForTimeout(1000);
  await expect(page.getByRole('heading', { name: 'Check-ins and assessments' }).count()).resolves.toBe(0);
}

describe('the engagement dashboard', () => {
  it('the super admin sees the Engagement page with charts, table views and the library lists', async () => {
    const page = await adminPage('admin@haven.example');
    await page.getByText(MODERATION_WIDGET).first().waitFor();
    await page.locator('nav').first().getByRole('link', { name: 'Dashboards' }).click();
    await page.getByRole('navigation', { name: 'Dashboards' }).getByRole('link', { name: 'Engagement' }).click();
    await page.getByRole('heading', { name: 'Engagement', level: 1 }).waitFor();
    for (const title of CHARTS) await page.getByRole('heading', { name: title, exact: true }).waitFor();
    await page.getByRole('heading', { name: 'Moderation queue and turnaround' }).waitFor();
    await expect(page.getByText(/per day from \d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2} \(UTC\)/).count()).resolves.toBe(CHARTS.length);
    // The demo's three months of check-ins and library activity reach into the last 30 days.
    await expect(page.getByText(/: [1-9][\d,]* check-ins?, /).count()).resolves.toBe(1);
    await page.getByRole('heading', { name: 'Most viewed resources' }).waitFor();
    await page.getByRole('heading', { name: 'Searches with no result' }).waitFor();

    const wellness = page.locator('section', { has: page.getByRole('heading', { name: 'Check-ins and assessments', exact: true }) });
    await wellness.getByRole('button', { name: 'Show table' }).click();
    const table = page.locator('table', { has: page.locator('caption', { hasText: 'Check-ins and assessments, per day (UTC)' }) });
    await table.waitFor();
    await expect(table.locator('tbody tr').count()).resolves.toBe(30);
    await expect(table.locator('thead th').allTextContents()).resolves.toEqual(['Day', 'Check-ins', 'Assessments']);

    const searches = page.locator('section', { has: page.getByRole('heading', { name: 'Top searches', exact: true }) });
    await searches.getByRole('button', { name: 'Show table' }).click();
    const ranked = page.locator('table', { has: page.locator('caption', { hasText: 'Top searches' }) });
    await expect(ranked.locator('thead th').allTextContents()).resolves.toEqual(['Rank', 'Search', 'Searches']);
    expect(await ranked.locator('tbody tr').count()).toBeGreaterThan(0);

    expect(seriousOrWorse(await runAxeExcluding(page, [], 'engagement dashboard'))).toEqual([]);
  });

  it('the editor sees the library widget only, and not the page', async () => {
    const page = await adminPage('editor@haven.example');
    await page.getByText(LIBRARY_WIDGET).first().waitFor();
    await page.getByText('No result: write next').waitFor();
    await expect(page.getByText(MODERATION_WIDGET).count()).resolves.toBe(0);
    await expect(page.getByText('Sessions held').count()).resolves.toBe(0);
    await expectNoEngagementPage(page);
  });

  it('the moderator sees the moderation widget only, and not the page', async () => {
    const page = await adminPage('mod@haven.example');
    await page.getByText(MODERATION_WIDGET).first().waitFor();
    await page.getByText(/(flags? (is|are) waiting)|No flag is waiting/).first().waitFor();
    await expect(page.getByText(LIBRARY_WIDGET).count()).resolves.toBe(0);
    await expect(page.getByText('Sessions held').count()).resolves.toBe(0);
    await expectNoEngagementPage(page);
  });
});
