/**
 * The resource library on the site, in a real Chromium against a real CMS with the demo library:
 * the server-rendered search without JavaScript (typos, highlights, facets, pages), the
 * search-as-you-type island (no reload, URL kept in sync), resource pages (SEO tags, safe Markdown,
 * related resources, the privacy-friendly video player), accessibility, and a newly published resource.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAxe, seriousOrWorse } from '../helpers/browser';
import { expectAccessible, text, useBrowserSuite } from '../helpers/browser-suite';
import type { Page } from 'playwright-core';
import { libraryPages, PNG } from './library-helpers';

const suite = useBrowserSuite({ context: { locale: 'en-GB' } });
const { newPage, staticTitles, liveTitles, waitForLiveTitles, openIsland, categoryId, waitUntilSearchable } = libraryPages(suite);

describe('the library without JavaScript', () => {
  it('finds anxiety resources for a misspelt search, with the matching words marked', async () => {
    const page = await newPage({ javaScript: false });
    const response = await page.goto(`${suite.stack.site.url}/library?q=anxeity`);
    expect(response!.status()).toBe(200);
    expect(await page.getByLabel('Search the library').inputValue()).toBe('anxeity');
    expect(await text(page.getByRole('status'))).toBe('4 resources for “anxeity”');
    const titles = await staticTitles(page);
    expect(titles).toContain('Understanding anxiety: what your body is telling you');
    expect(titles).toContain('Grounding techniques for overwhelming moments');
    // Every result is about anxiety: in its Anxiety category.
    for (const card of await page.locator('#library-static .resource-card').all()) expect(await text(card.locator('.resource-categories'))).toContain('Anxiety');
    const marks = (await page.locator('#library-static .resource-card mark').allTextContents()).map((m) => m.toLowerCase());
    expect(marks.length).toBeGreaterThan(0);
    expect(new Set(marks)).toEqual(new Set(['anxiety']));
    // Nothing from the island without JavaScript.
    expect(await page.locator('[data-library-island]').count()).toBe(0);
  });

  it('refines by category and type with the facet links, and pages through the whole library', async () => {
    const page = await newPage({ javaScript: false });
    await page.goto(`${suite.stack.site.url}/library?q=anxeity`);
    const categories = page.locator('.facet', { has: page.getByRole('heading', { name: 'Category' }) });
    const trauma = categories.getByRole('link', { name: /^Trauma 1 resource/ });
    await Promise.all([page.waitForURL(/category=trauma/), trauma.click()]);
    expect(new URL(page.url()).searchParams.get('q')).toBe('anxeity');
    expect(await staticTitles(page)).toEqual(['Grounding techniques for overwhelming moments']);
    expect(await text(page.getByRole('status'))).toBe('1 resource for “anxeity”');
    expect(await categories.locator('.facet-link.is-selected').allTextContents()).toHaveLength(1);
    // The selected value links back to the search without it.
    await Promise.all([page.waitForURL((url) => !url.search.includes('category=')), categories.getByRole('link', { name: /^Trauma .*selected/ }).click()]);
    expect(await staticTitles(page)).toHaveLength(4);

    // Types are "any of": worksheets only, then worksheets or articles.
    const types = page.locator('.facet', { has: page.getByRole('heading', { name: 'Type' }) });
    await Promise.all([page.waitForURL(/kind=worksheet/), types.getByRole('link', { name: /^Worksheets/ }).click()]);
    expect(await page.locator('#library-static .kind-badge').allTextContents()).toEqual(['Worksheet', 'Worksheet']);
    await Promise.all([page.waitForURL(/kind=worksheet,article/), types.getByRole('link', { name: /^Articles/ }).click()]);
    expect(await staticTitles(page)).toHaveLength(4);

    // The search form keeps the filters and searches within them.
    await page.getByLabel('Search the library').fill('grounding');
    await Promise.all([page.waitForURL(/q=grounding/), page.getByRole('button', { name: 'Search', exact: true }).click()]);
    expect(new URL(page.url()).searchParams.get('kind')).toBe('worksheet,article');
    expect(await staticTitles(page)).toEqual(['Grounding techniques for overwhelming moments']);

    // The whole library: 12 resources, 10 a page.
    await page.goto(`${suite.stack.site.url}/library`);
    expect(await text(page.getByRole('status'))).toContain('12 resources');
    const first = await staticTitles(page);
    expect(first).toHaveLength(10);
    const pages = page.getByRole('navigation', { name: 'Pages of results' });
    expect(await pages.getByRole('link', { name: 'Page 1 of 2' }).getAttribute('aria-current')).toBe('page');
    await Promise.all([page.waitForURL(/page=2/), pages.getByRole('link', { name: 'Next page' }).click()]);
    const second = await staticTitles(page);
    expect(second).toHaveLength(2);
    expect(new Set([...first, ...second]).size).toBe(12);
    await Promise.all([page.waitForURL((url) => !url.search.includes('page=')), pages.getByRole('link', { name: 'Previous page' }).click()]);
    expect(await staticTitles(page)).toEqual(first);
  });

  it('keeps every category listed with its count after one is ticked, and a second one adds its resources', async () => {
    const page = await newPage({ javaScript: false });
    await page.goto(`${suite.stack.site.url}/library`);
    const categories = page.locator('.facet', { has: page.getByRole('heading', { name: 'Category' }) });
    const listed = () =>
      categories.locator('.facet-link').evaluateAll((links) => links.map((a) => `${a.querySelector('.facet-label')?.textContent?.trim()} ${a.querySelector('.facet-count')?.textContent?.replace(/\s+/g, ' ').trim()}`));
    const before = await listed();
    await Promise.all([page.waitForURL(/category=sleep$/), categories.getByRole('link', { name: /^Sleep 1 resource/ }).click()]);
    expect(await staticTitles(page)).toEqual(['A gentle evening routine for better sleep']);
    // The other nine categories are still there, with the same counts (Sleep's own filter does not count them).
    const after = await listed();
    expect(after).toHaveLength(before.length);
    expect(after.filter((t) => !t.startsWith('Sleep'))).toEqual(before.filter((t) => !t.startsWith('Sleep')));
    expect(after).toContain('Grief 2 resources');
    // Adding Grief shows sleep or grief resources: no "clear all" needed to switch.
    await Promise.all([page.waitForURL(/category=sleep,grief$/), categories.getByRole('link', { name: /^Grief 2 resources/ }).click()]);
    expect((await staticTitles(page)).sort()).toEqual(['A gentle evening routine for better sleep', 'Finding support after a loss', 'Grief does not follow a timetable']);
    expect(await text(page.getByRole('status'))).toBe('3 resources');
    expect(await categories.locator('.facet-link.is-selected').count()).toBe(2);
  });

  it('helps when nothing matches: remove the filters, other words, urgent help', async () => {
    const page = await newPage({ javaScript: false });
    await page.goto(`${suite.stack.site.url}/library?q=zzqxv&category=grief`);
    expect(await text(page.getByRole('status'))).toBe('No resources found');
    const help = page.locator('.no-results');
    expect(await help.getByRole('link', { name: 'Remove the filters' }).getAttribute('href')).toBe('/library?q=zzqxv');
    expect(await help.getByRole('link', { name: 'see how to get urgent help' }).getAttribute('href')).toBe('#crisis');
    expect(await text(page.locator('#crisis'))).toContain('emergency number');
  });
});

describe('the library with JavaScript', () => {
  it('searches as you type without reloading, refines by category, and keeps the URL in sync', async () => {
    const page = await newPage();
    await openIsland(page, `${suite.stack.site.url}/library`);
    await page.evaluate(() => ((window as any).__sameDocument = 'still here'));
    expect(await liveTitles(page)).toHaveLength(10);

    const box = page.getByRole('searchbox', { name: 'Search the library' });
    await box.pressSequentially('sleep', { delay: 40 });
    await waitForLiveTitles(page, (t) => t.length === 1 && t[0] === 'A gentle evening routine for better sleep', 'the sleep article alone');
    expect(await page.locator('[data-library-island] .resource-card h3 mark').allTextContents()).toEqual(['sleep']);
    await page.waitForURL(/\/library\?q=sleep$/);
    expect(await page.title()).toBe('“sleep” in the library · Haven');
    expect(await text(page.locator('[data-library-island] .ais-Stats-text'))).toBe('1 resource for “sleep”');

    // Clearing the words brings back everything; a category narrows it, and a second one widens it
    // again (categories are "any of"), the other categories keeping their counts meanwhile.
    await box.fill('');
    await waitForLiveTitles(page, (t) => t.length === 10, 'the first page of everything');
    await page.getByRole('checkbox', { name: /^Anxiety\b/ }).check();
    const anxiety = await waitForLiveTitles(page, (t) => t.length === 4, 'the four anxiety resources');
    expect(anxiety).toContain('Understanding anxiety: what your body is telling you');
    await page.waitForURL(/\/library\?category=anxiety$/);
    const liveCount = (name: string) => text(page.locator('[data-library-island] .ais-RefinementList-item', { has: page.getByRole('checkbox', { name: new RegExp(`^${name}\\b`) }) }).locator('.ais-RefinementList-count'));
    expect(await liveCount('Stress')).toBe('3');
    expect(await liveCount('Sleep')).toBe('1');
    expect(await liveCount('Anxiety')).toBe('4');
    await page.getByRole('checkbox', { name: /^Stress\b/ }).check();
    const either = await waitForLiveTitles(page, (t) => t.length === 6, 'the anxiety or stress resources');
    expect(either).toEqual(expect.arrayContaining(['Box breathing in four steps', 'Stress at work: spotting burnout early', 'Understanding anxiety: what your body is telling you']));
    await page.waitForURL(/\/library\?category=anxiety,stress$/);
    expect(await page.evaluate(() => (window as any).__sameDocument)).toBe('still here');

    // Back goes to the previous search, still in the same document.
    await page.goBack();
    await page.waitForURL(/\/library\?category=anxiety$/);
    await waitForLiveTitles(page, (t) => t.length === 4, 'the anxiety resources again');
    expect(await page.getByRole('checkbox', { name: /^Stress\b/ }).isChecked()).toBe(false);
    expect(await page.evaluate(() => (window as any).__sameDocument)).toBe('still here');

    // The address is shareable: without JavaScript it shows the same results.
    const plain = await newPage({ javaScript: false });
    await plain.goto(`${suite.stack.site.url}/library?category=anxiety,stress`);
    expect((await staticTitles(plain)).sort()).toEqual([...either].sort());
  });

  it('says "Searching…" while a search is slow, announces how many it found, and says so kindly when search is down', async () => {
    const page = await newPage();
    await openIsland(page, `${suite.stack.site.url}/library`);
    await page.route('**/api/library/search?*', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 800));
      await route.continue();
    });
    const progress = page.locator('[data-library-island] .search-progress');
    expect(await progress.getAttribute('role')).toBe('status');
    await page.getByRole('searchbox', { name: 'Search the library' }).fill('grief');
    await page.waitForFunction(() => document.querySelector('[data-library-island] .search-progress')?.textContent === 'Searching…');
    // Then the count, shown and (once typing has settled) announced by its own polite live region.
    const announcement = page.locator('[data-library-island] .ais-Stats-announcement');
    expect(await announcement.getAttribute('aria-live')).toBe('polite');
    await page.waitForFunction(() => document.querySelector('[data-library-island] .ais-Stats-announcement')?.textContent === '2 resources for “grief”', undefined, { timeout: 5_000 });
    expect(await text(page.locator('[data-library-island] .ais-Stats-text'))).toBe('2 resources for “grief”');
    expect(await text(progress)).toBe('');

    // When the search is down, a kind word instead of a broken page.
    await page.unroute('**/api/library/search?*');
    await page.route('**/api/library/search?*', (route) =>
      route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ error: { message: 'Search is unavailable right now.' } }) }),
    );
    await page.getByRole('searchbox', { name: 'Search the library' }).fill('sleep');
    await page.waitForFunction(() => document.querySelector('[data-library-island] .search-progress')?.textContent?.includes('Search is taking a short rest'));
    expect(await page.locator('main').innerText()).not.toMatch(/error/i);
  });
});

