/**
 * Issue 15, item 1: hostile calendar feeds. Starts a CMS of its own (the audit's main one refuses
 * loopback feeds, rightly) that may fetch from loopback, serves every feed of the hostile corpus
 * (scripts/security/feeds-corpus.mjs: impossible rules, dense rules from 1970, huge exception sets,
 * 100,000 events, enormous and broken lines, deep nesting …) from a local server, and has a demo
 * therapist add each one. Each add must answer within the fetch plus the 5 s parse limit, with the
 * plain reason the corpus expects, while /_health keeps answering under 1 s. Then the throttles: a
 * refresh right after a read answers 429 with Retry-After. Item 5's plain connection errors are
 * checked here too (they need loopback ports).
 */
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { HOSTILE_FEEDS, outcomeMatches } from '../feeds-corpus.mjs';

export const item = '15.1';
export const title = 'hostile calendar feeds';

const PARSE_LIMIT_MS = 5000;
const HEALTH_LIMIT_MS = 1000;

export async function run(ctx) {
  const { check, json, request, worstHealthDuring, startChild, cmsEnv, freePort, work, DEMO_PASSWORD, SITE } = ctx;
  const bodies = new Map(HOSTILE_FEEDS.map((entry, i) => [`/hostile/${i}.ics`, entry.build()]));
  const feeds = http.createServer((req, res) => {
    const body = bodies.get(req.url ?? '');
    if (body === undefined) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'text/calendar', 'content-length': Buffer.byteLength(body, 'latin1') }).end(body, 'latin1');
  });
  await new Promise((resolve) => feeds.listen(0, '127.0.0.1', resolve));
  const feedBase = `http://127.0.0.1:${feeds.address().port}`;
  const port = await freePort();
  const CMS = `http://127.0.0.1:${port}`;
  const cms = startChild('the feeds CMS', ['scripts/security/serve-cms.mjs'], cmsEnv({
    PORT: String(port), DATABASE_FILENAME: path.join(work, 'feeds.db'), HAVEN_SEED_DEMO: 'true', PUBLIC_SITE_URL: SITE, PUBLIC_CMS_URL: CMS,
    EMAIL_OUTBOX_DIR: path.join(work, 'feeds-outbox'), AUTH_RATE_LIMIT_MAX: '1000',
    BOOKING_CALENDAR_ALLOW_PRIVATE_HOSTS: 'true', BOOKING_CALENDAR_MAX_BYTES: String(3 * 1024 * 1024), BOOKING_CALENDAR_MAX_PER_THERAPIST: '100',
    BOOKING_CALENDAR_READS_PER_HOUR: '1000', BOOKING_CALENDAR_POLL_MS: '3600000',
  }), (out) => out.includes('READY'));
  try {
    await cms.started;
    const login = await json(`${CMS}/api/auth/local`, 'POST', { identifier: 'dr.rivera@haven.example', password: DEMO_PASSWORD }, { headers: { 'x-forwarded-for': '198.51.100.77' } });
    const jwt = login.json?.jwt;
    if (!jwt) throw new Error(`the demo therapist could not log in to the feeds CMS: ${login.status}`);
    const as = { headers: { authorization: `Bearer ${jwt}` } };

    for (const [i, entry] of HOSTILE_FEEDS.entries()) {
      await check(item, `hostile feed "${entry.name}" ends within the limit while /_health answers`, async () => {
        let res;
        const started = performance.now();
        const worst = await worstHealthDuring(CMS, async () => {
          res = await json(`${CMS}/api/booking/calendars`, 'POST', { url: `${feedBase}/hostile/${i}.ics`, label: `hostile ${i}` }, as);
        }, 50);
        const ms = performance.now() - started;
        if (res.status !== 201) return `add answered ${res.status} ${res.text.slice(0, 160)}`;
        const lastError = res.json.data.lastError;
        if (!outcomeMatches(entry, lastError)) return `unexpected outcome: ${lastError}`;
        if (ms > PARSE_LIMIT_MS + 6000) return `took ${ms.toFixed(0)} ms`;
        if (worst > HEALTH_LIMIT_MS) return `/_health took ${worst.toFixed(0)} ms`;
        return true;
      });
    }

    await check(item, 'a refresh right after a read answers 429 with Retry-After and a kind message', async () => {
      const list = (await request(`${CMS}/api/booking/calendars`, as)).json?.data ?? [];
      const res = await json(`${CMS}/api/booking/calendars/${list[0]?.id}/refresh`, 'POST', {}, as);
      if (res.status !== 429) return `answered ${res.status}`;
      const retry = Number(res.headers['retry-after']);
      if (!(retry >= 1 && retry <= 60)) return `Retry-After ${res.headers['retry-after']}`;
      return /can be refreshed again in \d+ seconds/.test(res.json?.error?.message ?? '') || res.json?.error?.message;
    });

    await check('15.5', 'failed connections read "could not connect", the same whatever listens on the port', async () => {
      const closed = await freePort();
      const ssh = net.createServer((socket) => socket.end('SSH-2.0-OpenSSH_9.6\r\n'));
      await new Promise((resolve) => ssh.listen(0, '127.0.0.1', resolve));
      try {
        const targets = [`http://127.0.0.1:${closed}/`, `https://127.0.0.1:${feeds.address().port}/`, `http://127.0.0.1:${ssh.address().port}/`, `https://127.0.0.1:${ssh.address().port}/`];
        const seen = new Set();
        for (const url of targets) {
          const res = await json(`${CMS}/api/booking/calendars`, 'POST', { url }, as);
          const lastError = res.json?.data?.lastError ?? '';
          if (res.status !== 201 || !/could not connect/.test(lastError)) return `${url}: ${res.status} ${lastError || res.text.slice(0, 120)}`;
          if (/ECONN|EPROTO|SSL|wrong version|HPE_|Parse Error|127\.0\.0\.1|\d{4,5}/.test(lastError)) return `${url}: leaks "${lastError}"`;
          seen.add(lastError);
        }
        return seen.size === 1 || `different messages: ${[...seen].join(' | ')}`;
      } finally {
        ssh.close();
      }
    });
  } finally {
    await cms.stop();
    feeds.closeAllConnections();
    await new Promise((resolve) => feeds.close(resolve));
  }
}
