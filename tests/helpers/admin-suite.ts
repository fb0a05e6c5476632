/**
 * The set-up of a browser test file in the admin panel: one CMS with the demo and the built admin
 * panel, and one Chromium, for the whole file (a booted CMS is the slow part: share it between a
 * file's tests); `adminPage(email)` opens a logged-in admin page in a context of its own.
 * Needs the built admin panel (cms/dist/build): `npm run build:plugins && cd cms && npx strapi build`.
 */
import { afterAll, beforeAll } from 'vitest';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { startHaven, type Haven } from './haven';
import { launchBrowser } from './browser';
import { adminLogIn, assertAdminBuilt, keepOffline } from './admin';

export const DEMO_PASSWORD = 'DemoPass2026!';
/** Background pollers the admin pages do not need, slowed down so they never compete with the pages. */
const QUIET_POLLERS = { BOOKING_REMINDER_POLL_MS: '3600000', BOOKING_CALENDAR_POLL_MS: '3600000' };

export interface AdminSuite {
  readonly haven: Haven;
  /** A new page in a context of its own (en-GB, 1366×900, offline but for the CMS), logged in as `email`. */
  adminPage(email: string): Promise<Page>;
}

export interface AdminSuiteOptions {
  /** Extra environment for the CMS; a function is called in beforeAll, after the file's own earlier hooks (a mailbox). */
  env?: Record<string, string> | (() => Record<string, string>);
  /** Options of every context the suite opens, over the defaults (en-GB, 1366×900). */
  context?: BrowserContextOptions;
}

export function useAdminSuite(options: AdminSuiteOptions = {}): AdminSuite {
  let haven: Haven | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    assertAdminBuilt();
    const env = typeof options.env === 'function' ? options.env() : options.env;
    [haven, browser] = await Promise.all([startHaven({ seedDemo: true, serveAdminPanel: true, env: { ...QUIET_POLLERS, ...env } }), launchBrowser()]);
  });
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await haven?.close();
  });

  return {
    get haven() {
      if (!haven) throw new Error('the admin suite has not started yet (use it inside a test)');
      return haven;
    },
    async adminPage(email) {
      if (!browser || !haven) throw new Error('the admin suite has not started yet (use it inside a test)');
      const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1366, height: 900 }, ...options.context });
      contexts.push(context);
      await keepOffline(context, haven.url);
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      await adminLogIn(page, haven.url, email, DEMO_PASSWORD);
      return page;
    },
  };
}
