/**
 * The chat's crisis path on the built site, in real Chromium against a real CMS with the demo data:
 * Alex (client) writes "I want to kill myself" to Dr. Rivera; the crisis lines appear at once above
 * the composer, focused, with a number to call, and close back to the composer without hiding the
 * conversation. Dr. Rivera, looking at another conversation, sees Alex's conversation jump to the top
 * of the list with an "Urgent" badge (live, then again from the server), and the message marked in the
 * thread; reading it takes the badge away. Every page passes axe.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createUser } from '../helpers/haven';
import { expectAccessible, submit, text, useBrowserSuite } from '../helpers/browser-suite';

const suite = useBrowserSuite({ context: { locale: 'en-GB' }, closeAfterEach: false });

const userId = async (email: string) => (await suite.stack.haven.strapi.db.query('plugin::users-permissions.user').findOne({ where: { email } })).id as number;
const connected = (page: Page) => page.waitForSelector('[data-connection="online"]', { timeout: 15_000 });

describe('a client writes that they want to die', () => {
  let alexConversation: string;
  let otherConversation: string;
  let alex: Page;
  let rivera: Page;

  beforeAll(async () => {
    const [alexId, riveraId] = await Promise.all([userId('alex@haven.example'), userId('dr.rivera@haven.example')]);
    const conversations = suite.stack.haven.strapi.plugin('chat').service('conversations');
    alexConversation = (await conversations.open(alexId, riveraId)).row.documentId;
    // Another client of Dr. Rivera's, whose conversation she has open when Alex writes.
    const other = await createUser(suite.stack.haven, 'client');
    otherConversation = (await conversations.open(other.id, riveraId)).row.documentId;
  });

  it('shows Alex the crisis lines at once, focused, with a number to call; Close returns to the composer', async () => {
    rivera = await suite.loggedIn('dr.rivera@haven.example', '/messages');
    await rivera.goto(`${suite.stack.site.url}/messages?c=${otherConversation}`);
    await connected(rivera);

    alex = await suite.loggedIn('alex@haven.example', '/messages');
    await connected(alex);
    await alex.getByLabel('Message to Dr. Maria Rivera').fill('I want to kill myself');
    await alex.getByRole('button', { name: 'Send' }).click();

    const panel = alex.locator('#chat-crisis');
    await panel.waitFor();
    await alex.waitForFunction(() => document.activeElement?.id === 'chat-crisis');
    expect(await text(panel)).toMatch(/Your message was sent to Dr\. Maria Rivera\. They will see it marked urgent/);
    const call = alex.getByRole('link', { name: /^Talk to someone now/ });
    expect(await call.getAttribute('href')).toMatch(/^tel:\+?\d+$/);
    // The conversation stays in view, the message sent, below the lines and the composer under them.
    await alex.locator('.chat-mine .chat-body', { hasText: 'I want to kill myself' }).waitFor();
    await expect(alex.locator('.chat-crisis + .chat-form').count()).resolves.toBe(1);
    await expectAccessible(alex, 'messages with the crisis panel (client)');

    await alex.getByRole('button', { name: 'Close' }).click();
    await panel.waitFor({ state: 'detached' });
    expect(await alex.evaluate(() => document.activeElement?.id)).toBe('chat-body');
    // The client's own view of their message carries no label.
    expect(await alex.locator('.chat-mine .badge-urgent').count()).toBe(0);
  });

  it('puts the conversation first on Dr. Rivera’s list with an "Urgent" badge, live and from the server; reading it takes the badge away', async () => {
    const first = rivera.locator('.chat-list li').first();
    await first.locator('[data-testid="urgent"]').waitFor({ timeout: 10_000 });
    expect(await first.locator('a').getAttribute('href')).toBe(`/messages?c=${alexConversation}`);
    expect(await text(first.locator('[data-testid="urgent"]'))).toBe('Urgent: 1 unread message marked urgent');
    await expectAccessible(rivera, 'messages with an urgent conversation (therapist)');

    // The same from the server, on a fresh load of the other conversation.
    await rivera.reload();
    await connected(rivera);
    expect(await rivera.locator('.chat-list li').first().locator('a').getAttribute('href')).toBe(`/messages?c=${alexConversation}`);
    await rivera.locator('.chat-list li').first().locator('[data-testid="urgent"]').waitFor();

    // Opening it: the message is marked in the thread, and the badge goes once it is read.
    await rivera.locator('.chat-list li').first().locator('a').click();
    const message = rivera.locator('.chat-theirs', { hasText: 'I want to kill myself' });
    await message.locator('.badge-urgent', { hasText: 'Urgent' }).waitFor();
    await rivera.locator('[data-testid="urgent"]').waitFor({ state: 'detached' });
    await expectAccessible(rivera, 'an urgent message in the thread (therapist)');
  });

  it('without JavaScript, the page the form returns to shows the lines once', async () => {
    const page = await suite.newPage({ javaScriptEnabled: false });
    await suite.logIn(page, 'alex@haven.example', undefined, '/login?next=%2Fmessages');
    await page.waitForURL((url) => url.pathname === '/messages');
    await page.getByLabel('Message to Dr. Maria Rivera').fill('Honestly I want to die, I cannot do this any more');
    await submit(page, page.getByRole('button', { name: 'Send' }));
    expect(new URL(page.url()).searchParams.get('c')).toBe(alexConversation);
    await page.locator('#chat-crisis').waitFor();
    expect(await page.getByRole('link', { name: /^Talk to someone now/ }).getAttribute('href')).toMatch(/^tel:/);
    await page.locator('.chat-mine .chat-body', { hasText: 'I cannot do this any more' }).waitFor();
    // (axe needs JavaScript to run: the same panel was checked with it in the first test.)
    // Once: the next visit is the plain page again.
    await page.reload();
    expect(await page.locator('#chat-crisis').count()).toBe(0);
  });
});
