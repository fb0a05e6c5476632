/** Pages, result titles and waits of the library browser suite (library.test.ts). */
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import type { BrowserSuite } from '../helpers/browser-suite';

// A 1×1 PNG, for a cover picture.
export const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');

/** The library's page helpers for one browser suite. */
export function libraryPages(suite: BrowserSuite) {
  /**
   * A fresh page. `javaScript: false` is a browser without JavaScript; `island: false` keeps JavaScript
   * (axe needs it) but never loads the site's scripts, so the server-rendered search stays in place.
   */
  async function newPage(options: { javaScript?: boolean; island?: boolean } = {}): Promise<Page> {
    const page = await suite.newPage({ javaScriptEnabled: options.javaScript ?? true });
    if (options.island === false) await page.route('**/_astro/*.js', (route) => route.abort());
    return page;
  }

  const staticTitles = async (page: Page) => (await page.locator('#library-static .resource-card h3').allTextContents()).map((t) => t.trim());
  const liveTitles = async (page: Page) => (await page.locator('[data-library-island] .resource-card h3').allTextContents()).map((t) => t.trim());

  /** Waits until the island's result titles satisfy `check` (the island searches in the background). */
  async function waitForLiveTitles(page: Page, check: (titles: string[]) => boolean, what: string): Promise<string[]> {
    const deadline = Date.now() + 8_000;
    let titles: string[] = [];
    while (Date.now() < deadline) {
      titles = await liveTitles(page);
      if (check(titles) && (await page.locator('[data-library-island] .ais-Stats-text').textContent())?.includes('resource')) return titles;
      await page.waitForTimeout(100);
    }
    throw new Error(`the island never showed ${what}; it shows: ${JSON.stringify(titles)}`);
  }

  async function openIsland(page: Page, url: string) {
    await page.goto(url);
    await page.locator('[data-library-island][data-ready="true"]').waitFor();
    expect(await page.locator('#library-static').isHidden()).toBe(true);
  }

  const categoryId = async (slug: string) =>
    (await suite.stack.haven.strapi.db.query('api::category.category').findOne({ where: { slug }, select: ['documentId'] })).documentId as string;

  /** Polls the site's own search endpoint until `slug` is among the hits for `q` (the CMS indexes after the write). */
  async function waitUntilSearchable(q: string, slug: string, timeoutMs = 10_000) {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const res = await fetch(`${suite.stack.site.url}/api/library/search?q=${encodeURIComponent(q)}`);
      if (res.ok && ((await res.json()) as any).hits.some((hit: any) => hit.slug === slug)) return;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`"${slug}" did not appear in the site's search for "${q}" within ${timeoutMs} ms`);
  }

  return { newPage, staticTitles, liveTitles, waitForLiveTitles, openIsland, categoryId, waitUntilSearchable };
}
