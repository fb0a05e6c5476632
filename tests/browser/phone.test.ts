/**
 * Phone first: every page of the site at 360×740 as a visitor, a client (Alex) and a therapist
 * (Dr. Rivera), in a real Chromium against a real CMS with the demo data. A page fails when the
 * document is wider than the screen (horizontal scroll); the message names the page and the
 * elements that stick out. The list of pages is checked against the files in site/src/pages, so a
 * page added without an entry here fails too. Then the header's "Menu" button: one header row on a
 * phone, opened and closed with the keyboard, axe clean, and the no-script fallback.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD, expectAccessible, useBrowserSuite } from '../helpers/browser-suite';
import { ROOT, apiClient, randomClientAddress } from '../helpers/haven';
import { enrolTwoFactor } from '../helpers/two-factor';
import { signPreviewToken } from '@haven/shared/preview';

const WIDTH = 360;
/** PHONE_SCREENSHOTS=<folder>: also save a full-page screenshot of every page, to look at them. */
const SCREENSHOTS = process.env.PHONE_SCREENSHOTS;
const PHONE = { viewport: { width: WIDTH, height: 740 }, isMobile: true, hasTouch: true, locale: 'en-GB', timezoneId: 'Europe/London' };
// Previews on, so the draft preview page renders (with a token signed as the CMS signs it).
const PREVIEW_SECRET = 'phone-preview-secret-0123456789abcdef0123456789';
const suite = useBrowserSuite({
  context: PHONE,
  closeAfterEach: false,
  pageTimeout: 20_000,
  stack: { havenEnv: { PREVIEW_SECRET, BOOKING_REMINDER_POLL_MS: '3600000', BOOKING_CALENDAR_POLL_MS: '3600000' }, siteEnv: { PREVIEW_SECRET } },
});

type Role = 'visitor' | 'client' | 'therapist';
const ACCOUNTS: Record<Exclude<Role, 'visitor'>, string> = { client: 'alex@haven.example', therapist: 'dr.rivera@haven.example' };

/** Ids of demo records, found the way a person finds them: from the links on the listing pages. */
type Ids = Record<'therapist' | 'resource' | 'resourceDocument' | 'previewToken' | 'start' | 'category' | 'post' | 'session' | 'client' | 'assessment' | 'payment', string>;

/**
 * Every file under site/src/pages: the addresses to load (as whom), or why it is not a page a
 * person looks at (an endpoint answering JSON, a file or a redirect). Files and folders starting
 * with "_" are modules of a page, not routes.
 */
