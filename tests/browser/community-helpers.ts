/** Demo members, logged-in pages and posting of the community browser suite (community.test.ts). */
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD, type BrowserSuite } from '../helpers/browser-suite';

export const ALEX = { email: 'alex@haven.example', username: 'alex', displayName: 'Alex' };
export const SAM = { email: 'sam@haven.example', username: 'sam', displayName: 'Sam' };
export const REL = 'nofollow ugc noopener';
export const HOLD_WORD = 'zanzibarquokka';

/** The community's page helpers for one browser suite. */
export function communityPages(suite: BrowserSuite) {
  const { newPage } = suite;
  /** One logged-in page per member (JavaScript on), shared by the tests in order. */
  const pages = new Map<string, Page>();

  /** Logs in through the site's log-in page, arriving at /community. */
  async function logIn(page: Page, email: string) {
    await suite.logIn(page, email, DEMO_PASSWORD, '/login?next=%2Fcommunity');
    expect(page.url()).toBe(`${suite.stack.site.url}/community`);
  }

  async function as(member: { email: string }): Promise<Page> {
    let page = pages.get(member.email);
    if (!page) {
      page = await newPage();
      await logIn(page, member.email);
      pages.set(member.email, page);
    }
    return page;
  }

  /** The community member behind a demo account (set-up knowledge: the site never shows it). */
  async function memberId(person: { email: string }): Promise<number> {
    const user = await suite.stack.haven.strapi.db.query('plugin::users-permissions.user').findOne({ where: { email: person.email }, select: ['id'] });
    return (await suite.stack.haven.strapi.db.query('plugin::community.member').findOne({ where: { userId: user.id }, select: ['id'] })).id;
  }

  const postIdOf = (url: string) => new URL(url).pathname.split('/').pop();

  const pwned = (page: Page) => page.evaluate(() => (window as Window & { __pwned?: number }).__pwned);

  /**
   * Writes a post through the form of a category page and waits for the new post's page (at its
   * crisis panel, #crisis-panel, when the text had crisis language).
   */
  async function writePost(page: Page, category: string, title: string, body: string) {
    await page.goto(`${suite.stack.site.url}/community/${category}`);
    await page.getByLabel('Title').fill(title);
    await page.getByLabel('Your post').fill(body);
    await Promise.all([page.waitForURL(/\/community\/posts\/[A-Za-z0-9]+(?:#crisis-panel)?$/), page.getByRole('button', { name: 'Post', exact: true }).click()]);
  }

  return { logIn, as, memberId, postIdOf, pwned, writePost };
}
