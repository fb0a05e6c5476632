/**
 * The session room's waiting room and a call through a real TURN server, in Chromium with a fake
 * camera and microphone, against a real CMS with the demo data and a real coturn (tests/helpers/
 * coturn.ts) that the CMS hands short-lived credentials for (TURN_URLS, TURN_SECRET) with
 * TURN_RELAY_ONLY=true, so the browsers may only use relayed candidates: the call connects through
 * coturn or not at all.
 *
 * Alex (client) and Dr. Rivera (therapist) have a demo session, moved to open ~45 s after the set-up:
 * before opening the room counts down with "Join" disabled; at opening "Join" enables without a
 * reload; the CMS gives TURN credentials to the two participants only; both join and connect over a
 * relay pair. A context without camera permission gets words that say how to allow it again. Every
 * state is axe clean, and the room has no horizontal scroll at 360 px.
 */
import crypto from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFailed } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD, expectAccessible, text, useBrowserSuite } from '../helpers/browser-suite';
import { startCoturn, type Coturn } from '../helpers/coturn';
import { apiClient } from '../helpers/haven';
/** What the room test keeps on the page's window: each peer connection made, and a mark that survives no reload. */
// What the page scripts below leave on the room's window: every peer connection made, and a mark that survives only without a reload.
declare global {
  interface Window {
    __peers: { pc: RTCPeerConnection; config: RTCConfiguration }[];
    __notReloaded?: boolean;
  }
}
/** The fields of a candidate pair's stats the relay check reads. */
type CandidatePairStats = { localCandidateId: string; remoteCandidateId: string; bytesReceived?: number };

let turn: Coturn;
// No --use-fake-ui-for-media-stream: contexts are granted the camera or not, so that one can refuse.
// Real host addresses in ICE (no mDNS names) are irrelevant with relay-only, but keep Chromium as chat.test has it.
const suite = useBrowserSuite({
  closeAfterEach: false,
  pageTimeout: 30_000, // a loaded CI machine: logging in, a socket and ICE through TURN take their time
  browserArgs: ['--use-fake-device-for-media-stream', '--autoplay-policy=no-user-gesture-required', '--disable-features=WebRtcHideLocalIpsWithMdns'],
  stack: async () => {
    turn = await startCoturn();
    return {
      havenEnv: {
        TURN_URLS: turn.urls.join(','),
        TURN_SECRET: turn.secret,
        TURN_TTL_SECONDS: '600',
        TURN_RELAY_ONLY: 'true',
        BOOKING_REMINDER_POLL_MS: '3600000',
        BOOKING_CALENDAR_POLL_MS: '3600000',
      },
    };
  },
});
afterAll(async () => {
  await turn?.stop();
});

const MEDIA = { permissions: ['camera', 'microphone'] };
const OPENS_IN_MS = 45_000;
let bookingId: string;
let opensAt: number;
const ids: Record<string, number> = {};
/** Alex's page: the waiting room's tests leave it in the open room, where the call starts. */
let alex: Page;

/** Pages whose room and console are printed when a test fails (what a flaky CI run needs to be understood). */
const watched: { name: string; page: Page; console: string[] }[] = [];
function watch(name: string, page: Page) {
  const entry = { name, page, console: [] as string[] };
  page.on('console', (m) => entry.console.push(`${m.type()}: ${m.text()}`.slice(0, 300)));
  watched.push(entry);
}
beforeEach(() => {
  onTestFailed(async () => {
    for (const { name, page, console: lines } of watched) {
      if (page.isClosed()) continue;
      const room = await page.locator('.video-room').innerText({ timeout: 1_000 }).catch(() => '(no room)');
      console.log(`[${name}] ${page.url()}\n${room}\n${lines.slice(-20).join('\n')}`);
    }
  });
});