const PAGES: Record<string, { paths: (ids: Ids) => string[]; as?: Role[] } | { notAPage: string }> = {
  '404.astro': { paths: () => ['/no-such-page'] },
  'index.astro': { paths: () => ['/'] },
  'home.astro': { paths: () => ['/home'], as: ['client', 'therapist'] },
  'login.astro': { paths: () => ['/login'], as: ['visitor'] },
  'signup.astro': { paths: () => ['/signup', '/signup?type=therapist'], as: ['visitor'] },
  'forgot-password.astro': { paths: () => ['/forgot-password'], as: ['visitor'] },
  'reset-password.astro': { paths: () => ['/reset-password?code=abc'], as: ['visitor'] },
  'logout.astro': { paths: () => ['/logout'], as: ['client'] },
  'privacy.astro': { paths: () => ['/privacy'] },
  'terms.astro': { paths: () => ['/terms'] },
  'consent.astro': { notAPage: 'shown only after a new notice version, else a redirect to next (tests/browser/auth.test.ts loads it)' },
  'profile/sessions.astro': { notAPage: 'a form post that redirects (sign out a session, or everywhere)' },
  'therapists/index.astro': { paths: () => ['/therapists'] },
  'therapists/[id].astro': { paths: (ids) => [`/therapists/${ids.therapist}`] },
  'library/index.astro': { paths: () => ['/library'] },
  'library/[slug].astro': { paths: (ids) => [`/library/${ids.resource}`] },
  'library/preview/[documentId].astro': { paths: (ids) => [`/library/preview/${ids.resourceDocument}?token=${ids.previewToken}`, `/library/preview/${ids.resourceDocument}?token=expired`], as: ['visitor'] },
  'community/index.astro': { paths: () => ['/community'] },
  'community/help.astro': { paths: () => ['/community/help'] },
  'community/mine.astro': { paths: () => ['/community/mine'], as: ['client', 'therapist'] },
  'community/notices.astro': { paths: () => ['/community/notices'], as: ['client', 'therapist'] },
  'community/[category].astro': { paths: (ids) => [`/community/${ids.category}`] },
  'community/posts/[id].astro': { paths: (ids) => [`/community/posts/${ids.post}`] },
  'community/posts/[id]/flag.astro': { paths: (ids) => [`/community/posts/${ids.post}/flag`], as: ['client'] },
  'messages/index.astro': { paths: () => ['/messages'], as: ['client', 'therapist'] },
  'sessions/index.astro': { paths: () => ['/sessions', '/sessions?scope=past'], as: ['client', 'therapist'] },
  'sessions/week.astro': { paths: () => ['/sessions/week'], as: ['therapist'] },
  'sessions/confirm.astro': { paths: (ids) => [`/sessions/confirm?therapist=${ids.therapist}&start=${encodeURIComponent(ids.start)}`], as: ['client'] },
  'sessions/[id]/move.astro': { paths: (ids) => [`/sessions/${ids.session}/move`], as: ['client'] },
  'sessions/[id].astro': { paths: (ids) => [`/sessions/${ids.session}`], as: ['client', 'therapist'] },
  'sessions/[id]/room.astro': { paths: (ids) => [`/sessions/${ids.session}/room`], as: ['client', 'therapist'] },
  'payments/index.astro': { paths: () => ['/payments'], as: ['client', 'therapist'] },
  'payments/return.astro': { paths: () => ['/payments/return'], as: ['client'] },
  'payments/cancelled.astro': { paths: () => ['/payments/cancelled'], as: ['client'] },
  'payments/[id]/receipt.ts': { paths: (ids) => (ids.payment ? [`/payments/${ids.payment}/receipt`] : []), as: ['client'] },
  'practice/application.astro': { paths: () => ['/practice/application'], as: ['therapist'] },
  'practice/availability.astro': { paths: () => ['/practice/availability'], as: ['therapist'] },
  'practice/calendars.astro': { paths: () => ['/practice/calendars'], as: ['therapist'] },
  'practice/payments.astro': { paths: () => ['/practice/payments'], as: ['therapist'] },
  'profile/email.astro': { paths: () => ['/profile/email?token=not-a-token'], as: ['client'] },
  'profile/index.astro': { paths: () => ['/profile'], as: ['client', 'therapist'] },
  'profile/delete.astro': { paths: () => ['/profile/delete'], as: ['client', 'therapist'] },
  'account-deletion.astro': { paths: () => ['/account-deletion?on=2026-12-20T10:00:00.000Z&zone=Europe%2FLondon'], as: ['visitor'] },
  'profile/data/index.astro': { paths: () => ['/profile/data'], as: ['client', 'therapist'] },
  'profile/data/download.ts': { notAPage: 'a form post answered with the export archive (a zip download)' },
  'api/privacy/export.ts': { notAPage: 'JSON for the export progress' },
  'wellness/index.astro': { paths: () => ['/wellness'], as: ['client', 'therapist'] },
  'wellness/progress.astro': { paths: () => ['/wellness/progress'], as: ['client'] },
  'wellness/settings.astro': { paths: () => ['/wellness/settings'], as: ['client'] },
  'wellness/sharing.astro': { paths: () => ['/wellness/sharing'], as: ['client'] },
  'wellness/assessments/index.astro': { paths: () => ['/wellness/assessments'], as: ['client'] },
  'wellness/assessments/[kind].astro': { paths: (ids) => [`/wellness/assessments/${ids.assessment}`], as: ['client'] },
  'wellness/clients/index.astro': { paths: () => ['/wellness/clients'], as: ['therapist'] },
  'wellness/clients/[id].astro': { paths: (ids) => [`/wellness/clients/${ids.client}`], as: ['therapist'] },
  'api/booking/availability-preview.ts': { notAPage: 'JSON for the availability preview' },
  'api/booking/slots.ts': { notAPage: 'JSON for the booking calendar' },
  'api/chat/conversations.ts': { notAPage: 'JSON for the chat' },
  'api/chat/history.ts': { notAPage: 'JSON for the chat' },
  'api/chat/token.ts': { notAPage: 'JSON for the chat' },
  'api/chat/video/[id].ts': { notAPage: 'JSON for the video room' },
  'api/library/search.ts': { notAPage: 'JSON for the library search' },
  'sessions/book.ts': { notAPage: 'a form post that redirects' },
  'payments/checkout.ts': { notAPage: 'a form post that redirects to the provider' },
  'wellness/export.ts': { notAPage: 'a CSV download' },
  'practice/application/document.ts': { notAPage: 'a file download' },
};