describe('accessibility', () => {
  it('axe finds no serious or critical problems on the library, a search, a resource and the island', async () => {
    const problems: string[] = [];
    const plain = await newPage({ island: false });
    for (const url of ['/library', '/library?q=anxeity&category=anxiety', '/library?q=zzqxv', '/library/urge-surfing-riding-out-cravings', '/library/a-gentle-evening-routine-for-better-sleep', '/library/no-such-resource']) {
      await plain.goto(suite.stack.site.url + url);
      expect(await plain.locator('[data-library-island]').count()).toBe(0);
      problems.push(...seriousOrWorse(await runAxe(plain, url)).map((p) => `${url}: ${p}`));
    }
    const live = await newPage();
    await openIsland(live, `${suite.stack.site.url}/library?q=stress&kind=article`);
    await waitForLiveTitles(live, (t) => t.length > 0, 'the stress articles');
    problems.push(...seriousOrWorse(await runAxe(live, 'island')).map((p) => `island: ${p}`));
    expect(problems).toEqual([]);
  });
});

describe('a resource page', () => {
  it('shows a video through the privacy-friendly player only, sandboxed, with a plain link too', async () => {
    const page = await newPage();
    const response = await page.goto(`${suite.stack.site.url}/library/urge-surfing-riding-out-cravings`);
    expect(response!.headers()['content-security-policy']).toContain('frame-src https://www.youtube-nocookie.com https://player.vimeo.com');
    expect(await page.title()).toBe('Urge surfing: riding out cravings · Haven');
    expect(await text(page.locator('.resource-header .resource-meta'))).toContain('8 min watch');
    const frame = page.locator('.resource-media iframe');
    expect(await frame.count()).toBe(1);
    expect(await frame.getAttribute('src')).toBe('https://www.youtube-nocookie.com/embed/inpok4MKVLM');
    expect(await frame.getAttribute('sandbox')).toBe('allow-scripts allow-same-origin allow-presentation');
    expect(await frame.getAttribute('title')).toBe('Video: Urge surfing: riding out cravings');
    expect(await frame.getAttribute('loading')).toBe('lazy');
    expect(await frame.getAttribute('referrerpolicy')).toBeTruthy();
    expect(await page.getByRole('link', { name: 'Watch it on YouTube' }).getAttribute('href')).toBe('https://www.youtube.com/watch?v=inpok4MKVLM');
    expect(await page.locator('iframe').count()).toBe(1);
    // Below the player, the body: the guide's own text in Markdown (sections and numbered steps).
    const prose = page.locator('.prose');
    expect(await text(prose.locator('p').first())).toMatch(/^Urge surfing is a mindfulness skill for cravings/);
    expect(await prose.locator('h2').allTextContents()).toEqual(['The steps', 'Make it easier on yourself']);
    expect(await prose.locator('ol > li').count()).toBe(5);

    // Unknown slugs are a 404 page.
    const missing = await page.goto(`${suite.stack.site.url}/library/no-such-resource`);
    expect(missing!.status()).toBe(404);
    expect(await text(page.getByRole('heading', { level: 1 }))).toBe('Resource not found');
  });

  it('has its SEO and Open Graph tags, renders Markdown without letting HTML through, and lists related resources', async () => {
    const strapi = suite.stack.haven.strapi;
    const coverFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'haven-cover-')), 'cover.png');
    fs.writeFileSync(coverFile, PNG);
    const [cover] = await strapi
      .plugin('upload')
      .service('upload')
      .upload({ data: { fileInfo: { alternativeText: 'A calm lake at dawn' } }, files: { filepath: coverFile, originalFilename: 'cover.png', mimetype: 'image/png', size: PNG.length } });
    const slug = `letting-grief-be-${crypto.randomBytes(3).toString('hex')}`;
    await strapi.documents('api::resource.resource').create({
      data: {
        title: 'Letting grief be',
        slug,
        kind: 'article',
        summary: 'Small ways to carry a loss.',
        seoTitle: 'Letting grief be: gentle ideas',
        seoDescription: 'Gentle ideas for carrying a loss, one day at a time.',
        tags: ['grief', 'self-compassion'],
        categories: [await categoryId('grief')],
        cover: cover.id,
        body: [
          '# Letting grief be',
          '',
          'Grief is **not** a problem to fix.',
          '',
          '<script>window.__injected = "script"</script>',
          '',
          '<img src="x" onerror="window.__injected = \'img\'">',
          '',
          '[a harmless-looking link](javascript:window.__injected="link") and [a real one](https://example.org/grief).',
          '',
          '- one day',
          '- at a time',
        ].join('\n'),
      } as any,
      status: 'published',
    });

    const page = await newPage();
    const url = `${suite.stack.site.url}/library/${slug}`;
    await page.goto(url);
    expect(await page.title()).toBe('Letting grief be: gentle ideas · Haven');
    const meta = (selector: string) => page.locator(selector).getAttribute('content');
    expect(await meta('meta[name="description"]')).toBe('Gentle ideas for carrying a loss, one day at a time.');
    expect(await meta('meta[property="og:title"]')).toBe('Letting grief be: gentle ideas');
    expect(await meta('meta[property="og:description"]')).toBe('Gentle ideas for carrying a loss, one day at a time.');
    expect(await meta('meta[property="og:type"]')).toBe('article');
    expect(await meta('meta[property="og:url"]')).toBe(url);
    expect(await page.locator('link[rel="canonical"]').getAttribute('href')).toBe(url);
    const image = (await meta('meta[property="og:image"]')) ?? '';
    expect(image).toMatch(new RegExp(`^${suite.stack.haven.url}/uploads/.+\\.png$`));
    const coverImg = page.locator('img.resource-cover');
    expect(await coverImg.getAttribute('alt')).toBe('A calm lake at dawn');
    expect(await coverImg.getAttribute('src')).toBe(image);

    expect(await text(page.getByRole('heading', { level: 1 }))).toBe('Letting grief be');
    expect(await text(page.locator('.resource-header .resource-meta'))).toContain('1 min read');
    expect(await page.locator('.tag-links').getByRole('link', { name: 'Grief' }).getAttribute('href')).toBe('/library?category=grief');
    expect(await page.locator('.resource-tags li').allTextContents()).toEqual(['grief', 'self-compassion']);

    // The body: Markdown rendered, the heading that repeats the title left out, raw HTML shown as text, never run.
    const prose = page.locator('.prose');
    expect(await text(prose.locator('strong'))).toBe('not');
    expect(await prose.locator('li').allTextContents()).toEqual(['one day', 'at a time']);
    expect(await prose.locator('h1, h2').count()).toBe(0);
    expect(await prose.locator('script, img, iframe').count()).toBe(0);
    expect(await text(prose)).toContain('<script>window.__injected = "script"</script>');
    expect(await page.locator('a[href^="javascript:"]').count()).toBe(0);
    const real = prose.getByRole('link', { name: 'a real one' });
    expect(await real.getAttribute('href')).toBe('https://example.org/grief');
    expect(await real.getAttribute('rel')).toBe('nofollow noopener');
    expect(await page.evaluate(() => (window as any).__injected)).toBeUndefined();

    // Related: the other grief resources, not itself.
    const related = page.locator('section', { has: page.getByRole('heading', { name: 'Related resources' }) });
    const relatedTitles = (await related.locator('.resource-card h3').allTextContents()).map((t) => t.trim());
    expect(relatedTitles.sort()).toEqual(['Finding support after a loss', 'Grief does not follow a timetable']);
    await Promise.all([page.waitForURL(/\/library\/grief-does-not-follow-a-timetable$/), related.getByRole('link', { name: 'Grief does not follow a timetable' }).click()]);
    const back = page.locator('section', { has: page.getByRole('heading', { name: 'Related resources' }) });
    expect((await back.locator('.resource-card h3').allTextContents()).map((t) => t.trim())).toContain('Letting grief be');
  });
});

