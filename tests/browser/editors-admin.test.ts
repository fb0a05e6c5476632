/**
 * Editors' comfort in a real Chromium: the demo editor's admin home carries no "new Media Library"
 * banner; a draft resource opens in the Content Manager with human labels and help texts; "Open
 * preview" shows the draft rendered by the site (framed by the admin), through a short-lived token.
 * Needs the built admin panel and the built site (`cd cms && npx strapi build`, `npm run build -w site`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { freePort, startHaven, type Haven } from '../helpers/haven';
import { startSite, type Site } from '../helpers/site';
import { launchBrowser, seriousOrWorse } from '../helpers/browser';
import { adminLogIn, assertAdminBuilt, runAxeExcluding } from '../helpers/admin';

const DEMO_PASSWORD = 'DemoPass2026!';
const PREVIEW_SECRET = 'browser-preview-secret-0123456789abcdef0123456789';
const RESOURCE = 'api::resource.resource';
const TITLE = 'Breathing for bedtime (draft)';

let haven: Haven;
let site: Site;
let browser: Browser;
let context: BrowserContext;
let draftId: string;

beforeAll(async () => {
  assertAdminBuilt();
  const sitePort = await freePort();
  const siteUrl = `http://127.0.0.1:${sitePort}`;
  [haven, browser] = await Promise.all([
    startHaven({
      seedDemo: true,
      serveAdminPanel: true,
      env: { PREVIEW_SECRET, PUBLIC_SITE_URL: siteUrl, BOOKING_REMINDER_POLL_MS: '3600000', BOOKING_CALENDAR_POLL_MS: '3600000' },
    }),
    launchBrowser(),
  ]);
  site = await startSite({ cmsUrl: haven.url, port: sitePort, env: { PREVIEW_SECRET, PUBLIC_CMS_URL: haven.url, PUBLIC_SITE_URL: siteUrl } });
  const draft = await haven.strapi.documents(RESOURCE).create({
    data: { title: TITLE, slug: 'breathing-for-bedtime', kind: 'article', summary: 'Slow breaths that tell the body it is safe to rest.', body: 'Breathe in for four, out for six.', tags: ['sleep', 'breathing'] },
  });
  draftId = draft.documentId;
  context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1366, height: 900 } });
  // Off the internet: only the CMS (admin) and the site (the preview frame) answer.
  const allowed = new Set([new URL(haven.url).origin, new URL(site.url).origin]);
  await context.route((url) => !allowed.has(url.origin) && url.protocol !== 'data:' && url.protocol !== 'blob:', (route) => route.abort('blockedbyclient'));
});
afterAll(async () => {
  await context?.close().catch(() => undefined);
  await browser?.close();
  await site?.close();
  await haven?.close();
});

/** The demo editor's page, logged in once and shared by the tests. */
let editor: Page | null = null;
async function editorPage(): Promise<Page> {
  if (editor) return editor;
  editor = await context.newPage();
  editor.setDefaultTimeout(15_000);
  await adminLogIn(editor, haven.url, 'editor@haven.example', DEMO_PASSWORD);
  return editor;
}

describe("editors' comfort", () => {
  it('the editor sees human labels on a draft and previews it as readers will see it', async () => {
    const page = await editorPage();
    await page.waitForTimeout(500);
    await expect(page.getByText('Introducing the new Media Library').count()).resolves.toBe(0);

    await page.goto(`${haven.url}/admin/content-manager/collection-types/${RESOURCE}/${draftId}`);
    await page.getByRole('textbox', { name: 'Title', exact: true }).waitFor();
    await expect(page.getByRole('textbox', { name: 'Title', exact: true }).inputValue()).resolves.toBe(TITLE);
    for (const label of ['Summary', 'Video URL', 'External link', 'Search engine title']) {
      await expect(page.getByText(label, { exact: true }).count(), label).resolves.toBeGreaterThan(0);
    }
    await expect(page.getByText('A YouTube or Vimeo link (https). It is embedded through the privacy-friendly player.').count()).resolves.toBe(1);
    for (const raw of ['videoUrl', 'externalUrl', 'durationMinutes', 'timeMinutes', 'seoTitle']) {
      await expect(page.getByText(raw, { exact: true }).count(), raw).resolves.toBe(0);
    }
    // An article's length is counted, not typed: the field shows for video and audio only.
    await expect(page.getByText('Length (minutes)', { exact: true }).count()).resolves.toBe(0);
    await expect(page.getByText('Set up preview').count()).resolves.toBe(0);
    const serious = seriousOrWorse(await runAxeExcluding(page, [], 'resource edit view'));

    await page.getByRole('link', { name: 'Open preview' }).click();
    const frame = page.frameLocator('iframe');
    await frame.getByRole('heading', { name: TITLE }).waitFor();
    await frame.getByText('Preview of a draft').waitFor();
    await expect(frame.locator('.resource-tags li').allTextContents()).resolves.toEqual(['sleep', 'breathing']);

    const src = await page.locator('iframe').getAttribute('src');
    expect(src).toMatch(new RegExp(`^${site.url}/library/preview/${draftId}\\?token=`));
    const shown = await fetch(src!);
    expect(shown.status).toBe(200);
    expect(shown.headers.get('cache-control')).toBe('no-store');
    expect(shown.headers.get('x-robots-tag')).toContain('noindex');
    expect(shown.headers.get('content-security-policy')).toContain(`frame-ancestors ${new URL(haven.url).origin}`);
    // One character inside the signature changed: not the last one, whose low bits base64url leaves unused
    // (switching it can decode to the very same bytes, and the token would rightly still be valid).
    const at = src!.length - 8;
    const tampered = await fetch(src!.slice(0, at) + (src![at] === 'A' ? 'B' : 'A') + src!.slice(at + 1));
    expect(tampered.status).toBe(401);
    expect(await tampered.text()).not.toContain(TITLE);
    const published = await fetch(`${site.url}/library/breathing-for-bedtime`);
    expect(published.status).toBe(404);

    expect(serious, 'serious or critical accessibility problems on the resource edit view').toEqual([]);
  });

  it('offers no preview for types readers never see on their own', async () => {
    const page = await editorPage();
    const category = await haven.strapi.db.query('api::category.category').findOne({ where: { slug: 'sleep' } });
    await page.goto(`${haven.url}/admin/content-manager/collection-types/api::category.category/${category.documentId}`);
    await page.getByRole('textbox', { name: 'Name', exact: true }).waitFor();
    await page.waitForTimeout(500);
    await expect(page.getByText('Set up preview').count()).resolves.toBe(0);
    await expect(page.getByText('Open preview').count()).resolves.toBe(0);
  });
});
