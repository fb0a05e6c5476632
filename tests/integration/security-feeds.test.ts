import http from 'node:http';
import net from 'node:net';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, randomClientAddress, startHaven, type Haven } from '../helpers/haven';
import { therapist } from './booking-helpers';
// @ts-expect-error plain JavaScript shared with `npm run audit:security`
import { request } from '../../scripts/security/http.mjs';
// @ts-expect-error plain JavaScript shared with `npm run audit:security`
import { HOSTILE_FEEDS, PLAIN_REASON, outcomeMatches } from '../../scripts/security/feeds-corpus.mjs';

const require = createRequire(import.meta.url);
const { FeedReader } = require('../../plugins/booking/dist/server/lib/ics-read.js');

type Entry = { name: string; build: () => string; expect: RegExp | null | 'any' };
const CORPUS = HOSTILE_FEEDS as Entry[];
const DAY = 86_400_000;
const LIMIT_MS = 5000;
/** A stalled event loop shows here; a busy 2-core machine stays far below it. */
const HEALTH_MS = 1000;
const CALENDAR = 'plugin::booking.external-calendar';

/** Runs `work` while polling /_health; returns its result, how long it took and the slowest health answer. */
async function watched<T>(baseUrl: string, work: () => Promise<T>) {
  let worst = 0;
  let running = true;
  const poller = (async () => {
    while (running) {
      const started = performance.now();
      const res = await request(`${baseUrl}/_health`, { timeoutMs: 30_000 }).catch(() => ({ status: 0 }));
      if (res.status !== 204) worst = Infinity;
      worst = Math.max(worst, performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  const started = performance.now();
  try {
    const result = await work();
    return { result, ms: performance.now() - started, worst };
  } finally {
    running = false;
    await poller;
  }
}

/**
 * Issue 15, item 1: a hostile calendar feed cannot stop the CMS. Each feed of the corpus (shared
 * with the security audit) is read within the parse limit — in a worker that is terminated when it
 * runs over — with a plain reason when it is refused, while /_health and slots keep answering.
 */
describe('hostile calendar feeds', () => {
  let haven: Haven;
  let api: ReturnType<typeof apiClient>;
  let server: http.Server;
  let base: string;
  let t: Awaited<ReturnType<typeof therapist>>;
  let other: Awaited<ReturnType<typeof therapist>>;
  const routes = new Map<string, string>();

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const route = routes.get(req.url ?? '');
      if (route === undefined) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'text/calendar', 'content-length': Buffer.byteLength(route, 'latin1') }).end(route, 'latin1');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    haven = await startHaven({
      env: {
        BOOKING_CALENDAR_ALLOW_PRIVATE_HOSTS: 'true',
        BOOKING_CALENDAR_MAX_BYTES: String(3 * 1024 * 1024),
        BOOKING_CALENDAR_MAX_PER_THERAPIST: '100',
        BOOKING_CALENDAR_REFRESH_COOLDOWN_SECONDS: '0',
        BOOKING_CALENDAR_READS_PER_HOUR: '1000',
        BOOKING_CALENDAR_POLL_MS: '3600000',
        BOOKING_REMINDER_POLL_MS: '3600000',
      },
    });
    api = apiClient(haven.url);
    t = await therapist(haven);
    other = await therapist(haven);
  });
  let closed = false;
  afterAll(async () => {
    if (!closed) await haven?.close();
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
  });

  describe('the read function ends within 5 s on every feed, wherever it runs', () => {
    const reader = new FeedReader({ timeoutMs: LIMIT_MS, workers: 1 });
    afterAll(() => reader.close());
    it.each(CORPUS.map((entry, i) => [entry.name, i] as const))('%s', async (_name, i) => {
      const entry = CORPUS[i];
      const text = entry.build();
      const now = Date.now();
      const started = performance.now();
      const error = await reader.read(text, { from: now - DAY, to: now + 400 * DAY, defaultZone: 'UTC' }).then(() => null, (err: Error) => err);
      const ms = performance.now() - started;
      // The deadline plus a second of slack for killing the worker on a loaded 2-core CI machine: a runaway
      // read would never end, so the bound still tells the two apart.
      expect(ms, `${entry.name}: ${ms.toFixed(0)} ms`).toBeLessThan(LIMIT_MS + 1000);
      if (error) expect(error.constructor.name, error.message).toBe('IcsError');
      expect(outcomeMatches(entry, error?.message ?? null), `${entry.name}: ${error?.message}`).toBe(true);
    }, 20_000);
  });

  describe('through the API, while the CMS keeps answering', () => {
    it.each(CORPUS.map((entry, i) => [entry.name, i] as const))('%s', async (_name, i) => {
      const entry = CORPUS[i];
      // Built before the clock starts: this test process is also the CMS's main thread.
      routes.set(`/hostile/${i}.ics`, entry.build());
      const day = new Date(Date.now() + 2 * DAY).toISOString().slice(0, 10);
      const { result, ms, worst } = await watched(haven.url, async () => {
        const slots = (async () => {
          await new Promise((resolve) => setTimeout(resolve, 300));
          const started = performance.now();
          const res = await api.get(`/api/booking/therapists/${other.therapistId}/slots?from=${day}&to=${day}&tz=UTC`);
          return { status: res.status, ms: performance.now() - started };
        })();
        const added = await api.post('/api/booking/calendars', { url: `${base}/hostile/${i}.ics`, label: `hostile ${i}` }, t.jwt);
        return { added, slots: await slots };
      });
      expect(result.added.status).toBe(201);
      const lastError = result.added.body.data.lastError;
      expect(outcomeMatches(entry, lastError), `${entry.name}: ${lastError}`).toBe(true);
      expect(lastError ?? '').not.toMatch(/could not be read\. Please check/);
      // Fetch (a few MB on loopback), the parse limit, and writing up to 20,000 busy times.
      expect(ms, `${entry.name}: ${ms.toFixed(0)} ms`).toBeLessThan(LIMIT_MS + 6000);
      expect(worst, `${entry.name}: /_health took ${worst.toFixed(0)} ms`).toBeLessThan(HEALTH_MS);
      expect(result.slots.status).toBe(200);
      expect(result.slots.ms, `slots took ${result.slots.ms.toFixed(0)} ms`).toBeLessThan(HEALTH_MS * 2);
    }, 30_000);
  });

  it('a read that runs over is killed: several at once never hold up the others for longer than the limit', async () => {
    const killer = CORPUS.find((entry) => /week 53/.test(entry.name))!;
    const reader = new FeedReader({ timeoutMs: 2000, workers: 2 });
    const now = Date.now();
    const options = { from: now - DAY, to: now + 400 * DAY, defaultZone: 'UTC' };
    const legit = `BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:ok\r\nDTSTART:${new Date(now + DAY).toISOString().replace(/[-:]/g, '').slice(0, 15)}Z\r\nDURATION:PT1H\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n`;
    const started = performance.now();
    const outcomes = await Promise.all([...Array(4)].map(() => reader.read(killer.build(), options)).concat(reader.read(legit, options)).map((p: Promise<unknown>) => p.then(() => 'read', (err: Error) => `${err.constructor.name}: ${err.message}`)));
    expect(performance.now() - started).toBeLessThan(2000 + 1500);
    // The first two ran and were killed at their deadline. The others waited for a worker: each was
    // either refused as busy when its own deadline came (tried again soon, not blamed) or got a
    // worker freed by a kill and was killed in turn; the harmless feed was read or refused as busy.
    expect(outcomes.slice(0, 2).every((o) => /IcsError: .*took longer than 2 seconds/.test(o)), outcomes.join('\n')).toBe(true);
    expect(outcomes.slice(2, 4).every((o) => /IcsError: .*took longer than 2 seconds|ReaderBusyError: .*tried again/.test(o)), outcomes.join('\n')).toBe(true);
    expect(outcomes[4], outcomes.join('\n')).toMatch(/^read$|ReaderBusyError: .*tried again/);
    // Workers were terminated and replaced: the next read is answered.
    expect(await reader.read(legit, options)).toHaveLength(1);
    await reader.close();
  }, 20_000);

  it('a failed connection is reported in plain words, whatever listens on the port', async () => {
    const closed = await new Promise<number>((resolve) => {
      const probe = net.createServer().listen(0, '127.0.0.1', () => {
        const port = (probe.address() as AddressInfo).port;
        probe.close(() => resolve(port));
      });
    });
    const ssh = net.createServer((socket) => socket.end('SSH-2.0-OpenSSH_9.6\r\n'));
    await new Promise<void>((resolve) => ssh.listen(0, '127.0.0.1', () => resolve()));
    const sshPort = (ssh.address() as AddressInfo).port;
    const port = new URL(base).port;
    const seen = new Set<string>();
    for (const url of [`http://127.0.0.1:${closed}/x.ics`, `https://127.0.0.1:${port}/x.ics`, `http://127.0.0.1:${sshPort}/x.ics`, `https://127.0.0.1:${sshPort}/x.ics`]) {
      const res = await api.post('/api/booking/calendars', { url }, other.jwt);
      expect(res.status, url).toBe(201);
      expect(res.body.data.lastError, url).toMatch(/could not connect/);
      expect(res.body.data.lastError, url).not.toMatch(/ECONN|EPROTO|SSL|ssl|wrong version|HPE_|Parse Error|127\.0\.0\.1|\d{4,5}/);
      seen.add(res.body.data.lastError);
    }
    expect(seen.size).toBe(1);
    ssh.close();
  });

  it('a failing feed backs off: the wait doubles with the time it has been failing, up to a day', async () => {
    const x = await therapist(haven);
    routes.set('/backoff.ics', 'not a calendar');
    const added = (await api.post('/api/booking/calendars', { url: `${base}/backoff.ics` }, x.jwt)).body.data;
    expect(added.lastError).toMatch(PLAIN_REASON);
    const calendars = haven.strapi.db.query(CALENDAR);
    const waitOf = async () => {
      const row = await calendars.findOne({ where: { documentId: added.id } });
      return Math.round((new Date(row.nextRefreshAt).getTime() - new Date(row.lastAttemptAt).getTime()) / 60_000);
    };
    expect(await waitOf()).toBe(15); // first failure: one refresh interval
    for (const [failingFor, expected] of [[5 * 60, 5 * 60], [20 * 60, 20 * 60], [3 * 24 * 60, 24 * 60], [60, 60]] as const) {
      await calendars.update({ where: { documentId: added.id }, data: { lastSuccessAt: new Date(Date.now() - failingFor * 60_000) } });
      await api.post(`/api/booking/calendars/${added.id}/refresh`, {}, x.jwt);
      expect(Math.abs((await waitOf()) - expected), `failing for ${failingFor} minutes`).toBeLessThanOrEqual(1);
    }
    // A good read brings it back to the normal interval.
    routes.set('/backoff.ics', 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n');
    expect((await api.post(`/api/booking/calendars/${added.id}/refresh`, {}, x.jwt)).body.data.lastError).toBeNull();
    expect(await waitOf()).toBe(15);
  });

  describe('after a restart with hostile feeds due, with the default throttles', () => {
    let restarted: Haven;
    let rapi: ReturnType<typeof apiClient>;
    /** A fresh token: the restarted CMS has new secrets. */
    const relogin = async (user: { email: string; password: string }) => {
      const res = await apiClient(restarted.url, { 'x-forwarded-for': randomClientAddress() }).post('/api/auth/local', { identifier: user.email, password: user.password });
      return res.body.jwt as string;
    };
    beforeAll(async () => {
      // Every hostile calendar is due at once when the next CMS starts.
      await haven.strapi.db.query(CALENDAR).updateMany({ where: {}, data: { nextRefreshAt: null, leaseUntil: null, lastAttemptAt: new Date(Date.now() - 10 * 60_000) } });
      const encryptionKey = String(process.env.ENCRYPTION_KEY);
      await haven.close({ keepDatabase: true });
      closed = true;
      restarted = await startHaven({
        database: haven.database,
        // The same key reads the stored addresses; the throttles go back to their defaults (this
        // process's environment still holds the first CMS's settings), except three reads an hour.
        env: { ENCRYPTION_KEY: encryptionKey, BOOKING_CALENDAR_REFRESH_COOLDOWN_SECONDS: '60', BOOKING_CALENDAR_ALLOW_PRIVATE_HOSTS: 'true', BOOKING_CALENDAR_MAX_BYTES: String(3 * 1024 * 1024), BOOKING_CALENDAR_MAX_PER_THERAPIST: '100', BOOKING_CALENDAR_POLL_MS: '100', BOOKING_REMINDER_POLL_MS: '3600000', BOOKING_CALENDAR_READS_PER_HOUR: '3' },
      });
      rapi = apiClient(restarted.url);
    });
    afterAll(async () => {
      await restarted?.close();
    });

    it('the refresher works through them in the background while the CMS answers', async () => {
      const calendars = restarted.strapi.db.query(CALENDAR);
      const hostile = await calendars.count({ where: { label: { $startsWith: 'hostile ' } } });
      expect(hostile).toBe(CORPUS.length);
      const deadline = Date.now() + 90_000;
      const { worst } = await watched(restarted.url, async () => {
        // The refresher takes 20 due calendars per round.
        while (Date.now() < deadline && (await calendars.count({ where: { label: { $startsWith: 'hostile ' }, lastAttemptAt: { $lt: new Date(Date.now() - 5 * 60_000) } } })) > 0) {
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
      });
      expect(await calendars.count({ where: { label: { $startsWith: 'hostile ' }, lastAttemptAt: { $lt: new Date(Date.now() - 5 * 60_000) } } })).toBe(0);
      expect(worst, `/_health took ${worst.toFixed(0)} ms`).toBeLessThan(HEALTH_MS);
    }, 120_000);

    it('refreshes by hand are throttled per calendar and per therapist, with a kind 429 and Retry-After', async () => {
      const tJwt = await relogin(t);
      const otherJwt = await relogin(other);
      const list = (await rapi.get('/api/booking/calendars', tJwt)).body.data as { id: string; lastAttemptAt: string }[];
      // Read ten seconds ago (as by the refresher): the calendar's cooldown answers.
      await restarted.strapi.db.query(CALENDAR).update({ where: { documentId: list[0].id }, data: { lastAttemptAt: new Date(Date.now() - 10_000) } });
      const first = (await rapi.get('/api/booking/calendars', tJwt)).body.data[0] as { id: string; lastAttemptAt: string };
      const tooSoon = await rapi.post(`/api/booking/calendars/${first.id}/refresh`, {}, tJwt);
      expect(tooSoon.status).toBe(429);
      expect(tooSoon.body.error.message).toMatch(/can be refreshed again in \d+ seconds/);
      const retry = Number(tooSoon.headers.get('retry-after'));
      expect(retry).toBeGreaterThanOrEqual(1);
      expect(retry).toBeLessThanOrEqual(50);
      const unchanged = (await rapi.get('/api/booking/calendars', tJwt)).body.data.find((c: { id: string }) => c.id === first.id);
      expect(unchanged.lastAttemptAt).toBe(first.lastAttemptAt);

      // Three reads by hand an hour (set for this CMS); the fourth, and an add, answer 429.
      const calendars = restarted.strapi.db.query(CALENDAR);
      await calendars.updateMany({ where: { therapistUserId: t.id }, data: { lastAttemptAt: new Date(Date.now() - 10 * 60_000) } });
      await calendars.updateMany({ where: { therapistUserId: other.id }, data: { lastAttemptAt: new Date(Date.now() - 10 * 60_000) } });
      // The first corpus entries read in milliseconds.
      const easy = list.slice(0, 4);
      for (const calendar of easy.slice(0, 3)) expect((await rapi.post(`/api/booking/calendars/${calendar.id}/refresh`, {}, tJwt)).status).toBe(200);
      const fourth = await rapi.post(`/api/booking/calendars/${easy[3].id}/refresh`, {}, tJwt);
      expect(fourth.status).toBe(429);
      expect(fourth.body.error.message).toMatch(/3 times in the last hour.*refreshed automatically/);
      expect(Number(fourth.headers.get('retry-after'))).toBeGreaterThan(3000);
      const before = await calendars.count({ where: { therapistUserId: t.id } });
      const add = await rapi.post('/api/booking/calendars', { url: `${base}/hostile/0.ics` }, tJwt);
      expect(add.status).toBe(429);
      expect(await calendars.count({ where: { therapistUserId: t.id } })).toBe(before);
      // Another therapist has their own share.
      const own = (await rapi.get('/api/booking/calendars', otherJwt)).body.data[0];
      expect((await rapi.post(`/api/booking/calendars/${own.id}/refresh`, {}, otherJwt)).status).toBe(200);
    });
  });
});