/** Records every RTCPeerConnection the page makes, so the test can read its getStats (no change to the app). */
async function watchPeers(page: Page) {
  await page.addInitScript(() => {
    const Original = window.RTCPeerConnection;
    window.__peers = [];
    window.RTCPeerConnection = class extends Original {
      constructor(config?: RTCConfiguration) {
        super(config);
        window.__peers.push({ pc: this, config });
      }
    } as typeof RTCPeerConnection;
  });
}

// VIDEO_SCREENSHOTS=<folder>: the waiting room and the call are also saved as screenshots, to look at.
const SHOTS = process.env.VIDEO_SCREENSHOTS;
const shot = (page: Page, name: string) => (SHOTS ? page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true }) : null);

const noOverflowAt360 = async (page: Page) => expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

beforeAll(async () => {
  const db = suite.stack.haven.strapi.db;
  for (const email of ['alex@haven.example', 'dr.rivera@haven.example', 'sam@haven.example']) {
    ids[email] = (await db.query('plugin::users-permissions.user').findOne({ where: { email } })).id;
  }
  const bookings = db.query('plugin::booking.booking');
  const demo = await bookings.findOne({ where: { clientUserId: ids['alex@haven.example'], therapistUserId: ids['dr.rivera@haven.example'], status: 'confirmed' } });
  bookingId = demo.documentId;
  // The room opens CHAT_VIDEO_EARLY_MINUTES (10) before the start: let that be ~45 s from now (time for the before-opening checks on a slow machine).
  opensAt = Date.now() + OPENS_IN_MS;
  const start = opensAt + 10 * 60_000;
  await bookings.update({ where: { id: demo.id }, data: { startsAt: new Date(start), endsAt: new Date(start + 50 * 60_000) } });
});

describe('the waiting room', () => {
  it('before opening: the session time, a live countdown, "Join" disabled, a camera and microphone check', async () => {
    alex = await suite.newPage(MEDIA);
    await watchPeers(alex);
    watch('alex', alex);
    await suite.logIn(alex, 'alex@haven.example', DEMO_PASSWORD, `/login?next=${encodeURIComponent(`/sessions/${bookingId}/room`)}`);
    await alex.waitForURL((url) => url.pathname === `/sessions/${bookingId}/room`);
    await alex.evaluate(() => (window.__notReloaded = true));

    await alex.locator('[data-opening="early"]').waitFor();
    const join = alex.getByRole('button', { name: 'Join the session' });
    expect(await join.isDisabled()).toBe(true);
    expect(await text(alex.getByRole('status'))).toBe('The room is not open yet. You can check your camera and microphone meanwhile.');
    const first = await text(alex.getByTestId('countdown'));
    expect(first).toMatch(/^\d+ seconds?$/);
    await alex.waitForFunction((before) => document.querySelector('[data-testid="countdown"]')?.textContent !== before, first, { timeout: 3_000 });
    expect(await text(alex.locator('.room-opening'))).toMatch(/The room opens at .+\(.+\)\.\s*Opens in \d+ seconds?/);

    // The same at 360 px, with no horizontal scroll, on a phone whose clock is two hours fast: the
    // countdown follows the CMS's clock, so the room still opens in seconds, not "now".
    const phone = await suite.newPage({ viewport: { width: 360, height: 740 } });
    await phone.clock.install({ time: Date.now() + 2 * 3_600_000 });
    await suite.logIn(phone, 'alex@haven.example', DEMO_PASSWORD, `/login?next=${encodeURIComponent(`/sessions/${bookingId}/room`)}`);
    await phone.locator('[data-opening="early"]').waitFor();
    expect(await text(phone.getByTestId('countdown'))).toMatch(/^\d+ seconds?$/);
    await noOverflowAt360(phone);
    await shot(phone, 'waiting-room-before-opening-phone');
    await expectAccessible(phone, 'waiting room at 360 px');
    await phone.context().close();

    // The device check: the fake camera and microphone, chosen in selects, the microphone heard.
    await alex.getByRole('button', { name: 'Check camera and microphone' }).click();
    const camera = alex.getByLabel('Camera', { exact: true });
    await camera.waitFor();
    expect(await camera.locator('option').count()).toBeGreaterThanOrEqual(1);
    expect(await alex.getByLabel('Microphone', { exact: true }).locator('option').count()).toBeGreaterThanOrEqual(1);
    await alex.waitForFunction(() => {
      const video = document.querySelector('[data-testid="local-video"]') as HTMLVideoElement;
      return video.srcObject instanceof MediaStream && video.videoWidth > 0;
    });
    await alex.waitForFunction(() => Number((document.querySelector('[data-testid="mic-level"]') as HTMLMeterElement).value) > 0, null, { timeout: 10_000 });
    // Choosing a device restarts the preview with it.
    const other = await camera.locator('option').last().getAttribute('value');
    await camera.selectOption(other!);
    await alex.waitForFunction((id) => ((document.querySelector('[data-testid="local-video"]') as HTMLVideoElement).srcObject as MediaStream).getVideoTracks()[0]?.getSettings().deviceId === id, other);
    await expectAccessible(alex, 'waiting room, before opening');
    await shot(alex, 'waiting-room-before-opening-desktop');

    // Early, the CMS refuses the room and gives no credentials: only when and why.
    const api = apiClient(suite.stack.haven.url);
    const login = await api.post('/api/auth/local', { identifier: 'alex@haven.example', password: DEMO_PASSWORD });
    const early = await api.get(`/api/chat/bookings/${bookingId}/video`, login.body.jwt);
    expect(early.status).toBe(409);
    expect(early.body.error.details).toMatchObject({ code: 'outside-window', opensAt: expect.any(String), now: expect.any(String) });
    expect(JSON.stringify(early.body)).not.toMatch(/credential|username|turn:/);
  });

  it('at opening: "Join" enables by itself, without a reload', async () => {
    const join = alex.getByRole('button', { name: 'Join the session' });
    await alex.waitForFunction(() => !(document.querySelector('.video-controls button') as HTMLButtonElement)?.disabled, null, { timeout: OPENS_IN_MS + 15_000 });
    expect(Date.now()).toBeGreaterThanOrEqual(opensAt - 2_000);
    expect(await join.isEnabled()).toBe(true);
    expect(await text(alex.getByRole('status'))).toBe('The room is open: you can join now.');
    expect(await alex.locator('.room-opening').count()).toBe(0);
    expect(await alex.evaluate(() => window.__notReloaded)).toBe(true);
    await shot(alex, 'waiting-room-open-desktop');
  });
});

