/**
 * The admin's home in a real Chromium: the Super Admin sees Haven's "Last 30 days" widget and the
 * Dashboards page (a chart per series, each with a table view), and none of Strapi's promotions
 * (guided tour, Deploy, Marketplace); the moderator sees neither widget nor page.
 * Needs the built admin panel (cms/dist/build): `npm run build:plugins && cd cms && npx strapi build`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startHaven, type Haven } from '../helpers/haven';
import { launchBrowser } from '../helpers/browser';
import { adminLogIn, assertAdminBuilt, keepOffline } from '../helpers/admin';

const DEMO_PASSWORD = 'DemoPass2026!';

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

describe("the admin's home", () => {
  it('the super admin sees the usage widget and the Dashboards page, and no promotion', async () => {
    const page = await adminPage('admin@haven.example');
    await page.getByText('Last 30 days').first().waitFor();
    await page.getByText('Sessions held').waitFor();
    await expect(page.getByText('Discover your application').count()).resolves.toBe(0);
    await expect(page.getByText('Deploy', { exact: true }).count()).resolves.toBe(0);
    await expect(page.locator('nav a[href^="https://market.strapi.io"]').isVisible()).resolves.toBe(false);

    await page.locator('nav').first().getByRole('link', { name: 'Dashboards' }).click();
    await page.getByRole('heading', { name: 'Usage' }).waitFor();
    await page.getByRole('heading', { name: 'Sign-ups' }).waitFor();
    await page.getByRole('heading', { name: 'Sessions' }).waitFor();
    await expect(page.getByText(/New site accounts per day from \d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2} \(UTC\)/).count()).resolves.toBe(1);
    await page.locator('section', { has: page.getByRole('heading', { name: 'Sessions' }) }).getByRole('button', { name: 'Show table' }).click();
    const table = page.locator('table', { has: page.locator('caption', { hasText: 'Sessions, per day (UTC)' }) });
    await table.waitFor();
    await expect(table.locator('tbody tr').count()).resolves.toBe(30);
    await expect(table.locator('thead th').allTextContents()).resolves.toEqual(['Day', 'Booked', 'Held', 'Cancelled', 'Declined', 'No-show']);
  });

  it('the moderator sees neither the widget nor the Dashboards link', async () => {
    const page = await adminPage('mod@haven.example');
    await page.waitForTimeout(1000);
    await expect(page.getByText('Sessions held').count()).resolves.toBe(0);
    await expect(page.locator('nav').first().getByRole('link', { name: 'Dashboards' }).count()).resolves.toBe(0);
  });
});
