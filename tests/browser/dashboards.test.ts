/**
 * The dashboards in a real Chromium, on the demo, one CMS for the whole file:
 * - the admin's home: the Super Admin sees Haven's "Last 30 days" widget and the Dashboards page (a
 *   chart per series, each with a table view) and none of Strapi's promotions (guided tour, Deploy,
 *   Marketplace); the moderator sees neither;
 * - therapists: the Therapist applications widget; Dashboards → Therapists, whose charts each have a
 *   sentence and a table view (a row per listed therapist and one for all), no serious axe-core
 *   violation; the moderator sees neither the widget nor the page;
 * - engagement: Dashboards → Engagement (charts with a sentence and a table view, the moderation
 *   summary, the library's ranked lists), no serious axe-core violation; the editor's home shows the
 *   library widget only, the moderator's the moderation widget only, and neither may open the page.
 * Needs the built admin panel (cms/dist/build): `npm run build:plugins && cd cms && npx strapi build`.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { seriousOrWorse } from '../helpers/browser';
import { runAxeExcluding } from '../helpers/admin';
import { useAdminSuite } from '../helpers/admin-suite';

const THERAPIST_CHARTS = ['Sessions', 'Utilisation of offered hours', 'Time to first reply in chat', 'Clients returning'];
const ENGAGEMENT_CHARTS = ['Check-ins and assessments', 'Community posts and replies', 'Flags and moderation decisions', 'Library views and searches'];
const LIBRARY_WIDGET = 'Library: top searches / no result';
const MODERATION_WIDGET = 'Moderation: flags waiting, turnaround';

const suite = useAdminSuite();
const adminPage = (email: string) => suite.adminPage(email);

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

describe('the therapists dashboard', () => {
  it('the super admin sees the applications widget and the Therapists page with table views', async () => {
    const page = await adminPage('admin@haven.example');
    await page.getByText('Therapist applications').first().waitFor();
    await page.getByText(/(therapist applications? (is|are) waiting, the oldest for (\d+ days?|less than a day))|No therapist application is waiting/).first().waitFor();

    await page.locator('nav').first().getByRole('link', { name: 'Dashboards' }).click();
    await page.getByRole('navigation', { name: 'Dashboards' }).getByRole('link', { name: 'Therapists' }).click();
    await page.getByRole('heading', { name: 'Therapists', level: 1 }).waitFor();
    await page.getByRole('heading', { name: 'All therapists' }).waitFor();
    for (const title of THERAPIST_CHARTS) await page.getByRole('heading', { name: title, exact: true }).waitFor();
    await expect(page.getByText(/from \d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2} \(UTC\).*for the \d+ therapists? with the most sessions held\./).count()).resolves.toBe(THERAPIST_CHARTS.length);

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
    await page.goto(`${suite.haven.url}/admin/plugins/dashboards/therapists`);
    await page.locator('nav').first().getByRole('link', { name: 'Home' }).waitFor();
    await page.waitForTimeout(1000);
    await expect(page.getByRole('heading', { name: 'All therapists' }).count()).resolves.toBe(0);
  });
});

/** Staff without the page's permission get no Engagement page at that address. */
async function expectNoEngagementPage(page: Page) {
  await page.goto(`${suite.haven.url}/admin/plugins/dashboards/engagement`);
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
    for (const title of ENGAGEMENT_CHARTS) await page.getByRole('heading', { name: title, exact: true }).waitFor();
    await page.getByRole('heading', { name: 'Moderation queue and turnaround' }).waitFor();
    await expect(page.getByText(/per day from \d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2} \(UTC\)/).count()).resolves.toBe(ENGAGEMENT_CHARTS.length);
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
