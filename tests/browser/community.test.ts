/**
 * The anonymous peer-support community on the site, through the built site in a real Chromium against
 * a real CMS: posting, replying, reacting, flagging (dialog and page), "my posts", held posts, the
 * crisis-lines panel for the browser's locale, XSS in titles and bodies, no account details in the
 * HTML, everything without JavaScript, and axe on every community page.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { runAxe, seriousOrWorse } from '../helpers/browser';
import { submit, text, useBrowserSuite } from '../helpers/browser-suite';
import { ALEX, communityPages, HOLD_WORD, REL, SAM } from './community-helpers';

const suite = useBrowserSuite({
  stack: {
    havenEnv: {
      // One visible post or reply is enough to share links here (the XSS post has links), and a new
      // member may post more than the default 3 times an hour (this file posts 4 times as Alex).
      COMMUNITY_LINKS_MIN_DAYS: '0',
      COMMUNITY_LINKS_MIN_CONTRIBUTIONS: '1',
      COMMUNITY_NEW_MEMBER_POSTS_PER_HOUR: '10',
    },
  },
  context: { locale: 'en-GB', timezoneId: 'Europe/London' },
  // The tests go on with the pages their predecessors logged in.
  closeAfterEach: false,
});
const { newPage } = suite;
const { logIn, as, memberId, postIdOf, pwned, writePost } = communityPages(suite);
/** What the first test made, for the tests after it. */
const made: { postUrl?: string; title?: string; alexAlias?: string; samAlias?: string } = {};

