/**
 * Chat and video on the site, through the built site in real Chromium against a real CMS with the
 * demo data: Alex (client) and Dr. Rivera (therapist), who have a session booked, exchange messages
 * in two pages (typing, read receipt, unread count, a dropped connection shown and caught up); then two
 * Chromium pages with a fake camera and microphone join the session's room over WebRTC and each plays
 * the other's video. A browser that refuses the camera gets a plain message. Every page passes axe.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, runAxe, seriousOrWorse } from '../helpers/browser';
import { startStack, type Stack } from '../helpers/site';

const DEMO_PASSWORD = 'DemoPass2026!';
// Real host addresses in ICE candidates (no mDNS names, which nothing resolves on a test machine).
const FAKE_MEDIA = ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', '--autoplay-policy=no-user-gesture-required', '--disable-features=WebRtcHideLocalIpsWithMdns'];

let stack: Stack;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  [stack, browser] = await Promise.all([
    startStack({ seedDemo: true, havenEnv: { BOOKING_REMINDER_POLL_MS: '3600000', BOOKING_CALENDAR_POLL_MS: '3600000' } }),
    launchBrowser(FAKE_MEDIA),
  ]);
});
afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await stack?.close();
});

async function logIn(email: string, next = '/messages', on: Browser = browser): Promise<Page> {
  const context = await on.newContext();
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(`${stack.site.url}/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel('Email address or username').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL((url) => url.pathname === next);
  return page;
}

const connected = (page: Page) => page.waitForSelector('[data-connection="online"]', { timeout: 15_000 });

async function expectAccessible(page: Page, label: string) {
  expect(seriousOrWorse(await runAxe(page, label)), label).toEqual([]);
}

const userId = async (email: string) => (await stack.haven.strapi.db.query('plugin::users-permissions.user').findOne({ where: { email } })).id as number;

describe('messages between the demo client and therapist', () => {
  let alex: Page;
  let rivera: Page;

  it('both see their conversation and exchange messages live, with typing and a read receipt', async () => {
    alex = await logIn('alex@haven.example');
    await connected(alex);
    await expect(alex.getByRole('heading', { name: 'Dr. Maria Rivera' }).isVisible()).resolves.toBe(true);
    await expectAccessible(alex, 'messages (client)');

    // Alex writes before Dr. Rivera opens the page: it waits for them as unread.
    await alex.getByLabel('Message to Dr. Maria Rivera').fill('Hello Dr. Rivera, I would like to talk about my sleep before Thursday.');
    await alex.getByRole('button', { name: 'Send' }).click();
    await alex.locator('.chat-mine .chat-body', { hasText: 'talk about my sleep' }).waitFor();
    await alex.waitForFunction(() => !document.querySelector('.chat-pending'));

    rivera = await logIn('dr.rivera@haven.example', '/sessions');
    await rivera.goto(`${stack.site.url}/messages`);
    // Rendered on the server with the count, then read as soon as it is on screen.
    expect(await rivera.title()).toMatch(/Messages \(1 unread\)/);
    await connected(rivera);
    await rivera.locator('.chat-theirs .chat-body', { hasText: 'talk about my sleep' }).waitFor();
    await alex.locator('.chat-receipt', { hasText: 'Read' }).waitFor({ timeout: 10_000 });
    await expectAccessible(rivera, 'messages (therapist)');

    // Typing shows on the other side; the reply arrives without a reload.
    await rivera.getByLabel(/Message to/).pressSequentially('Of course', { delay: 20 });
    await alex.getByText('is typing…').waitFor({ timeout: 5_000 });
    await rivera.getByLabel(/Message to/).fill('Of course, Alex. Let us start with how your week has been.');
    await rivera.getByRole('button', { name: 'Send' }).click();
    await alex.locator('.chat-theirs .chat-body', { hasText: 'how your week has been' }).waitFor();
  });

  it('shows a dropped connection, reconnects and catches up on what arrived meanwhile', async () => {
    const io = stack.haven.strapi.plugin('chat').service('realtime').server();
    const alexId = await userId('alex@haven.example');
    // Cut Alex's transport (as a network drop would): the client reconnects by itself.
    const sawReconnecting = alex.waitForSelector('[data-connection="reconnecting"]', { timeout: 10_000 });
    for (const socket of io.of('/').sockets.values()) if (socket.data.userId === alexId) socket.conn.close();
    await sawReconnecting;
    await expect(alex.getByRole('status').first().textContent()).resolves.toMatch(/Reconnecting/);
    await rivera.getByLabel(/Message to/).fill('Sent while your connection was down.');
    await rivera.getByRole('button', { name: 'Send' }).click();
    await connected(alex);
    await alex.locator('.chat-theirs .chat-body', { hasText: 'while your connection was down' }).waitFor({ timeout: 15_000 });
    // Nothing twice.
    expect(await alex.locator('.chat-theirs .chat-body', { hasText: 'while your connection was down' }).count()).toBe(1);
  });

  it('sends without JavaScript through the form', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${stack.site.url}/login?next=%2Fmessages`);
    await page.getByLabel('Email address or username').fill('alex@haven.example');
    await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(/\/messages/);
    await page.getByLabel('Message to Dr. Maria Rivera').fill('A message sent from a page without JavaScript.');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.waitForURL(/\/messages\?c=/);
    await page.locator('.chat-body', { hasText: 'without JavaScript' }).waitFor();
    await rivera.locator('.chat-theirs .chat-body', { hasText: 'without JavaScript' }).waitFor();
  });

  it("shows a message whose writer's account was erased as a muted \"Message deleted\", not as something they wrote", async () => {
    // The erasure's own write on one message (chat's db/erasure.ts: the body loses its ciphertext): Alex's newest.
    const messages = stack.haven.strapi.db.query('plugin::chat.message');
    const newest = await messages.findOne({ where: { senderRole: 'client' }, orderBy: [{ id: 'desc' }] });
    await messages.update({ where: { id: newest.id }, data: { body: '' } });
    await rivera.reload();
    await connected(rivera);
    const deleted = rivera.locator(`li[data-message-id="${newest.seq}"]`);
    await deleted.waitFor();
    await expect(deleted.getAttribute('class')).resolves.toBe('chat-deleted');
    await expect(deleted.textContent()).resolves.toMatch(/^Message deleted · /);
    await expect(deleted.locator('.chat-deleted-note').evaluate((el) => getComputedStyle(el).fontStyle)).resolves.toBe('italic');
    // No bubble, no sender, no text of theirs.
    await expect(deleted.evaluate((el) => getComputedStyle(el).backgroundColor)).resolves.toBe('rgba(0, 0, 0, 0)');
    expect(await rivera.locator('.chat-body', { hasText: 'without JavaScript' }).count()).toBe(0);
    await expectAccessible(rivera, 'messages with a deleted message (therapist)');
  });
});

describe('the session room', () => {
  let bookingId: string;

  beforeAll(async () => {
    const alexId = await userId('alex@haven.example');
    const riveraId = await userId('dr.rivera@haven.example');
    const bookings = stack.haven.strapi.db.query('plugin::booking.booking');
    const demo = await bookings.findOne({ where: { clientUserId: alexId, therapistUserId: riveraId, status: 'confirmed' } });
    bookingId = demo.documentId;
    // The demo session is days away and the room opens 10 minutes before: let it have started two minutes ago.
    const start = Date.now() - 2 * 60_000;
    await bookings.update({ where: { id: demo.id }, data: { startsAt: new Date(start), endsAt: new Date(start + 50 * 60_000) } });
  });

  it('lets the two participants see each other over WebRTC', async () => {
    const alex = await logIn('alex@haven.example', `/sessions/${bookingId}/room`);
    const rivera = await logIn('dr.rivera@haven.example', `/sessions/${bookingId}/room`);
    const response = await alex.reload();
    expect(response?.headers()['permissions-policy']).toMatch(/camera=\(self\), microphone=\(self\)/);
    await expectAccessible(alex, 'session room');

    await alex.getByRole('button', { name: 'Join the session' }).click();
    await alex.getByText(/Waiting for .+ to join/).waitFor({ timeout: 15_000 });
    await rivera.getByRole('button', { name: 'Join the session' }).click();

    for (const page of [alex, rivera]) {
      await page.waitForFunction(
        () => {
          const video = document.querySelector('[data-testid="remote-video"]') as HTMLVideoElement | null;
          return Boolean(video && video.srcObject && video.videoWidth > 0 && !video.paused && video.readyState >= 2);
        },
        null,
        { timeout: 30_000 },
      );
      await page.getByText(/^Connected with /).waitFor();
    }
    const size = await rivera.evaluate(() => {
      const video = document.querySelector('[data-testid="remote-video"]') as HTMLVideoElement;
      return { width: video.videoWidth, height: video.videoHeight, tracks: (video.srcObject as MediaStream).getVideoTracks().map((t) => t.readyState) };
    });
    expect(size.width).toBeGreaterThan(0);
    expect(size.height).toBeGreaterThan(0);
    expect(size.tracks).toEqual(['live']);

    // Camera off and back on; then leave, and the other side is told.
    await alex.getByRole('button', { name: 'Turn camera off' }).click();
    await expect(alex.getByRole('button', { name: 'Turn camera on' }).getAttribute('aria-pressed')).resolves.toBe('true');
    expect(await alex.evaluate(() => ((document.querySelector('[data-testid="local-video"]') as HTMLVideoElement).srcObject as MediaStream).getVideoTracks()[0].enabled)).toBe(false);
    await alex.getByRole('button', { name: 'Turn camera on' }).click();
    await alex.getByRole('button', { name: 'Mute microphone' }).click();
    expect(await alex.evaluate(() => ((document.querySelector('[data-testid="local-video"]') as HTMLVideoElement).srcObject as MediaStream).getAudioTracks()[0].enabled)).toBe(false);
    await expectAccessible(alex, 'session room in a call');
    await alex.getByRole('button', { name: 'Leave' }).click();
    await alex.getByText('You left the room.').waitFor();
    await rivera.getByText(/Waiting for .+ to join/).waitFor({ timeout: 10_000 });
  });

  it('says plainly what to do when the camera is refused', async () => {
    // A browser without the fake permission prompt: headless Chromium refuses camera access.
    const plain = await launchBrowser(['--use-fake-device-for-media-stream']);
    try {
      const page = await logIn('alex@haven.example', `/sessions/${bookingId}/room`, plain);
      await page.context().clearPermissions();
      await page.getByRole('button', { name: 'Join the session' }).click();
      const alert = page.getByRole('alert');
      await alert.waitFor({ timeout: 15_000 });
      await expect(alert.textContent()).resolves.toMatch(/not allowed to use your camera and microphone/);
      await expectAccessible(page, 'session room, camera refused');
    } finally {
      await plain.close();
    }
  });
});
