/**
 * The Strapi admin panel in browser tests: a check that it was built, logging in through its form,
 * an admin-API token, keeping the browser off the internet, and axe-core scoped to the page's content.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { BrowserContext, Page } from 'playwright-core';
import { apiClient, ROOT } from './haven';
import type { AxeViolation } from './browser';

const require = createRequire(import.meta.url);

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

let axeSource: string | null = null;

/**
 * axe-core on the page as it is now, leaving out `exclude` (CSS selectors of parts that are not
 * ours, such as Strapi's own navigation). Prints what it finds; assert on seriousOrWorse(...).
 */
export async function runAxeExcluding(page: Page, exclude: string[], label = page.url()): Promise<AxeViolation[]> {
  axeSource ??= (require('axe-core') as { source: string }).source;
  // Away from whatever was clicked last, so that colours are checked at rest rather than hovered.
  await page.mouse.move(0, 0);
  if (!(await page.evaluate(() => Boolean((window as any).axe)))) await page.addScriptTag({ content: axeSource });
  const violations = (await page.evaluate(async (excluded) => {
    const context = excluded.length ? { include: [['html']], exclude: excluded.map((selector) => [selector]) } : document;
    const result = await (window as any).axe.run(context, { resultTypes: ['violations'] });
    return result.violations.map((v: any) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n: any) => ({ target: n.target, html: n.html, failureSummary: n.failureSummary })),
    }));
  }, exclude)) as AxeViolation[];
  for (const v of violations) {
    console.log(`[axe] ${label}: ${v.impact ?? 'unknown'} ${v.id}: ${v.help} (${v.helpUrl})`);
    for (const node of v.nodes.slice(0, 5)) console.log(`        ${JSON.stringify(node.target)} ${node.html.slice(0, 160)}`);
  }
  return violations;
}
