/**
 * The Accounts page in a real Chromium on the demo data: the Super Admin finds a client, bans them
 * with a reason while they have an open chat socket (it closes; their log-in is refused), then unbans
 * them (log-in works again); the moderator and the editor never see the page. axe on the page and
 * its dialog. Needs the built admin panel (cms/dist/build): `npm run build:plugins && cd cms && npx strapi build`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { apiClient, randomClientAddress, startHaven, type Haven } from '../helpers/haven';
import { launchBrowser, seriousOrWorse } from '../helpers/browser';
import { adminLogIn, assertAdminBuilt, keepOffline, runAxeExcluding } from '../helpers/admin';
import { connect, type ChatSocket } from '../integration/chat-helpers';

const DEMO_PASSWORD = 'DemoPass2026!';
const CLIENT = 'alex@haven.example';

let haven: Haven;
let browser: Browser;
const contexts: BrowserContext[] = [];
const sockets: ChatSocket[] = [];

beforeAll(async () => {
  assertAdminBuilt();
  [haven, browser] = await Promise.all([startHaven({ seedDemo: true, serveAdminPanel: true, env: { BOOKING_REMINDER_POLL_MS: '3600000', BOOKING_CALENDAR_POLL_MS: '3600000' } }), launchBrowser()]);
});
afterAll(async () => {
  for (const socket of sockets) socket.close();
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

/** The client logs in on the site's behalf (POST /api/auth/local), from an address of its own. */
const clientLogIn = () => apiClient(haven.url, { 'x-forwarded-for': randomClientAddress() }).post('/api/auth/local', { identifier: CLIENT, password: DEMO_PASSWORD });

describe('the Accounts page', () => {
  it('the super admin finds a client, bans them (open chat closes, log-in refused) and unbans them', async () => {
    const login = await clientLogIn();
    expect(login.status).toBe(200);
    const socket = await connect(haven.url, login.body.jwt);
    sockets.push(socket);
    const closed = new Promise<void>((resolve) => socket.on('disconnect', () => resolve()));

    const page = await adminPage('admin@haven.example');
    await page.locator('nav').first().getByRole('link', { name: 'Accounts' }).click();
    await page.getByRole('heading', { name: 'Accounts', level: 1 }).waitFor();
    await page.getByLabel('Search').fill(CLIENT.toUpperCase());
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    const row = page.locator('tbody tr', { hasText: CLIENT });
    await row.waitFor();
    await expect(page.locator('tbody tr').count()).resolves.toBe(1);
    await expect(row.getByText('Client', { exact: true }).count()).resolves.toBe(1);
    const serious = seriousOrWorse(await runAxeExcluding(page, [], 'accounts page'));

    await row.getByRole('button', { name: /^Ban: / }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    serious.push(...seriousOrWorse(await runAxeExcluding(page, [], 'ban dialog')));
    // No reason: the dialog says so and nothing is sent.
    await dialog.getByRole('button', { name: 'Ban', exact: true }).click();
    await dialog.getByText('Please give a reason').waitFor();
    await dialog.getByLabel('Reason').fill('Threatening messages to another member');
    const banned = page.waitForResponse((res) => res.url().endsWith('/ban') && res.request().method() === 'POST');
    await dialog.getByRole('button', { name: 'Ban', exact: true }).click();
    expect((await banned).status()).toBe(200);
    const started = Date.now();
    await closed;
    expect(Date.now() - started).toBeLessThan(2000);
    await row.getByText('Banned').waitFor();
    const refused = await clientLogIn();
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(JSON.stringify(refused.body)).toMatch(/blocked/i);

    await row.getByRole('button', { name: /^Unban: / }).click();
    await dialog.getByLabel('Reason').fill('Reviewed: a misunderstanding');
    const unbanned = page.waitForResponse((res) => res.url().endsWith('/unban') && res.request().method() === 'POST');
    await dialog.getByRole('button', { name: 'Unban', exact: true }).click();
    expect((await unbanned).status()).toBe(200);
    await row.getByRole('button', { name: /^Ban: / }).waitFor();
    expect((await clientLogIn()).status).toBe(200);
    expect(serious).toEqual([]);
  });

  it('the moderator and the editor do not see the Accounts page', async () => {
    for (const email of ['mod@haven.example', 'editor@haven.example']) {
      const page = await adminPage(email);
      await expect(page.locator('nav').first().getByRole('link', { name: 'Accounts' }).count()).resolves.toBe(0);
      await page.goto(`${haven.url}/admin/plugins/accounts`);
      await page.waitForTimeout(1000);
      await expect(page.getByRole('heading', { name: 'Accounts', level: 1 }).count()).resolves.toBe(0);
      await expect(page.locator('tbody tr', { hasText: CLIENT }).count()).resolves.toBe(0);
    }
  });
});