function pageFiles(dir = path.join(ROOT, 'site', 'src', 'pages'), prefix = ''): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name.startsWith('_')) return [];
    const name = prefix + entry.name;
    return entry.isDirectory() ? pageFiles(path.join(dir, entry.name), `${name}/`) : [name];
  });
}

/** The elements that stick out past the right edge while their parent does not: where the overflow starts. */
async function overflow(page: Page) {
  return page.evaluate((width) => {
    const describe = (el: Element) => {
      const id = el.id ? `#${el.id}` : '';
      const classes = typeof el.className === 'string' && el.className.trim() ? `.${el.className.trim().split(/\s+/).slice(0, 3).join('.')}` : '';
      const rect = el.getBoundingClientRect();
      const text = (el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 40);
      return `<${el.tagName.toLowerCase()}${id}${classes}> ${Math.round(rect.width)} px wide, right edge at ${Math.round(rect.right)} px${text ? ` ("${text}")` : ''}`;
    };
    const doc = document.documentElement;
    if (doc.scrollWidth <= width) return null;
    // Content inside a scrolling or clipping box (a table's own scroll region) does not move the page.
    const clipped = (el: Element) => {
      for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) if (getComputedStyle(up).overflowX !== 'visible') return true;
      return false;
    };
    const sticking = [...document.body.querySelectorAll('*')].filter((el) => {
      if (clipped(el)) return false;
      const right = el.getBoundingClientRect().right + window.scrollX;
      const parentRight = el.parentElement ? el.parentElement.getBoundingClientRect().right + window.scrollX : 0;
      return right > width + 0.5 && parentRight <= width + 0.5;
    });
    sticking.sort((a, b) => b.getBoundingClientRect().right - a.getBoundingClientRect().right);
    return { scrollWidth: doc.scrollWidth, widest: sticking.slice(0, 3).map(describe) };
  }, WIDTH);
}

/** The href of the first link on the page matching `pattern` (the id it carries), or ''. */
async function linkId(page: Page, url: string, pattern: RegExp) {
  await page.goto(suite.stack.site.url + url);
  const hrefs = await page.locator('a[href]').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
  for (const href of hrefs) {
    const match = pattern.exec(href);
    if (match) return match[1];
  }
  return '';
}

