/**
 * The moderation queue in the Strapi admin panel (the community plugin's admin page), in a real
 * Chromium against a real CMS: members flag a post until it is hidden; the moderator logs in to the
 * admin, sees the Moderation page and nothing of the admin beyond it, approves the post with a
 * reason, and the post is back for members with the approval in the moderation log. A crisis post's
 * match is marked whole on the text as shown, and the moderator sends its alias a private message.
 * Needs the built admin panel (cms/dist/build): `npm run build:plugins && cd cms && npx strapi build`.
 */
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page, Response } from 'playwright-core';
import { apiClient, createUser, randomClientAddress, startHaven, type Haven } from '../helpers/haven';
import { launchBrowser, seriousOrWorse } from '../helpers/browser';
import { adminLogIn, adminToken, assertAdminBuilt, keepOffline, runAxeExcluding } from '../helpers/admin';
import { DEMO_PASSWORD } from '../helpers/browser-suite';

const MODERATOR = 'mod@haven.example';
/** Links of the admin's main navigation that Strapi 5.54 shows every admin user, whatever their permissions. */
const ALWAYS_SHOWN = ['Home', 'Content Manager', 'Settings'];

let haven: Haven;
let browser: Browser;
let context: BrowserContext | undefined;

beforeAll(async () => {
  assertAdminBuilt();
  [haven, browser] = await Promise.all([startHaven({ seedDemo: true, serveAdminPanel: true }), launchBrowser()]);
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await haven?.close();
});

async function logInMember(email: string): Promise<string> {
  const login = await apiClient(haven.url, { 'x-forwarded-for': randomClientAddress() }).post('/api/auth/local', { identifier: email, password: DEMO_PASSWORD });
  if (login.status !== 200) throw new Error(`log-in of ${email} failed: ${login.status} ${JSON.stringify(login.body)}`);
  return login.body.jwt as string;
}