describe('a call through TURN', () => {
  it('gives TURN credentials to the two participants only, signed with the shared secret', async () => {
    const api = apiClient(suite.stack.haven.url);
    for (const email of ['alex@haven.example', 'dr.rivera@haven.example']) {
      const { body } = await api.post('/api/auth/local', { identifier: email, password: DEMO_PASSWORD });
      const res = await api.get(`/api/chat/bookings/${bookingId}/video`, body.jwt);
      expect(res.status).toBe(200);
      expect(res.body.data.iceTransportPolicy).toBe('relay');
      const relay = res.body.data.iceServers.find((s: { urls: string[] }) => [s.urls].flat().some((u) => u.startsWith('turn:')));
      expect(relay.urls).toEqual(turn.urls);
      const [expiry, user] = relay.username.split(':');
      expect(Number(user)).toBe(ids[email]);
      // Lives TURN_TTL_SECONDS (600) but at least until the session ends (60 minutes from now).
      expect(Number(expiry)).toBeGreaterThan(Date.now() / 1000 + 55 * 60);
      expect(relay.credential).toBe(crypto.createHmac('sha1', turn.secret).update(relay.username).digest('base64'));
      expect(JSON.stringify(res.body)).not.toContain(turn.secret);
    }
    const sam = await api.post('/api/auth/local', { identifier: 'sam@haven.example', password: DEMO_PASSWORD });
    const stranger = await api.get(`/api/chat/bookings/${bookingId}/video`, sam.body.jwt);
    expect(stranger.status).toBe(404);
    expect(JSON.stringify(stranger.body)).not.toMatch(/credential|turn:/);
    expect((await api.get(`/api/chat/bookings/${bookingId}/video`)).status).toBeGreaterThanOrEqual(401);
  });

  it('connects the two pages with relay-only ICE through coturn', async () => {
    expect(new URL(alex.url()).pathname).toBe(`/sessions/${bookingId}/room`);
    await alex.getByRole('button', { name: 'Join the session' }).click();
    await alex.getByText('Waiting for Dr. Maria Rivera to join').waitFor();
    const help = alex.getByRole('region', { name: 'If Dr. Maria Rivera does not join' });
    expect(await text(help)).toMatch(/10 minutes after the start, send them a message/);
    expect(await help.getByRole('link', { name: 'send them a message' }).getAttribute('href')).toBe(`/messages?booking=${bookingId}`);
    await expectAccessible(alex, 'session room, waiting for the therapist');
    await shot(alex, 'room-waiting-for-therapist-desktop');

    const rivera = await suite.newPage(MEDIA);
    await watchPeers(rivera);
    watch('rivera', rivera);
    await suite.logIn(rivera, 'dr.rivera@haven.example', DEMO_PASSWORD, `/login?next=${encodeURIComponent(`/sessions/${bookingId}/room`)}`);
    await rivera.getByRole('button', { name: 'Join the session' }).click();

    for (const page of [alex, rivera]) {
      await page.getByText('Connected with', { exact: false }).waitFor({ timeout: 30_000 });
      await page.waitForFunction(() => {
        const video = document.querySelector('[data-testid="remote-video"]') as HTMLVideoElement;
        return Boolean(video.srcObject && video.videoWidth > 0 && video.readyState >= 2);
      }, null, { timeout: 30_000 });
      const pair = await page.evaluate(async () => {
        const { pc, config } = window.__peers.at(-1)!;
        const stats = await pc.getStats();
        let selected: CandidatePairStats | null = null;
        stats.forEach((s: RTCStats & { selectedCandidatePairId?: string }) => {
          if (s.type === 'transport' && s.selectedCandidatePairId) selected = stats.get(s.selectedCandidatePairId);
        });
        return {
          policy: config.iceTransportPolicy,
          state: pc.connectionState,
          local: selected && stats.get(selected.localCandidateId)?.candidateType,
          remote: selected && stats.get(selected.remoteCandidateId)?.candidateType,
          bytes: selected?.bytesReceived ?? 0,
        };
      });
      expect(pair).toMatchObject({ policy: 'relay', state: 'connected', local: 'relay', remote: 'relay' });
      expect(pair.bytes).toBeGreaterThan(0);
    }
    // coturn saw both participants' allocations, under their short-lived usernames.
    expect(turn.log()).toMatch(new RegExp(`user <\\d+:${ids['alex@haven.example']}>`));
    expect(turn.log()).toMatch(new RegExp(`user <\\d+:${ids['dr.rivera@haven.example']}>`));
    await expectAccessible(rivera, 'session room in a relayed call');
    await shot(rivera, 'room-in-a-relayed-call-desktop');

    await alex.getByRole('button', { name: 'Leave' }).click();
    await alex.getByText('You left the room.').waitFor();
    await rivera.getByText('Waiting for Alex', { exact: false }).waitFor({ timeout: 10_000 });
    expect(await text(rivera.getByRole('region', { name: /does not join/ }))).toMatch(/The client did not come/);
  });

  it('says how to allow the camera again when the browser refuses it (at 360 px)', async () => {
    const page = await suite.loggedIn('alex@haven.example', `/sessions/${bookingId}/room`, { viewport: { width: 360, height: 740 } });
    await page.getByRole('button', { name: 'Check camera and microphone' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await text(alert)).toMatch(/not allowed to use your camera and microphone\. To allow them again: .*set Camera and Microphone to Allow, then reload this page/);
    await noOverflowAt360(page);
    await expectAccessible(page, 'session room, camera refused');
    await shot(page, 'room-camera-refused-phone');
  });
});
