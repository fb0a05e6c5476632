/**
 * A real headless Chromium for browser tests (Debian's /usr/bin/chromium, driven by playwright-core),
 * plus an axe-core accessibility check.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';

const require = createRequire(import.meta.url);

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** `extraArgs`: more Chromium switches (e.g. a fake camera and microphone for video tests). */
export async function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium is missing at ${CHROMIUM_PATH}: install it (apt-get install chromium) or set CHROMIUM_PATH`);
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', ...extraArgs],
  });
}

export interface AxeViolation {
  id: string;
  impact: 'minor' | 'moderate' | 'serious' | 'critical' | null;
  help: string;
  helpUrl: string;
  nodes: { target: unknown[]; html: string; failureSummary?: string }[];
}

let axeSource: string | null = null;

/**
 * Runs axe-core on the page as it is now and returns every violation; prints them (so a failing
 * run says what is wrong and where). `exclude` leaves out parts that are not ours (CSS selectors,
 * such as Strapi's own navigation in the admin). Tests assert on `seriousOrWorse(...)`.
 */
export async function runAxe(page: Page, label = page.url(), { exclude = [] }: { exclude?: string[] } = {}): Promise<AxeViolation[]> {
  axeSource ??= (require('axe-core') as { source: string }).source;
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

export const seriousOrWorse = (violations: AxeViolation[]) =>
  violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.help}`);