describe('the moderation page in the admin panel', () => {
  it('a moderator approves, with a reason, a post that members flagged into hiding', async () => {
    const api = apiClient(haven.url, { 'x-forwarded-for': randomClientAddress() });
    const [alex, sam, memberA, memberB, reader] = await Promise.all([
      logInMember('alex@haven.example'),
      logInMember('sam@haven.example'),
      createUser(haven, 'client'),
      createUser(haven, 'client'),
      createUser(haven, 'client'),
    ]);

    // Alex posts; three distinct members flag the post; it is hidden from everyone else.
    const title = `Struggling to sleep ${crypto.randomBytes(3).toString('hex')}`;
    const created = await api.post('/api/community/posts', { category: 'general', title, body: 'Some nights I lie awake until **four**. Does anyone else?' }, alex);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const postId = created.body.data.id as string;
    expect((await api.get(`/api/community/posts/${postId}`, reader.jwt)).status).toBe(200);
    for (const jwt of [sam, memberA.jwt, memberB.jwt]) {
      const flag = await api.post('/api/community/flags', { target: 'post', id: postId, reason: 'spam' }, jwt);
      expect(flag.status, JSON.stringify(flag.body)).toBeLessThan(300);
    }
    expect((await api.get(`/api/community/posts/${postId}`, reader.jwt)).status).toBe(404);
    // Sam writes crisis language hidden by emphasis: it goes to the queue, first.
    const crisisTitle = `A long night ${crypto.randomBytes(3).toString('hex')}`;
    expect((await api.post('/api/community/posts', { category: 'general', title: crisisTitle, body: 'Honestly I want to d**ie** tonight.' }, sam)).status).toBe(201);
    const modToken = await adminToken(haven.url, MODERATOR, DEMO_PASSWORD);
    const moderatorApi = apiClient(haven.url, { authorization: `Bearer ${modToken}` });
    const queued = await moderatorApi.get('/community/queue');
    expect(queued.status).toBe(200);
    expect(queued.body.data.find((item: any) => item.id === postId)).toMatchObject({ target: 'post', title, flagCount: 3 });

    // The moderator role holds the two moderation permissions and its home widget's figures, nothing else of the admin.
    const permissions = await moderatorApi.get('/admin/users/me/permissions');
    expect(permissions.body.data.map((p: any) => p.action).sort()).toEqual(['plugin::community.moderation.act', 'plugin::community.moderation.read', 'plugin::dashboards.moderation']);

    context = await browser.newContext({ locale: 'en-GB', timezoneId: 'Europe/Lisbon', viewport: { width: 1366, height: 900 } });
    await keepOffline(context, haven.url);
    const page: Page = await context.newPage();
    page.setDefaultTimeout(15_000);
    // Every answer of the CMS that is an error (a 403 would mean the page calls what a moderator may not).
    const failures: string[] = [];
    page.on('response', (res: Response) => {
      const url = new URL(res.url());
      if (url.origin === haven.url && res.status() >= 400 && url.pathname !== '/favicon.ico') failures.push(`${res.status()} ${res.request().method()} ${url.pathname}`);
    });

    await adminLogIn(page, haven.url, MODERATOR, DEMO_PASSWORD);
    const nav = page.locator('nav').first();
    const moderationLink = nav.getByRole('link', { name: 'Moderation' });
    await moderationLink.waitFor();
    const navLinks = (await nav.getByRole('link').evaluateAll((links) => links.map((a) => a.getAttribute('aria-label') || a.textContent?.trim() || ''))).filter(Boolean);
    expect(navLinks).toContain('Moderation');
    expect(navLinks.filter((name) => name !== 'Moderation' && !ALWAYS_SHOWN.includes(name))).toEqual([]);
    for (const absent of ['Media Library', 'Content-Type Builder', 'Marketplace', 'Releases', 'Deploy']) {
      expect(await nav.getByRole('link', { name: absent }).count()).toBe(0);
    }

    // The queue: the post is there, with its three flags.
    await moderationLink.click();
    await page.waitForURL(`${haven.url}/admin/plugins/community`);
    await expect.poll(() => page.title()).toContain('Moderation');
    const item = page.getByRole('article', { name: title });
    await item.waitFor();
    await expect.poll(() => item.textContent()).toContain('3 flags');
    expect(await item.textContent()).toContain('spam × 3');
    // The text as readers see it (Markdown rendered to plain text), where highlights are marked.
    expect(await item.textContent()).toContain('Some nights I lie awake until four. Does anyone else?');

    // Accessibility of our page (the queue, then the action dialog).
    const serious = seriousOrWorse(await runAxeExcluding(page, [], 'moderation queue'));

    // Sam's crisis post: the whole match is marked on the text as shown ("d**ie**" is shown and marked as "die",
    // not only the bold "ie"), and the moderator can write to the alias privately.
    const crisisItem = page.getByRole('article', { name: crisisTitle });
    expect(await crisisItem.locator('mark[data-reason="crisis"]').allTextContents()).toEqual(['want to die']);
    await crisisItem.getByRole('button', { name: 'Send a private message' }).click();
    const noticeDialog = page.getByRole('dialog');
    await noticeDialog.waitFor();
    expect(await noticeDialog.getByLabel('Message').inputValue()).toMatch(/^We noticed your post and wanted to check in/);
    serious.push(...seriousOrWorse(await runAxeExcluding(page, [], 'private message dialog')));
    const sent = page.waitForResponse((res) => res.url().endsWith('/notice') && res.request().method() === 'POST');
    await noticeDialog.getByRole('button', { name: 'Send message' }).click();
    expect((await sent).status()).toBe(201);
    await noticeDialog.waitFor({ state: 'hidden' });

    // Approve: a dialog asks for a reason, which is required.
    await item.getByRole('button', { name: 'Approve' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    expect(await dialog.getByRole('heading').first().textContent()).toContain(title);
    await dialog.getByRole('button', { name: 'Approve' }).click();
    await dialog.getByText('Please give a reason').waitFor();
    serious.push(...seriousOrWorse(await runAxeExcluding(page, [], 'approve dialog')));
    const reason = 'Not spam: an honest question about sleep.';
    await dialog.getByLabel('Reason').fill(reason);
    const acted = page.waitForResponse((res) => res.url().endsWith('/community/actions') && res.request().method() === 'POST');
    await dialog.getByRole('button', { name: 'Approve' }).click();
    expect((await acted).status()).toBe(200);
    await dialog.waitFor({ state: 'hidden' });
    await item.waitFor({ state: 'detached' });

    // The Log tab shows the approval with its reason.
    await page.getByRole('tab', { name: 'Log' }).click();
    const logRow = page.getByRole('row').filter({ hasText: reason });
    await logRow.waitFor();
    expect(await logRow.textContent()).toContain('Approved');
    serious.push(...seriousOrWorse(await runAxeExcluding(page, [], 'moderation log')));

    // Through the API: the post is visible to members again, and the log holds the approval.
    expect((await api.get(`/api/community/posts/${postId}`, reader.jwt)).status).toBe(200);
    const log = await moderatorApi.get('/community/log');
    expect(log.status).toBe(200);
    expect(log.body.data).toContainEqual(expect.objectContaining({ action: 'approve', target: 'post', targetId: postId, reason }));
    expect((await moderatorApi.get('/community/queue')).body.data.some((entry: any) => entry.id === postId)).toBe(false);

    expect(failures, 'requests of the admin panel that failed').toEqual([]);
    expect(serious, 'serious or critical accessibility problems on the moderation page').toEqual([]);
  });
});
