/**
 * The Strapi admin panel in browser tests: a check that it was built, logging in through its form,
 * an admin-API token, keeping the browser off the internet, and axe-core scoped to the page's content.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { apiClient, ROOT } from './haven';
import { runAxe, type AxeViolation } from './browser';

export const ADMIN_BUILD = path.join(ROOT, 'cms', 'dist', 'build');

/** Fails with a clear message when the admin panel was not built (startHaven({serveAdminPanel:true}) serves cms/dist/build). */
export function assertAdminBuilt() {
  if (!fs.existsSync(path.join(ADMIN_BUILD, 'index.html'))) {
    throw new Error(
      `The admin panel is not built (${path.relative(ROOT, ADMIN_BUILD)}/index.html is missing): run \`npm run build:plugins && cd cms && npx strapi build\` first`,
    );
  }
}

/**
 * Aborts every request that leaves the CMS under test: the admin panel asks GitHub for the latest
 * Strapi release and sends analytics, and this machine has no internet (nor should tests use it).
 */
export async function keepOffline(context: BrowserContext, baseUrl: string) {
  const origin = new URL(baseUrl).origin;
  await context.route((url) => url.origin !== origin && url.protocol !== 'data:' && url.protocol !== 'blob:', (route) => route.abort('blockedbyclient'));
}

/** Logs in through the admin panel's own form and waits for the panel to load. */
export async function adminLogIn(page: Page, baseUrl: string, email: string, password: string) {
  await page.goto(`${baseUrl}/admin/auth/login`);
  await page.locator('input[name="email"]').fill(email);
  await page.locator('input[name="password"]').fill(password);
  await Promise.all([page.waitForURL((url) => url.pathname.startsWith('/admin') && !url.pathname.startsWith('/admin/auth')), page.getByRole('button', { name: 'Login' }).click()]);
  await page.locator('nav').first().getByRole('link', { name: 'Home' }).waitFor();
}

/** An admin-API token for that staff account (POST /admin/login), for checks over HTTP. */
export async function adminToken(baseUrl: string, email: string, password: string): Promise<string> {
  const login = await apiClient(baseUrl).post('/admin/login', { email, password });
  if (login.status !== 200) throw new Error(`admin login failed: ${login.status} ${JSON.stringify(login.body)}`);
  return login.body.data.token as string;
}

/**
 * axe-core on the admin page as it is now, leaving out `exclude` (CSS selectors of parts that are not
 * ours, such as Strapi's own navigation), with the pointer moved away from whatever was clicked last
 * so that colours are checked at rest rather than hovered. Assert on seriousOrWorse(...).
 */
export async function runAxeExcluding(page: Page, exclude: string[], label = page.url()): Promise<AxeViolation[]> {
  await page.mouse.move(0, 0);
  // Strapi's buttons fade between hover, focus and rest colours: let those transitions end, or axe
  // may measure a colour half-way through one.
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((animation) => animation.effect?.getTiming().iterations !== Infinity)
        .map((animation) => animation.finished.catch(() => undefined)),
    ),
  );
  return runAxe(page, label, { exclude });
}
