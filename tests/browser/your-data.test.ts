/**
 * "Your data" on the built site (issue 20), in a real Chromium against a real CMS with the demo data.
 * Export: from the profile to /profile/data, an archive asked for, its progress shown (a <progress>
 * bar and a live status) until it is ready, then downloaded once as a zip holding haven-export.json;
 * without JavaScript the page refreshes itself while it waits. Axe on every page.
 * (The erasure's own describe block joins this file.)
 */
import fs from 'node:fs';
import { unzipSync, strFromU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { expectAccessible, submit, text, useBrowserSuite } from '../helpers/browser-suite';
import { createUser } from '../helpers/haven';

// No background worker here: the test builds the archive itself once it has seen the page waiting (with a
// worker, a pass that starts just as the export is asked for can finish before the page is drawn, and the
// waiting state is never shown).
const suite = useBrowserSuite({ stack: { havenEnv: { PRIVACY_EXPORT_WORKER: 'false' } }, pageTimeout: 20_000 });
/** One pass of the export worker, as a CMS process runs it. */
const buildQueuedArchives = (): Promise<number> => suite.stack.haven.strapi.plugin('privacy').service('exports').runOnce();

describe('your data: export', () => {
  it('the client asks for an export from the profile, sees its progress and downloads the zip once', async () => {
    const page = await suite.loggedIn('alex@haven.example', '/profile');
    const link = page.getByRole('link', { name: 'Download everything Haven holds about you' });
    await link.scrollIntoViewIfNeeded();
    await Promise.all([page.waitForURL((url) => url.pathname === '/profile/data'), link.click()]);
    expect(await text(page.getByRole('heading', { level: 1 }))).toBe('Your data');
    await expectAccessible(page, '/profile/data (nothing asked yet)');

    await submit(page, page.getByRole('button', { name: 'Prepare my archive' }));
    expect(new URL(page.url()).pathname).toBe('/profile/data');
    const status = page.locator('#export-status');
    expect(await status.getAttribute('aria-live')).toBe('polite');
    // While it waits: the progress bar, labelled, and a sentence saying what happens.
    const bar = page.getByRole('progressbar', { name: 'Progress' });
    await bar.waitFor();
    expect(await bar.getAttribute('max')).toBe('9');
    expect(await text(status)).toMatch(/^(Your archive is waiting to be prepared|Preparing your archive: step \d of 9)/);
    await page.waitForSelector('astro-island:not([ssr])');
    await expectAccessible(page, '/profile/data (waiting)');
    expect(await buildQueuedArchives()).toBe(1);

    // The island polls until the archive is ready, with no reload.
    await page.getByText('Your archive is ready. You can download it once.').waitFor({ timeout: 30_000 });
    expect(await bar.count()).toBe(0);
    await expectAccessible(page, '/profile/data (ready)');

    const button = page.getByRole('button', { name: 'Download your archive' });
    const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
    expect(download.suggestedFilename()).toMatch(/^haven-export-\d{4}-\d{2}-\d{2}\.zip$/);
    // The browser never saw a token or the archive's address: it posted a form to the site.
    expect(download.url()).toBe(`${suite.stack.site.url}/profile/data/download`);
    const bytes = fs.readFileSync((await download.path())!);
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    const files = unzipSync(new Uint8Array(bytes));
    expect(Object.keys(files).sort()).toEqual(['haven-export.json', 'index.html']);
    const exported = JSON.parse(strFromU8(files['haven-export.json']));
    expect(exported.format).toBe('haven-export/1');
    expect(Object.keys(exported.plugins)).toContain('wellness');

    // Once: the page says it is gone, and a second try (the form posted again) finds nothing.
    await page.getByText(/Your archive was downloaded and deleted from Haven/).waitFor();
    const again = await page.request.post(`${suite.stack.site.url}/profile/data/download`, { form: { id: '0'.repeat(24) }, maxRedirects: 0, headers: { origin: suite.stack.site.url } });
    expect(again.status()).toBe(303);
    expect(again.headers().location).toBe('/profile/data?problem=missing');
  });

  it('without JavaScript the page refreshes itself while the archive is prepared', async () => {
    const page = await suite.loggedIn('sam@haven.example', '/profile', { javaScriptEnabled: false });
    await page.goto(`${suite.stack.site.url}/profile/data`);
    await submit(page, page.getByRole('button', { name: 'Prepare my archive' }));
    expect(await page.locator('noscript').first().innerHTML()).toContain('http-equiv="refresh"');
    expect(await buildQueuedArchives()).toBe(1);
    await page.getByText('Your archive is ready. You can download it once.').waitFor({ timeout: 30_000 });
    // (axe needs JavaScript: the same page with it is checked above)
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download your archive' }).click()]);
    expect(fs.readFileSync((await download.path())!).subarray(0, 2).toString('latin1')).toBe('PK');
  });
});

describe('your data: deleting the account', () => {
  it('a client deletes their account from the profile, sees the date, is signed out; logging in again cancels it and says so once; axe clean, no JavaScript needed', async () => {
    const user = await createUser(suite.stack.haven, 'client');
    // The form works without JavaScript: the whole request is made with it off.
    const page = await suite.newPage({ javaScriptEnabled: false });
    await suite.logIn(page, user.email, user.password, '/login?next=%2Fprofile');
    await Promise.all([page.waitForURL((url) => url.pathname === '/profile/delete'), page.getByRole('link', { name: 'Delete your account' }).click()]);
    expect(await text(page.getByRole('heading', { level: 1 }))).toBe('Delete your account');
    expect(await text(page.locator('main'))).toMatch(/accounting law/);
    expect(await text(page.locator('main'))).toMatch(/message deleted/);

    // A wrong password: said at the field, nothing scheduled.
    await page.getByRole('radio', { name: /Keep them as “Former member”/ }).check();
    await page.getByLabel('Your password').fill('not-my-password');
    await submit(page, page.getByRole('button', { name: 'Delete my account' }));
    expect(await text(page.locator('#f-password-error'))).toBe('That password is not right');
    expect(await page.getByRole('radio', { name: /Keep them as “Former member”/ }).isChecked()).toBe(true);

    await page.getByLabel('Your password').fill(user.password);
    await submit(page, page.getByRole('button', { name: 'Delete my account' }));
    expect(new URL(page.url()).pathname).toBe('/account-deletion');
    expect(await text(page.getByRole('heading', { level: 1 }))).toBe('Your account will be deleted');
    const due = new Date(new URL(page.url()).searchParams.get('on')!);
    expect(due.getTime()).toBeGreaterThan(Date.now() + 13 * 86_400_000);
    expect(await text(page.locator('main'))).toContain(String(due.getUTCFullYear()));
    expect(await text(page.locator('main'))).toMatch(/Log in before then and the deletion is cancelled/);
    // Signed out: the profile asks to log in.
    await page.goto(`${suite.stack.site.url}/profile`);
    expect(new URL(page.url()).pathname).toBe('/login');

    // The same pages with JavaScript, for axe (the request itself is made above).
    const checker = await suite.newPage();
    await checker.goto(`${suite.stack.site.url}/account-deletion?on=${encodeURIComponent(due.toISOString())}`);
    await expectAccessible(checker, '/account-deletion');
    // The address is anyone's to edit: a zone that is not one reads as UTC, and without a date the page says the CMS's grace period.
    const badZone = await checker.goto(`${suite.stack.site.url}/account-deletion?on=${encodeURIComponent(due.toISOString())}&zone=Not%2FA_Zone`);
    expect(badZone?.status()).toBe(200);
    expect(await text(checker.locator('main'))).toContain(String(due.getUTCFullYear()));
    await checker.goto(`${suite.stack.site.url}/account-deletion`);
    const graceDays = (await (await fetch(`${suite.stack.haven.url}/api/privacy/health`)).json()).erasureGraceDays as number;
    expect(await text(checker.locator('main'))).toContain(`will be deleted in ${graceDays} days`);

    // Logging in before the date cancels it; the home page says so once.
    await suite.logIn(checker, user.email, user.password);
    expect(new URL(checker.url()).pathname).toBe('/home');
    await checker.getByText('Your account deletion was cancelled').waitFor();
    await expectAccessible(checker, '/home (deletion cancelled)');
    await checker.reload();
    expect(await checker.getByText('Your account deletion was cancelled').count()).toBe(0);

    await checker.goto(`${suite.stack.site.url}/profile/delete`);
    await expectAccessible(checker, '/profile/delete');
    await submit(checker, checker.getByRole('button', { name: 'Delete my account' }));
    expect(await text(checker.locator('#community-error'))).toBe('Choose what happens to your community posts and replies.');
    await expectAccessible(checker, '/profile/delete (errors)');
  });
});
