/**
 * The set-up every browser test file shares: a stack (mailbox, CMS with demo data, built site) and a
 * Chromium for the whole file, fresh browser contexts per page, closed after each test (or at the
 * end, for files whose tests share logged-in pages), plus the small page helpers they all use.
 *
 *   const suite = useBrowserSuite({ context: { locale: 'en-GB' } });
 *   it('…', async () => { const page = await suite.newPage(); await page.goto(suite.stack.site.url); });
 */
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import type { Browser, BrowserContext, BrowserContextOptions, Locator, Page } from 'playwright-core';
import { launchBrowser, runAxe, seriousOrWorse } from './browser';
import { startStack, type Stack } from './site';

type StackOptions = NonNullable<Parameters<typeof startStack>[0]>;

export const DEMO_PASSWORD = 'DemoPass2026!';

export interface BrowserSuiteOptions {
  /**
   * Passed to startStack (demo data is seeded unless seedDemo is false); a function is called in
   * beforeAll, for options that depend on something started first (a payment provider's stand-in).
   */
  stack?: StackOptions | (() => StackOptions | Promise<StackOptions>);
  /** Defaults for every context this suite opens (locale, time zone, …). */
  context?: BrowserContextOptions;
  /** Close the pages opened by a test when it ends (default true); false keeps them for the next tests. */
  closeAfterEach?: boolean;
  /** Playwright's default timeout for every page of the suite, in ms (default 10 s). */
  pageTimeout?: number;
  /** More Chromium switches for this file's browser (e.g. a fake camera and microphone); the defaults stay. */
  browserArgs?: string[];
}

export interface BrowserSuite {
  readonly stack: Stack;
  readonly browser: Browser;
  /** A page in a context of its own, with a 10 s default timeout. */
  newPage(options?: BrowserContextOptions): Promise<Page>;
  /** Logs in through the site's form (at `path`, e.g. `/login?next=%2Fcommunity`) and waits to leave the log-in page. */
  logIn(page: Page, identifier: string, password?: string, path?: string): Promise<void>;
  /** A new page (options: its context's) logged in as a demo account, landed on `next` (default `/`). */
  loggedIn(identifier: string, next?: string, options?: BrowserContextOptions): Promise<Page>;
}

export function useBrowserSuite(options: BrowserSuiteOptions = {}): BrowserSuite {
  let stack: Stack | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  const closeAll = () => Promise.all(contexts.splice(0).map((context) => context.close().catch(() => undefined)));

  beforeAll(async () => {
    const stackOptions = typeof options.stack === 'function' ? await options.stack() : options.stack;
    [stack, browser] = await Promise.all([startStack({ seedDemo: true, ...stackOptions }), launchBrowser(options.browserArgs)]);
  });
  if (options.closeAfterEach ?? true) afterEach(closeAll);
  afterAll(async () => {
    await closeAll();
    await browser?.close();
    await stack?.close();
  });

  const started = <T>(value: T | undefined): T => {
    if (!value) throw new Error('the browser suite has not started (use it inside tests, after beforeAll)');
    return value;
  };

  const suite: BrowserSuite = {
    get stack() {
      return started(stack);
    },
    get browser() {
      return started(browser);
    },
    async newPage(contextOptions = {}) {
      const context = await suite.browser.newContext({ ...options.context, ...contextOptions });
      contexts.push(context);
      const page = await context.newPage();
      page.setDefaultTimeout(options.pageTimeout ?? 10_000);
      return page;
    },
    async logIn(page, identifier, password = DEMO_PASSWORD, path = '/login') {
      await page.goto(suite.stack.site.url + path);
      await page.getByLabel('Email address or username').fill(identifier);
      await page.getByLabel('Password', { exact: true }).fill(password);
      await Promise.all([page.waitForURL((url) => !url.pathname.startsWith('/login')), page.getByRole('button', { name: 'Log in' }).click()]);
    },
    async loggedIn(identifier, next = '/', contextOptions = {}) {
      const page = await suite.newPage(contextOptions);
      await suite.logIn(page, identifier, DEMO_PASSWORD, `/login?next=${encodeURIComponent(next)}`);
      await page.waitForURL((url) => url.pathname === next);
      return page;
    },
  };
  return suite;
}

/** Runs axe on the page: no serious or critical violations. */
export async function expectAccessible(page: Page, label: string) {
  expect(seriousOrWorse(await runAxe(page, label)), label).toEqual([]);
}

/** Clicks a submit button and waits until the page the server answers with has loaded. */
export async function submit(page: Page, button: Locator) {
  await Promise.all([page.waitForEvent('load'), button.click()]);
}

/** The text of an element with white space folded, as a reader sees it. */
export const text = async (locator: Locator) => ((await locator.textContent()) ?? '').replace(/\s+/g, ' ').trim();