describe('media by kind', () => {
  it('plays audio with controls, offers a worksheet to download, and links out with rel="noopener"', async () => {
    const strapi = suite.stack.haven.strapi;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'haven-media-'));
    const upload = async (name: string, mimetype: string, bytes: Buffer) => {
      const filepath = path.join(dir, name);
      fs.writeFileSync(filepath, bytes);
      const [file] = await strapi.plugin('upload').service('upload').upload({ data: {}, files: { filepath, originalFilename: name, mimetype, size: bytes.length } });
      return file;
    };
    // Uploads are judged by their bytes: an ID3 tag followed by one MPEG audio frame header.
    const audio = await upload('calm.mp3', 'audio/mpeg', Buffer.concat([Buffer.from('ID3\u0003\u0000\u0000\u0000\u0000\u0000\u0000', 'latin1'), Buffer.from([0xff, 0xfb, 0x90, 0x64]), Buffer.alloc(413)]));
    const sheet = await upload('plan.pdf', 'application/pdf', Buffer.from('%PDF-1.4\n%%EOF\n'));
    const suffix = crypto.randomBytes(3).toString('hex');
    const docs = strapi.documents('api::resource.resource');
    await docs.create({ data: { title: `Evening wind-down ${suffix}`, slug: `evening-wind-down-${suffix}`, kind: 'audio', durationMinutes: 12, media: audio.id, body: 'Listen.' } as any, status: 'published' });
    await docs.create({ data: { title: `Weekly plan ${suffix}`, slug: `weekly-plan-${suffix}`, kind: 'worksheet', media: sheet.id, body: 'Print it.' } as any, status: 'published' });

    const page = await newPage();
    await page.goto(`${suite.stack.site.url}/library/evening-wind-down-${suffix}`);
    expect(await text(page.locator('.resource-header .resource-meta'))).toContain('12 min listen');
    const player = page.locator('audio[controls]');
    expect(await player.getAttribute('src')).toMatch(new RegExp(`^${suite.stack.haven.url}/uploads/.+\\.mp3$`));

    await page.goto(`${suite.stack.site.url}/library/weekly-plan-${suffix}`);
    const download = page.getByRole('link', { name: /^Download the worksheet/ });
    expect(await download.getAttribute('href')).toMatch(new RegExp(`^${suite.stack.haven.url}/uploads/.+\\.pdf$`));
    expect(await text(download)).toBe('Download the worksheet (PDF)');

    await page.goto(`${suite.stack.site.url}/library/finding-support-after-a-loss`);
    const out = page.getByRole('link', { name: /^Visit who\.int/ });
    expect(await out.getAttribute('href')).toBe('https://www.who.int/health-topics/mental-health');
    expect(await out.getAttribute('rel')).toBe('noopener');
    expect(await page.locator('iframe, audio').count()).toBe(0);
  });
});

