/**
 * The clinic's staff walk-through in a real Chromium on the demo data, one CMS for the whole file:
 * - Therapist applications: the Super Admin sees the one waiting demo application with its licence
 *   document, approves it with a message (then listed in the site's directory API and mailed), rejects
 *   another applicant with a message (mailed); the moderator and the editor see no menu link and get
 *   403 from its route;
 * - Accounts: the Super Admin finds a client, bans them with a reason while they have an open chat
 *   socket (it closes within 2 s; their log-in is refused), then unbans them (log-in works again); the
 *   moderator and the editor never see the page; it exports a client's data with a reason (progress,
 *   then a one-time zip), schedules their erasure (the date shown) and cancels it, each in the Audit
 *   log; the moderator and the editor are refused the privacy routes (403).
 * axe on each page, panel and dialog. Needs the built admin panel (cms/dist/build):
 * `npm run build:plugins && cd cms && npx strapi build`.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { apiClient, createUser, randomClientAddress } from '../helpers/haven';
import { seriousOrWorse } from '../helpers/browser';
import { adminToken, runAxeExcluding } from '../helpers/admin';
import { DEMO_PASSWORD, useAdminSuite } from '../helpers/admin-suite';
import { smtpEnv, startMailbox, type Mailbox } from '../helpers/mailbox';
import { connect, type ChatSocket } from '../integration/chat-helpers';

const APPLICANT = { email: 'jordan@haven.example', name: 'Jordan Blake' };
const CLIENT = 'alex@haven.example';
const sentTo = (address: string) => (mail: { to?: unknown }) => JSON.stringify(mail.to ?? '').toLowerCase().includes(address);

// Registered before the suite's hooks: the mailbox is up before the CMS starts, and closed after it.
let mailbox: Mailbox;
const sockets: ChatSocket[] = [];
beforeAll(async () => {
  mailbox = await startMailbox();
});
afterAll(async () => {
  for (const socket of sockets) socket.close();
  await mailbox?.close();
});

const suite = useAdminSuite({ env: () => smtpEnv(mailbox), context: { viewport: { width: 1440, height: 900 }, acceptDownloads: true } });
const adminPage = (email: string) => suite.adminPage(email);

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
    const listed = async () => (await apiClient(suite.haven.url).get('/api/therapists?pageSize=100')).body.data.map((t: { displayName: string }) => t.displayName);
    expect(await listed()).not.toContain(APPLICANT.name);
    const other = await createUser(suite.haven, 'therapist');
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
      const token = await adminToken(suite.haven.url, email, DEMO_PASSWORD);
      expect((await apiClient(suite.haven.url).get('/applications/applications?tab=waiting', token)).status).toBe(403);
    }
  });
});

/** The client logs in on the site's behalf (POST /api/auth/local), from an address of its own. */
const clientLogIn = () => apiClient(suite.haven.url, { 'x-forwarded-for': randomClientAddress() }).post('/api/auth/local', { identifier: CLIENT, password: DEMO_PASSWORD });