describe('the community', () => {
  it('is only for members: visitors are sent to log in, but crisis lines are open to all', async () => {
    const guarded = await fetch(`${suite.stack.site.url}/community/anxiety-support?sort=top`, { redirect: 'manual' });
    expect(guarded.status).toBe(302);
    expect(guarded.headers.get('location')).toBe('/login?next=%2Fcommunity%2Fanxiety-support%3Fsort%3Dtop');
    for (const path of ['/community', '/community/mine', '/community/posts/abc123', '/community/posts/abc123/flag']) {
      const res = await fetch(suite.stack.site.url + path, { redirect: 'manual' });
      expect(res.status, path).toBe(302);
    }
    const help = await fetch(`${suite.stack.site.url}/community/help`, { headers: { 'accept-language': 'en-GB,en;q=0.8' } });
    expect(help.status).toBe(200);
    expect(await help.text()).toContain('116 123');
  });

  it('Alex posts through the form; Sam replies, reacts and flags it in the dialog; "my posts" lists it', async () => {
    const alex = await as(ALEX);
    expect(await text(alex.getByRole('heading', { level: 1 }))).toBe('Community');
    made.alexAlias = await text(alex.locator('aside .alias').first());
    expect(made.alexAlias).toMatch(/^[A-Z][a-z]+ [A-Z][a-z]+ \d{2,3}$/);
    // The demo community is there already: the category's card counts its visible posts.
    const anxietyPosts = await suite.stack.haven.strapi.db.query('plugin::community.post').count({ where: { categorySlug: 'anxiety-support', state: 'visible' } });
    expect(anxietyPosts).toBeGreaterThan(0);
    const anxiety = alex.getByRole('link', { name: 'Anxiety support' });
    expect(await text(anxiety.locator('xpath=ancestor::div[contains(@class,"card")]'))).toContain(`${anxietyPosts} posts`);
    await Promise.all([alex.waitForURL(`${suite.stack.site.url}/community/anxiety-support`), anxiety.click()]);

    // A new member is told why links are not available yet.
    expect(await text(alex.locator('#f-body-hint'))).toContain('as a new member you cannot share links');

    // A mistake comes back next to its field, with what was typed.
    await alex.locator('#new-post form').evaluate((form: HTMLFormElement) => (form.noValidate = true));
    await alex.getByLabel('Title').fill('ab');
    await alex.getByLabel('Your post').fill('Some **nights** I lie awake.');
    await submit(alex, alex.getByRole('button', { name: 'Post', exact: true }));
    expect(await text(alex.getByRole('alert'))).toContain('Title must be at least 3 characters');
    expect(await alex.getByLabel('Title').getAttribute('aria-invalid')).toBe('true');
    expect((await alex.getByLabel('Title').getAttribute('aria-describedby'))?.split(' ')).toContain('f-title-error');
    expect(await alex.getByLabel('Your post').inputValue()).toBe('Some **nights** I lie awake.');

    made.title = `Lying awake at 4am ${Date.now().toString(36)}`;
    await alex.getByLabel('Title').fill(made.title);
    await Promise.all([alex.waitForURL(/\/community\/posts\/[A-Za-z0-9]+$/), alex.getByRole('button', { name: 'Post', exact: true }).click()]);
    made.postUrl = alex.url();
    expect(await text(alex.getByRole('heading', { level: 1 }))).toBe(made.title);
    expect(await text(alex.getByRole('status').first())).toContain('Your post is up');
    expect(await alex.locator('#post .rich-text strong').textContent()).toBe('nights');
    expect(await text(alex.locator('#post .meta'))).toContain(`by ${made.alexAlias} (you)`);
    expect(await alex.locator('#crisis-panel').count()).toBe(0);

    // Sam replies and reacts.
    const sam = await as(SAM);
    made.samAlias = await text(sam.locator('aside .alias').first());
    await sam.goto(made.postUrl);
    expect(await text(sam.locator('#post .meta'))).toContain(`by ${made.alexAlias}`);
    expect(await text(sam.locator('#post .meta'))).not.toContain('(you)');
    await sam.getByLabel('Your reply').fill('Same here. A *warm* drink and a boring podcast help me.');
    await Promise.all([sam.waitForURL(/#reply-[A-Za-z0-9]+$/), sam.getByRole('button', { name: 'Reply', exact: true }).click()]);
    expect(await text(sam.getByRole('status').first())).toContain('Your reply is up');
    const reply = sam.getByRole('article', { name: `Reply by ${made.samAlias}` });
    expect(await reply.locator('.rich-text em').textContent()).toBe('warm');
    expect(await text(sam.locator('#replies-title'))).toBe('1 reply');

    const heart = sam.getByRole('group', { name: 'Reactions to this post' }).getByRole('button', { name: /Heart/ });
    expect(await heart.getAttribute('aria-pressed')).toBe('false');
    expect(await text(heart.locator('.reaction-count'))).toBe('0');
    // With JavaScript the island toggles in place: no new page (the marker survives).
    await sam.locator('#post astro-island:not([ssr])').waitFor({ state: 'attached' });
    await sam.evaluate(() => ((window as any).__samePage = true));
    await heart.click();
    await expect.poll(() => heart.getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => text(heart.locator('.reaction-count'))).toBe('1');
    expect(await sam.evaluate(() => (window as any).__samePage)).toBe(true);
    // Stored by the CMS: Alex sees it too.
    await alex.reload();
    expect(await text(alex.getByRole('group', { name: 'Reactions to this post' }).getByRole('button', { name: /Heart/ }).locator('.reaction-count'))).toBe('1');

    // Sam flags the post in the dialog.
    await sam.getByRole('link', { name: 'Flag this post for the moderators' }).click();
    const dialog = sam.getByRole('dialog', { name: 'Flag for the moderators' });
    await dialog.waitFor({ state: 'visible' });
    expect(await text(dialog)).toContain(made.title);
    await dialog.getByRole('radio', { name: /Spam or advertising/ }).check();
    await dialog.getByLabel(/Note for the moderators/).fill('Looks copied from elsewhere.');
    await Promise.all([sam.waitForURL(`${made.postUrl}#post`), dialog.getByRole('button', { name: 'Send to the moderators' }).click()]);
    expect(await text(sam.getByRole('status').first())).toContain('Thank you for looking out for the community');
    const flags = await suite.stack.haven.strapi.db.query('plugin::community.flag').findMany({ where: { targetType: 'post', memberId: await memberId(SAM) } });
    expect(flags.map((f: any) => [f.reason, f.note, f.targetId])).toEqual([['spam', 'Looks copied from elsewhere.', postIdOf(made.postUrl!)]]);

    // "My posts" lists Alex's post under the alias.
    await alex.goto(`${suite.stack.site.url}/community/mine`);
    expect(await text(alex.locator('.lede'))).toContain(made.alexAlias);
    const item = alex.getByRole('article', { name: made.title });
    expect(await text(item)).toContain('Published');
    expect(await text(item)).toContain('1 reply');
    expect(await item.getByRole('link', { name: made.title }).getAttribute('href')).toBe(new URL(made.postUrl).pathname);
  });

  it('tells the author kindly when a post is held for review, and marks it "awaiting review"', async () => {
    await suite.stack.haven.strapi.db.query('plugin::community.watched-word').create({ data: { phrase: HOLD_WORD, action: 'hold' } });
    const alex = await as(ALEX);
    const title = `About ${HOLD_WORD} again`;
    await writePost(alex, 'general', title, 'Still thinking about it.');
    expect(await text(alex.getByRole('status').first())).toContain('a moderator will look at it before others can see it');
    expect(await text(alex.locator('#post'))).toContain('Awaiting review');
    await alex.goto(`${suite.stack.site.url}/community/mine`);
    expect(await text(alex.getByRole('article', { name: title }))).toContain('Awaiting review');
    // Nobody else sees it.
    const sam = await as(SAM);
    await sam.goto(`${suite.stack.site.url}/community/general`);
    expect(await sam.getByRole('link', { name: title }).count()).toBe(0);
  });

  it('a post with crisis language shows the crisis lines for the browser locale at once', async () => {
    const alex = await as(ALEX);
    await writePost(alex, 'depression', 'Tonight is very hard', 'I want to end my life. I do not know who to tell.');
    const panel = alex.getByRole('region', { name: 'You do not have to go through this alone' });
    await panel.waitFor({ state: 'visible' });
    const panelText = await text(panel);
    expect(panelText).toContain('Samaritans');
    expect(panelText).toContain('116 123');
    expect(panelText).toContain('999');
    expect(await panel.getByRole('link', { name: '116 123', exact: true }).getAttribute('href')).toBe('tel:116123');
    await expect.poll(() => alex.evaluate(() => document.activeElement?.id)).toBe('crisis-panel');
    // Once only: the panel is not there when the page is loaded again…
    await alex.reload();
    expect(await alex.locator('#crisis-panel').count()).toBe(0);
    // …but "Need help now?" is on every community page.
    await Promise.all([alex.waitForURL(`${suite.stack.site.url}/community/help`), alex.getByRole('link', { name: 'Need help now?' }).click()]);
    expect(await text(alex.locator('#crisis-panel'))).toContain('Samaritans');
    expect(await text(alex.locator('#crisis-panel'))).toContain('116 123');
  });

  it('titles and bodies with XSS payloads run no script, and every link carries rel="nofollow ugc noopener"', async () => {
    const alex = await as(ALEX);
    const title = `<script>window.__pwned=1</script><img src=x onerror="window.__pwned=1">`;
    const body = [
      '<script>window.__pwned=1</script>',
      '<img src=x onerror="window.__pwned=1">',
      '[x](javascript:window.__pwned=1)',
      'A [safe link](https://example.org/help) and https://example.org/auto',
    ].join('\n\n');
    await writePost(alex, 'general', title, body);
    expect(await text(alex.getByRole('heading', { level: 1 }))).toBe(title);
    expect(await pwned(alex)).toBeUndefined();
    const postUrl = alex.url();

    const sam = await as(SAM);
    await sam.goto(postUrl);
    await sam.waitForLoadState('load');
    expect(await pwned(sam)).toBeUndefined();
    expect(await text(sam.getByRole('heading', { level: 1 }))).toBe(title);
    const content = sam.locator('#post .rich-text');
    expect(await text(content)).toContain('<script>window.__pwned=1</script>');
    expect(await text(content)).toContain('<img src=x onerror="window.__pwned=1">');
    expect(await content.locator('script, img').count()).toBe(0);
    expect(await sam.locator('a[href^="javascript:" i]').count()).toBe(0);
    // Click what was meant to be a javascript: link.
    await content.getByText('javascript:window.__pwned=1').click();
    await sam.waitForTimeout(200);
    expect(await pwned(sam)).toBeUndefined();
    const links = await content.locator('a').evaluateAll((anchors) => anchors.map((a) => ({ href: a.getAttribute('href'), rel: a.getAttribute('rel') })));
    expect(links.map((l) => l.href)).toEqual(['https://example.org/help', 'https://example.org/auto']);
    for (const link of links) expect(link.rel).toBe(REL);

    // The lists show the title as text too.
    for (const path of ['/community', '/community/general', '/community/mine']) {
      const page = path === '/community/mine' ? alex : sam;
      await page.goto(suite.stack.site.url + path);
      expect(await page.getByRole('link', { name: title }).count(), path).toBe(1);
      expect(await pwned(page), path).toBeUndefined();
    }
  });

  it("never puts the author's email or username in the HTML another member gets", async () => {
    const sam = await as(SAM);
    expect(made.postUrl).toBeTruthy();
    for (const url of [made.postUrl!, `${suite.stack.site.url}/community`, `${suite.stack.site.url}/community/anxiety-support`]) {
      const res = await sam.request.get(url);
      expect(res.status(), url).toBe(200);
      const html = await res.text();
      expect(html, url).toContain(made.alexAlias!);
      expect(html.toLowerCase(), url).not.toContain(ALEX.email);
      expect(html, url).not.toMatch(new RegExp(`\\b${ALEX.username}\\b`, 'i'));
      // Nor the reader's own: nothing about accounts belongs on community pages.
      expect(html.toLowerCase(), url).not.toContain(SAM.email);
      expect(html, url).not.toMatch(new RegExp(`\\b${SAM.username}\\b`, 'i'));
    }
  });

  it('works without JavaScript: posting, replying and reacting are plain forms', async () => {
    const page = await newPage({ javaScriptEnabled: false });
    await logIn(page, SAM.email);
    const title = `No script needed ${Date.now().toString(36)}`;
    await writePost(page, 'wins-and-gratitude', title, 'I went for a **walk** today.');
    expect(await text(page.getByRole('heading', { level: 1 }))).toBe(title);
    expect(await page.locator('#post .rich-text strong').textContent()).toBe('walk');

    await page.getByLabel('Your reply').fill('And I made tea for a friend.');
    await Promise.all([page.waitForURL(/#reply-[A-Za-z0-9]+$/), page.getByRole('button', { name: 'Reply', exact: true }).click()]);
    expect(await text(page.locator('.reply-list'))).toContain('And I made tea for a friend.');
    expect(await text(page.locator('#replies-title'))).toBe('1 reply');

    const strength = page.getByRole('group', { name: 'Reactions to this post' }).getByRole('button', { name: /Strength/ });
    await submit(page, strength);
    const again = page.getByRole('group', { name: 'Reactions to this post' }).getByRole('button', { name: /Strength/ });
    expect(await again.getAttribute('aria-pressed')).toBe('true');
    expect(await text(again.locator('.reaction-count'))).toBe('1');

    // The flag link is a page of its own without JavaScript.
    const alex = await as(ALEX);
    await alex.goto(page.url().replace(/#.*$/, ''));
    const flagLink = alex.getByRole('link', { name: 'Flag this post for the moderators' });
    expect(await flagLink.getAttribute('href')).toMatch(/\/community\/posts\/[A-Za-z0-9]+\/flag$/);
  });

  it('a member flags a reply on the flag page without JavaScript; a missing note for "other" is explained', async () => {
    const page = await newPage({ javaScriptEnabled: false });
    await logIn(page, ALEX.email);
    await page.goto(made.postUrl!);
    await Promise.all([
      page.waitForURL(/\/flag\?reply=[A-Za-z0-9]+$/),
      page.getByRole('link', { name: `Flag the reply by ${made.samAlias} for the moderators` }).click(),
    ]);
    expect(await text(page.getByRole('heading', { level: 1 }))).toBe('Flag for the moderators');
    await page.getByRole('radio', { name: /Something else/ }).check();
    await submit(page, page.getByRole('button', { name: 'Send to the moderators' }));
    expect(await text(page.getByRole('alert'))).toContain('Tell the moderators what is wrong');
    expect(await page.getByLabel(/Note for the moderators/).getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByRole('radio', { name: /Something else/ }).isChecked()).toBe(true);
    await page.getByLabel(/Note for the moderators/).fill('It gives medical advice.');
    await Promise.all([page.waitForURL(/#reply-[A-Za-z0-9]+$/), page.getByRole('button', { name: 'Send to the moderators' }).click()]);
    expect(await text(page.getByRole('status').first())).toContain('Thank you for looking out for the community');
    const flags = await suite.stack.haven.strapi.db.query('plugin::community.flag').findMany({ where: { targetType: 'reply', memberId: await memberId(ALEX) } });
    expect(flags.map((f: any) => [f.reason, f.note])).toEqual([['other', 'It gives medical advice.']]);
  });

  it('an author edits their post from its Markdown and deletes a post after confirming', async () => {
    const alex = await as(ALEX);
    await alex.goto(made.postUrl!);
    await Promise.all([alex.waitForURL(/\?edit=post#post$/), alex.getByRole('link', { name: 'Edit your post' }).click()]);
    expect(await alex.getByLabel('Title').inputValue()).toBe(made.title);
    expect(await alex.getByLabel('Your post', { exact: true }).inputValue()).toBe('Some **nights** I lie awake.');
    await alex.getByLabel('Your post', { exact: true }).fill('Some **nights** I lie awake.\n\n- counting sheep\n- *breathing* slowly');
    await Promise.all([alex.waitForURL(`${made.postUrl}#post`), alex.getByRole('button', { name: 'Save changes' }).click()]);
    expect(await text(alex.getByRole('status').first())).toContain('Your changes are saved');
    expect(await alex.locator('#post .rich-text li').allTextContents()).toEqual(['counting sheep', 'breathing slowly']);
    expect(await text(alex.locator('#post .meta'))).toContain('edited');

    // Deleting asks first.
    await alex.goto(`${suite.stack.site.url}/community/mine`);
    const held = alex.getByRole('article', { name: `About ${HOLD_WORD} again` });
    await Promise.all([alex.waitForURL(/\/community\/posts\/[A-Za-z0-9]+$/), held.getByRole('link').first().click()]);
    await Promise.all([alex.waitForURL(/\?delete=post#post$/), alex.getByRole('link', { name: 'Delete your post' }).click()]);
    expect(await text(alex.getByRole('heading', { name: 'Delete your post?' }))).toBe('Delete your post?');
    await Promise.all([alex.waitForURL(`${suite.stack.site.url}/community/mine`), alex.getByRole('button', { name: 'Yes, delete my post' }).click()]);
    expect(await text(alex.getByRole('status').first())).toContain('Your post is deleted');
    expect(await alex.getByRole('article', { name: `About ${HOLD_WORD} again` }).count()).toBe(0);
  });

  it('has no serious or critical accessibility problems on any community page, the flag dialog included', async () => {
    const alex = await as(ALEX);
    const sam = await as(SAM);
    const problems: string[] = [];
    const check = async (page: Page, path: string | null, label: string) => {
      if (path) await page.goto(suite.stack.site.url + path);
      problems.push(...seriousOrWorse(await runAxe(page, label)).map((p) => `${label}: ${p}`));
    };
    const postPath = new URL(made.postUrl!).pathname;
    await check(alex, '/community', '/community');
    await check(alex, '/community/anxiety-support', 'category');
    await check(alex, postPath, 'post (author)');
    await check(alex, `${postPath}?edit=post`, 'post being edited');
    await check(alex, '/community/mine', '/community/mine');
    await check(alex, '/community/help', '/community/help');
    await check(sam, postPath, 'post (reader)');
    await check(sam, `${postPath}/flag`, 'flag page');
    await sam.goto(suite.stack.site.url + postPath);
    await sam.getByRole('link', { name: 'Flag this post for the moderators' }).click();
    await sam.getByRole('dialog', { name: 'Flag for the moderators' }).waitFor({ state: 'visible' });
    await check(sam, null, 'flag dialog');
    expect(problems).toEqual([]);
  });

  it('a member changes their alias once, and then is told when they can again', async () => {
    const alex = await as(ALEX);
    await alex.goto(`${suite.stack.site.url}/community`);
    await Promise.all([alex.waitForURL(`${suite.stack.site.url}/community`), alex.getByRole('button', { name: 'Change alias' }).click()]);
    await alex.waitForLoadState('load');
    expect(await text(alex.getByRole('status').first())).toContain('You have a new alias');
    const alias = await text(alex.locator('aside .alias').first());
    expect(alias).toMatch(/^[A-Z][a-z]+ [A-Z][a-z]+ \d{2,3}$/);
    expect(alias).not.toBe(made.alexAlias);
    expect(await alex.getByRole('button', { name: 'Change alias' }).count()).toBe(0);
    expect(await text(alex.locator('aside'))).toMatch(/You can change your alias again on \w+day \d{1,2} \w+ \d{4} at \d{2}:\d{2} \(Europe\/London\)/);
    // Past posts keep the alias they were written under, so nobody can follow Alex from one to the other.
    await alex.goto(made.postUrl!);
    expect(await text(alex.locator('#post .meta'))).toContain(`by ${made.alexAlias} (you)`);
    expect(await text(alex.locator('#post .meta'))).not.toContain(alias);
  });

  it('a silenced member is told why and until when, in their own time zone, and cannot post', async () => {
    const sam = await as(SAM);
    await suite.stack.haven.strapi.db
      .query('plugin::community.member')
      .update({ where: { alias: made.samAlias }, data: { state: 'silenced', stateUntil: new Date('2030-01-15T15:00:00Z'), stateReason: 'Please take a short break.' } });
    await sam.goto(`${suite.stack.site.url}/community/general`);
    const banner = await text(sam.locator('#member-status'));
    // Sam's profile is in America/New_York.
    expect(banner).toContain('You are silenced until Tuesday 15 January 2030 at 10:00 (America/New York)');
    expect(banner).toContain('Please take a short break.');
    expect(await sam.getByRole('heading', { name: 'Write a new post' }).count()).toBe(0);
    await sam.goto(made.postUrl!);
    expect(await sam.getByLabel('Your reply').count()).toBe(0);
    expect(await sam.getByRole('group', { name: 'Reactions to this post' }).getByRole('button').count()).toBe(0);
  });
});