describe('publishing', () => {
  it('a resource an editor publishes shows up in the site search within seconds', async () => {
    const word = `quillwort${crypto.randomBytes(2).toString('hex')}`;
    const slug = `${word}-breathing`;
    const startedAt = Date.now();
    await suite.stack.haven.strapi.documents('api::resource.resource').create({
      data: { title: `Breathing with ${word}`, slug, kind: 'article', summary: `A short ${word} exercise.`, body: 'Breathe in for four, out for six.' },
      status: 'published',
    });
    await waitUntilSearchable(word, slug);
    expect(Date.now() - startedAt).toBeLessThan(10_000);

    const page = await newPage({ javaScript: false });
    await page.goto(`${suite.stack.site.url}/library?q=${word}`);
    expect(await staticTitles(page)).toEqual([`Breathing with ${word}`]);
    expect(await page.locator('#library-static .resource-card mark').first().textContent()).toBe(word);
    await Promise.all([page.waitForURL(new RegExp(`/library/${slug}$`)), page.getByRole('link', { name: `Breathing with ${word}` }).click()]);
    expect(await text(page.getByRole('heading', { level: 1 }))).toBe(`Breathing with ${word}`);
  });
});

describe('the therapist directory', () => {
  const cards = async (page: Page) => (await page.locator('.therapist-card h2').allTextContents()).map((t) => t.trim());
  const fitsWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

  it('filters by highest rate within one currency: a €90 rate is never held against "$100", nor a $120 one against "€100"', async () => {
    const page = await suite.newPage();
    await page.goto(`${suite.stack.site.url}/therapists`);
    // The demo's therapists charge in euros (Dr. Chen, €90) and dollars (Dr. Rivera, $120).
    expect(await cards(page)).toEqual(expect.arrayContaining(['Dr. Wei Chen', 'Dr. Maria Rivera']));
    expect(await page.locator('#directory-filters').getAttribute('open')).not.toBeNull();
    expect(await page.getByLabel('Currency').locator('option').allTextContents()).toEqual(['EUR', 'USD']);

    await page.getByLabel('Amount').fill('100');
    await page.getByLabel('Currency').selectOption('EUR');
    await Promise.all([page.waitForURL(/maxRate=100&currency=EUR/), page.getByRole('button', { name: 'Show therapists' }).click()]);
    expect(await cards(page)).toEqual(['Dr. Wei Chen']);
    expect(await text(page.locator('#directory-filters summary'))).toMatch(/^Filters ?1 active$/);
    expect(await page.getByLabel('Currency').inputValue()).toBe('EUR');

    // "$100": Dr. Rivera's $120 is over it and Dr. Chen's €90 is not compared with it.
    await page.getByLabel('Currency').selectOption('USD');
    await Promise.all([page.waitForURL(/currency=USD/), page.getByRole('button', { name: 'Show therapists' }).click()]);
    expect(await cards(page)).toEqual([]);
    expect(await text(page.locator('main'))).toContain('No therapist matches these filters');
    await page.goto(`${suite.stack.site.url}/therapists?maxRate=120.00&currency=usd`);
    expect(await cards(page)).toEqual(['Dr. Maria Rivera']);

    // Junk is refused with a sentence at the field, and nothing is filtered by it.
    const junk = await page.goto(`${suite.stack.site.url}/therapists?maxRate=1e9&currency=EUR`);
    expect(junk!.status()).toBe(400);
    expect(await text(page.locator('#rate-error'))).toContain('Enter the highest rate as an amount in EUR');
    expect(await page.getByLabel('Amount').getAttribute('aria-invalid')).toBe('true');
    expect(await cards(page)).toEqual(expect.arrayContaining(['Dr. Wei Chen', 'Dr. Maria Rivera']));
    await expectAccessible(page, 'directory with a rate error');
  });

  it('on a 360 × 740 phone shows a therapist on the first screen, the filters folded behind a "Filters" summary, and no sideways scroll', async () => {
    const page = await suite.newPage({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
    await page.goto(`${suite.stack.site.url}/therapists?maxRate=100&currency=EUR&available=week`);
    const filters = page.locator('#directory-filters');
    expect(await filters.getAttribute('open')).toBeNull();
    expect(await text(filters.locator('summary'))).toMatch(/^Filters ?2 active$/);
    expect(await page.getByLabel('Amount').isVisible()).toBe(false);
    await page.goto(`${suite.stack.site.url}/therapists`);
    const first = await page.locator('.therapist-card').first().boundingBox();
    expect(first!.y).toBeLessThan(740 - 120); // its name and more are on the first screen
    expect(await fitsWidth(page)).toBeLessThanOrEqual(360);
    await filters.locator('summary').click();
    expect(await page.getByLabel('Amount').isVisible()).toBe(true);
    expect(await filters.getAttribute('open')).not.toBeNull();
    expect(await fitsWidth(page)).toBeLessThanOrEqual(360);
    await expectAccessible(page, 'directory on a phone');
    // The library folds its filters the same way (the server's and the island's), so results come first.
    for (const url of ['/library?category=sleep,grief&kind=article', '/library?category=sleep']) {
      await openIsland(page, suite.stack.site.url + url);
      expect(await fitsWidth(page), url).toBeLessThanOrEqual(360);
    }
    const island = page.locator('[data-library-island]');
    await waitForLiveTitles(page, (t) => t.length === 1, 'the sleep article');
    const facets = island.locator('details.library-filters');
    expect(await facets.getAttribute('open')).toBeNull();
    expect(await text(facets.locator('summary'))).toMatch(/^Filters ?1 selected$/);
    const firstTitle = (await island.locator('.resource-card h3').first().boundingBox())!;
    expect(firstTitle.y + firstTitle.height).toBeLessThanOrEqual(740); // the first result's title is on the first screen
    await facets.locator('summary').click();
    expect(await island.getByRole('checkbox', { name: /^Sleep\b/ }).isChecked()).toBe(true);
    expect(await fitsWidth(page)).toBeLessThanOrEqual(360);
    await expectAccessible(page, 'library on a phone');
    // Without JavaScript nothing is folded: every filter stays within reach.
    const plain = await suite.newPage({ viewport: { width: 360, height: 740 }, javaScriptEnabled: false });
    await plain.goto(`${suite.stack.site.url}/therapists`);
    expect(await plain.getByLabel('Amount').isVisible()).toBe(true);
    expect(await plain.locator('#directory-filters').evaluate((el) => el.scrollWidth)).toBeLessThanOrEqual(360);
  });
});