describe('the Accounts page', () => {
  it('the super admin finds a client, bans them (open chat closes, log-in refused) and unbans them', async () => {
    const login = await clientLogIn();
    expect(login.status).toBe(200);
    const socket = await connect(suite.haven.url, login.body.jwt);
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

  it("the super admin exports a client's data (progress, a zip), schedules their erasure (its date shown) and cancels it; the audit log lists each", async () => {
    const client = await createUser(suite.haven, 'client');
    const page = await adminPage('admin@haven.example');
    await page.locator('nav').first().getByRole('link', { name: 'Accounts' }).click();
    await page.getByRole('heading', { name: 'Accounts', level: 1 }).waitFor();
    await page.getByLabel('Search').fill(client.email);
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    const row = page.locator('tbody tr', { hasText: client.email });
    await row.waitFor();
    await expect(page.locator('tbody tr').count()).resolves.toBe(1);
    const dialog = page.getByRole('dialog');

    // Export: a reason, then the progress while it is prepared, then one download of the zip.
    await row.getByRole('button', { name: /^Export data: / }).click();
    await dialog.getByRole('button', { name: 'Prepare the export' }).waitFor();
    const serious = seriousOrWorse(await runAxeExcluding(page, [], 'export dialog'));
    await dialog.getByRole('button', { name: 'Prepare the export' }).click();
    await dialog.getByText('Please give a reason').waitFor();
    await dialog.getByLabel('Reason').fill('Subject access request received by post');
    const asked = page.waitForResponse((res) => res.url().endsWith(`/privacy/accounts/${client.id}/exports`) && res.request().method() === 'POST');
    await dialog.getByRole('button', { name: 'Prepare the export' }).click();
    expect((await asked).status()).toBe(202);
    await dialog.getByRole('progressbar', { name: 'Export progress' }).waitFor();
    expect(await dialog.getByRole('status').textContent()).toMatch(/Waiting to be prepared|Preparing/);
    serious.push(...seriousOrWorse(await runAxeExcluding(page, [], 'export progress')));
    const downloadButton = dialog.getByRole('button', { name: 'Download the export' });
    await downloadButton.waitFor({ timeout: 60_000 });
    expect(await dialog.getByRole('status').textContent()).toContain('it can be downloaded once');
    const download = page.waitForEvent('download');
    await downloadButton.click();
    const zip = await readFile(await (await download).path());
    expect(zip.subarray(0, 2).toString('latin1')).toBe('PK');
    await dialog.getByText('Downloaded and deleted from Haven.').waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });

    // Erasure after the grace period: the dialog stays open on the date it is due.
    await row.getByRole('button', { name: /^Erase: / }).click();
    await dialog.getByRole('button', { name: 'Schedule the erasure' }).waitFor();
    serious.push(...seriousOrWorse(await runAxeExcluding(page, [], 'erase dialog')));
    await dialog.getByLabel('Reason').fill('Written erasure request from the account address');
    const scheduling = page.waitForResponse((res) => res.url().endsWith(`/privacy/accounts/${client.id}/erasure`) && res.request().method() === 'POST');
    await dialog.getByRole('button', { name: 'Schedule the erasure' }).click();
    const scheduled = await scheduling;
    expect(scheduled.status()).toBe(201);
    const dueAt: string = (await scheduled.json()).data.dueAt;
    expect(new Date(dueAt).getTime()).toBeGreaterThan(Date.now());
    await dialog.getByText(/^Scheduled: /).waitFor();
    expect(await dialog.locator('time').getAttribute('datetime')).toBe(new Date(dueAt).toISOString());
    serious.push(...seriousOrWorse(await runAxeExcluding(page, [], 'erasure scheduled')));
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });

    // Opened again, "Erase" offers to cancel it, the date shown, with an unmistakable way out.
    await row.getByRole('button', { name: /^Erase: / }).click();
    await dialog.getByRole('button', { name: 'Cancel the erasure' }).waitFor();
    expect(await dialog.locator('time').getAttribute('datetime')).toBe(new Date(dueAt).toISOString());
    await expect(dialog.getByRole('button', { name: 'Keep it scheduled' }).count()).resolves.toBe(1);
    await dialog.getByLabel('Reason').fill('They wrote again: they want to stay');
    const cancelling = page.waitForResponse((res) => res.url().endsWith(`/privacy/accounts/${client.id}/erasure/cancel`) && res.request().method() === 'POST');
    await dialog.getByRole('button', { name: 'Cancel the erasure' }).click();
    expect((await cancelling).status()).toBe(200);
    await dialog.waitFor({ state: 'hidden' });
    const token = await adminToken(suite.haven.url, 'admin@haven.example', DEMO_PASSWORD);
    expect((await apiClient(suite.haven.url).get(`/privacy/accounts/${client.id}/erasure`, token)).body.data.state).toBe('cancelled');

    // The audit log: each action with its reason, against the account.
    await page.locator('nav').first().getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('heading', { name: 'Audit log', level: 1 }).waitFor();
    const search = page.getByRole('textbox', { name: 'Search' });
    await search.fill('privacy.');
    await search.press('Enter');
    const expected = [
      ['privacy.export.request', 'Subject access request received by post'],
      ['privacy.export.download', 'Downloaded the export asked for'],
      ['privacy.erasure.schedule', 'Written erasure request from the account address'],
      ['privacy.erasure.cancel', 'They wrote again: they want to stay'],
    ];
    for (const [action, reason] of expected) {
      const entry = page.locator('tbody tr', { hasText: action }).filter({ hasText: reason });
      await entry.waitFor();
      expect(await entry.textContent()).toContain(String(client.id));
    }
    expect(serious).toEqual([]);
  });

  it('the moderator and the editor do not see the Accounts page', async () => {
    for (const email of ['mod@haven.example', 'editor@haven.example']) {
      const page = await adminPage(email);
      await expect(page.locator('nav').first().getByRole('link', { name: 'Accounts' }).count()).resolves.toBe(0);
      await page.goto(`${suite.haven.url}/admin/plugins/accounts`);
      await page.waitForTimeout(1000);
      await expect(page.getByRole('heading', { name: 'Accounts', level: 1 }).count()).resolves.toBe(0);
      await expect(page.locator('tbody tr', { hasText: CLIENT }).count()).resolves.toBe(0);
      // Nor the privacy routes behind its "Export data" and "Erase" actions.
      const token = await adminToken(suite.haven.url, email, DEMO_PASSWORD);
      const api = apiClient(suite.haven.url);
      expect((await api.post('/privacy/accounts/1/exports', { reason: 'Trying the export route' }, token)).status).toBe(403);
      expect((await api.get('/privacy/accounts/1/erasure', token)).status).toBe(403);
      expect((await api.post('/privacy/accounts/1/erasure', { reason: 'Trying the erasure route', when: 'grace', community: 'erase' }, token)).status).toBe(403);
    }
  });
});
