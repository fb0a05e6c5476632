/**
 * The Therapist applications page in a real Chromium on the demo data: the Super Admin sees the one
 * waiting demo application with its licence document, approves it with a message (then listed in the
 * site's directory API and mailed), rejects another applicant with a message (mailed); the moderator
 * and the editor see no menu link and get 403 from its route. axe on the page, the panel and the dialog.
 * Needs the built admin panel (cms/dist/build): `npm run build:plugins && cd cms && npx strapi build`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { apiClient, createUser, startHaven, type Haven } from '../helpers/haven';
import { launchBrowser, seriousOrWorse } from '../helpers/browser';
import { adminLogIn, adminToken, assertAdminBuilt, keepOffline, runAxeExcluding } from '../helpers/admin';
import { smtpEnv, startMailbox, type Mailbox } from '../helpers/mailbox';

const DEMO_PASSWORD = 'DemoPass2026!';
const APPLICANT = { email: 'jordan@haven.example', name: 'Jordan Blake' };
const sentTo = (address: string) => (mail: { to?: unknown }) => JSON.stringify(mail.to ?? '').toLowerCase().includes(address);

let haven: Haven;
let browser: Browser;
let mailbox: Mailbox;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  assertAdminBuilt();
  mailbox = await startMailbox();
  [haven, browser] = await Promise.all([
    startHaven({ seedDemo: true, serveAdminPanel: true, env: { ...smtpEnv(mailbox), BOOKING_REMINDER_POLL_MS: '3600000', BOOKING_CALENDAR_POLL_MS: '3600000' } }),
    launchBrowser(),
  ]);
});
afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await haven?.close();
  await mailbox?.close();
});

async function adminPage(email: string): Promise<Page> {
  const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1440, height: 900 }, acceptDownloads: true });
  contexts.push(context);
  await keepOffline(context, haven.url);
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  await adminLogIn(page, haven.url, email, DEMO_PASSWORD);
  return page;
}

/** Fills and sends the open decision dialog; returns the server's status. */
async function decide(page: Page, button: string, message: string, reason: string): Promise<number> {
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Message to the applicant').fill(message);
  await dialog.getByLabel('Reason').fill(reason);
  const sent = page.waitForResponse((res) => res.url().endsWith('/decision') && res.request().method() === 'POST');
  await dialog.getByRole('button', { name: button }).click();
  return (await sent).status();
}

describe('the Therapist applications page', () => {
  it('the super admin approves the waiting demo applicant and rejects another, each mailed', async () => {
    const listed = async () => (await apiClient(haven.url).get('/api/therapists?pageSize=100')).body.data.map((t: { displayName: string }) => t.displayName);
    expect(await listed()).not.toContain(APPLICANT.name);
    const other = await createUser(haven, 'therapist');
    const page = await adminPage('admin@haven.example');
    await page.locator('nav').first().getByRole('link', { name: 'Therapist applications' }).click();
    await page.getByRole('heading', { name: 'Therapist applications', level: 1 }).waitFor();
    await page.getByText('2 applications waiting').waitFor();
    const row = page.locator('tbody tr', { hasText: APPLICANT.name });
    await row.waitFor();
    await expect(row.getByText('CNS-NSW-7781').count()).resolves.toBe(1);
    await expect(row.getByText('No document').count()).resolves.toBe(0);
    const serious = seriousOrWorse(await runAxeExcluding(page, [], 'applications page'));

    await row.getByRole('button', { name: `Review ${APPLICANT.name}` }).click();
    const panel = page.getByRole('complementary', { name: 'Application details' });
    await panel.getByText(APPLICANT.email).waitFor();
    const download = page.waitForEvent('download');
    await panel.getByRole('button', { name: /^Download licence\.pdf/ }).click();
    expect((await download).suggestedFilename()).toBe('licence.pdf');
    serious.push(...seriousOrWorse(await runAxeExcluding(page, [], 'application panel')));

    await panel.getByRole('button', { name: 'Approve', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    serious.push(...seriousOrWorse(await runAxeExcluding(page, [], 'decision dialog')));
    // No message: the dialog says so and nothing is sent.
    await dialog.getByRole('button', { name: 'Approve and notify' }).click();
    await dialog.getByText('Write the message the applicant will receive.').waitFor();
    expect(await decide(page, 'Approve and notify', 'Welcome to Haven, Jordan: your licence is verified.', 'Checked with the NSW register')).toBe(200);
    await dialog.waitFor({ state: 'hidden' });
    await panel.getByText('Approved by').waitFor();
    expect(await listed()).toContain(APPLICANT.name);
    expect((await mailbox.waitFor(sentTo(APPLICANT.email))).text).toContain('Welcome to Haven, Jordan: your licence is verified.');
    await page.getByText('1 application waiting').waitFor();

    // The other applicant: rejected with a message.
    await page.locator('tbody tr', { hasText: other.email }).getByRole('button', { name: /^Review / }).click();
    await panel.getByText(other.email).waitFor();
    await panel.getByRole('button', { name: 'Reject', exact: true }).click();
    expect(await decide(page, 'Reject and notify', 'We could not find this licence in the Testland register.', 'Register lookup failed')).toBe(200);
    await page.getByText('0 applications waiting').waitFor();
    expect((await mailbox.waitFor(sentTo(other.email))).text).toContain('We could not find this licence in the Testland register.');
    await page.getByRole('tab', { name: /^Rejected/ }).click();
    await page.locator('tbody tr', { hasText: other.email }).getByText('Rejected').waitFor();
    expect(serious).toEqual([]);
  });

  it('the moderator and the editor see no link, and its route answers 403', async () => {
    for (const email of ['mod@haven.example', 'editor@haven.example']) {
      const page = await adminPage(email);
      await page.waitForTimeout(500);
      await expect(page.locator('nav').first().getByRole('link', { name: 'Therapist applications' }).count()).resolves.toBe(0);
      const token = await adminToken(haven.url, email, DEMO_PASSWORD);
      expect((await apiClient(haven.url).get('/applications/applications?tab=waiting', token)).status).toBe(403);
    }
  });
});