describe('phone first (360 px)', () => {
  const pages = {} as Record<Role, Page>;
  let ids: Ids;

  it('the page list covers every file in site/src/pages', () => {
    const files = pageFiles().sort();
    const listed = Object.keys(PAGES).filter((file) => fs.existsSync(path.join(ROOT, 'site', 'src', 'pages', file)));
    expect(files.filter((file) => !(file in PAGES)), 'pages with no entry in PAGES (add them, with demo ids if the route needs them)').toEqual([]);
    expect(listed.sort()).toEqual(files);
  });

  it('finds demo ids from the listing pages', async () => {
    pages.visitor = await suite.newPage();
    pages.client = await suite.loggedIn(ACCOUNTS.client, '/sessions');
    pages.therapist = await suite.loggedIn(ACCOUNTS.therapist, '/sessions');
    // Clients' shared wellness pages need two-step sign-in: turned on for Dr. Rivera (the page's session stays).
    const riveraLogin = await apiClient(suite.stack.haven.url, { 'x-forwarded-for': randomClientAddress() }).post('/api/auth/local', { identifier: ACCOUNTS.therapist, password: DEMO_PASSWORD });
    await enrolTwoFactor(suite.stack.haven, { jwt: riveraLogin.body.jwt });
    const resource = await suite.stack.haven.strapi.db.query('api::resource.resource').findOne({ where: { publishedAt: { $notNull: true } } });
    ids = {
      therapist: await linkId(pages.visitor, '/therapists', /^\/therapists\/([A-Za-z0-9]+)$/),
      resource: resource?.slug ?? '',
      resourceDocument: resource?.documentId ?? '',
      previewToken: resource ? await signPreviewToken(PREVIEW_SECRET, resource.documentId) : '',
      category: await linkId(pages.client, '/community', /^\/community\/(?!help$|mine$|notices$|posts\/)([a-z0-9-]+)$/),
      post: '',
      start: '',
      session: await linkId(pages.client, '/sessions', /^\/sessions\/(?!week$|book$|confirm$)([A-Za-z0-9]+)$/),
      client: await linkId(pages.therapist, '/wellness/clients', /^\/wellness\/clients\/([A-Za-z0-9]+)$/),
      assessment: await linkId(pages.client, '/wellness/assessments', /^\/wellness\/assessments\/([a-z0-9-]+)$/),
      payment: await linkId(pages.client, '/payments', /^\/payments\/([A-Za-z0-9]+)\/receipt$/),
    };
    // A free time to confirm: the first one the therapist's calendar offers.
    await pages.client.goto(`${suite.stack.site.url}/therapists/${ids.therapist}`);
    ids.start = (await pages.client.locator('input[name="start"]').first().getAttribute('value').catch(() => null)) ?? '';
    ids.post = await linkId(pages.client, `/community/${ids.category}`, /^\/community\/posts\/([A-Za-z0-9]+)$/);
    const needed = { ...ids, payment: 'optional', start: 'optional' };
    expect(Object.entries(needed).filter(([, value]) => !value).map(([key]) => key), 'demo records not found').toEqual([]);
  });

  it('no page scrolls sideways at 360 px, for a visitor, a client or a therapist', async () => {
    const problems: string[] = [];
    const files = new Set(pageFiles());
    for (const [file, entry] of Object.entries(PAGES)) {
      if ('notAPage' in entry || !files.has(file)) continue;
      for (const role of entry.as ?? (['visitor', 'client', 'therapist'] as const)) {
        for (const url of entry.paths(ids)) {
          const page = pages[role];
          const response = await page.goto(suite.stack.site.url + url);
          if ((response?.status() ?? 0) >= 500) problems.push(`${url} as ${role}: HTTP ${response?.status()}`);
          // React islands render after hydration: measure what the person finally sees (islands that
          // wait to be scrolled into view are measured as rendered on the server).
          await page.waitForFunction(() => !document.querySelector('astro-island[ssr][client="load"], astro-island[ssr][client="only"]'), undefined, { timeout: 5_000 }).catch(() => undefined);
          const wide = await overflow(page);
          if (SCREENSHOTS) await page.screenshot({ path: path.join(SCREENSHOTS, `${role}${url.replace(/[^a-z0-9]+/gi, '_').slice(0, 80)}.png`), fullPage: true });
          if (wide) problems.push(`${url} as ${role} (${file}): ${wide.scrollWidth} px wide; sticking out: ${wide.widest.join('; ')}`);
        }
      }
    }

    // A form showing its errors (summary and messages under the fields) fits too.
    const form = pages.visitor;
    await form.goto(`${suite.stack.site.url}/signup`);
    await form.evaluate(() => document.querySelectorAll('form').forEach((f) => f.setAttribute('novalidate', '')));
    await Promise.all([form.waitForEvent('load'), form.getByRole('button', { name: 'Create account' }).click()]);
    await form.getByRole('alert').first().waitFor();
    const wide = await overflow(form);
    if (wide) problems.push(`/signup with errors: ${wide.scrollWidth} px wide; sticking out: ${wide.widest.join('; ')}`);
    expect(problems).toEqual([]);
  }, 300_000);

  it('a phone gets one header row and a Menu button that opens and closes the nav from the keyboard', async () => {
    const page = pages.client;
    await page.goto(`${suite.stack.site.url}/wellness`);
    const button = page.getByRole('button', { name: 'Menu' });
    const nav = page.locator('#site-nav');
    await button.waitFor();
    await expect(button.isVisible()).resolves.toBe(true);
    await expect(nav.isVisible()).resolves.toBe(false);
    expect(await button.getAttribute('aria-expanded')).toBe('false');
    expect(await button.getAttribute('aria-controls')).toBe(await nav.getAttribute('id'));
    // One row: the header is no taller than the button plus its padding.
    expect((await page.locator('.site-header').boundingBox())!.height).toBeLessThan(80);

    // Tab from the skip link to the button, open it with Enter: the nav shows, Home first.
    await page.locator('body').focus();
    for (let i = 0; i < 5 && !(await button.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
    expect(await button.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    expect(await button.getAttribute('aria-expanded')).toBe('true');
    await expect(nav.isVisible()).resolves.toBe(true);
    const links = await nav.getByRole('link').allTextContents();
    expect(links[0]!.trim()).toBe('Home');
    expect(links.map((l) => l.trim())).toContain('Wellness');
    expect(await nav.getByRole('link', { name: 'Wellness' }).getAttribute('aria-current')).toBe('page');
    await expectAccessible(page, 'menu open at 360 px');
    if (SCREENSHOTS) await page.screenshot({ path: path.join(SCREENSHOTS, 'menu-open.png') });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(WIDTH);

    // The next Tab goes into the nav; Escape closes it and puts focus back on the button.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Home');
    await page.keyboard.press('Escape');
    expect(await button.getAttribute('aria-expanded')).toBe('false');
    await expect(nav.isVisible()).resolves.toBe(false);
    expect(await button.evaluate((el) => el === document.activeElement)).toBe(true);

    // Space opens it again; tabbing out of the header past the last item closes it.
    await page.keyboard.press('Space');
    expect(await button.getAttribute('aria-expanded')).toBe('true');
    const items = await nav.locator('a, button').count();
    for (let i = 0; i < items + 1; i++) await page.keyboard.press('Tab');
    expect(await button.getAttribute('aria-expanded')).toBe('false');
  });

  it('without JavaScript the Menu link opens the nav, and a wide screen shows the nav with no button', async () => {
    const plain = await suite.newPage({ javaScriptEnabled: false });
    await plain.goto(`${suite.stack.site.url}/community`);
    const nav = plain.locator('#site-nav');
    await expect(nav.isVisible()).resolves.toBe(false);
    await plain.getByRole('link', { name: 'Menu' }).click();
    await expect(nav.isVisible()).resolves.toBe(true);
    expect((await nav.getByRole('link').allTextContents()).map((l) => l.trim())).toContain('Log in');
    await plain.getByRole('link', { name: 'Close menu' }).click();
    await expect(nav.isVisible()).resolves.toBe(false);

    const wide = await suite.newPage({ viewport: { width: 1280, height: 800 }, isMobile: false, hasTouch: false });
    await wide.goto(`${suite.stack.site.url}/community`);
    await expect(wide.getByRole('navigation', { name: 'Main' }).isVisible()).resolves.toBe(true);
    await expect(wide.getByRole('button', { name: 'Menu' }).isVisible()).resolves.toBe(false);
    await expect(wide.getByRole('link', { name: 'Menu' }).isVisible()).resolves.toBe(false);
    expect((await wide.locator('.site-header').boundingBox())!.height).toBeLessThan(90);
  });

  it('a table with .table-reflow becomes one labelled block per row on a phone', async () => {
    const page = pages.therapist;
    await page.goto(`${suite.stack.site.url}/wellness/clients`);
    const row = page.locator('table.table-reflow tbody tr').first();
    expect(await row.evaluate((tr) => getComputedStyle(tr).display)).toBe('block');
    const cell = row.locator('td[data-label]').first();
    expect(await cell.evaluate((td) => getComputedStyle(td, '::before').content)).toBe('"Sharing since"');
    // The column heads stay in the page for screen readers, out of sight.
    expect((await page.locator('table.table-reflow thead').boundingBox())!.width).toBeLessThanOrEqual(1);
    await expectAccessible(page, 'reflowed table at 360 px');
  });

  it('the check-in\'s keyboard hint is not shown on a touch screen, but is on a desktop', async () => {
    await pages.client.goto(`${suite.stack.site.url}/wellness`);
    const hint = pages.client.locator('.keys-hint');
    expect(await hint.count()).toBeGreaterThan(0);
    await expect(hint.first().isVisible()).resolves.toBe(false);
    const desktop = await suite.loggedIn(ACCOUNTS.client, '/wellness', { viewport: { width: 1280, height: 800 }, isMobile: false, hasTouch: false });
    await expect(desktop.locator('.keys-hint').first().isVisible()).resolves.toBe(true);
    // A signed-in desktop header is one row too: the brand and all ten nav items.
    expect((await desktop.locator('.site-header').boundingBox())!.height).toBeLessThan(90);
    if (SCREENSHOTS) await desktop.screenshot({ path: path.join(SCREENSHOTS, 'desktop-signed-in-header.png') });
    // On a tablet the nav wraps beside the brand: two rows at most, and nothing sticks out.
    await desktop.setViewportSize({ width: 768, height: 1024 });
    expect((await desktop.locator('.site-header').boundingBox())!.height).toBeLessThan(125);
    expect(await desktop.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(768);
    if (SCREENSHOTS) await desktop.screenshot({ path: path.join(SCREENSHOTS, 'tablet-signed-in-header.png') });
  });
});
