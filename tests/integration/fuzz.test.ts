import crypto from 'node:crypto';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, startHaven, type Haven } from '../helpers/haven';
// @ts-expect-error plain JavaScript shared with `npm run audit:security`
import { request } from '../../scripts/security/http.mjs';
// @ts-expect-error plain JavaScript shared with `npm run audit:security`
import { HOSTILE_QUERIES } from '../../scripts/security/cases.mjs';

/**
 * Issue 7, item 10: a seeded fuzz of EVERY route the server has — listed from Strapi's router at
 * run time, so a new plugin route is covered without touching this file — with malformed input of
 * every kind (types, sizes, encodings, Unicode, query strings, other people's ids), as anonymous, a
 * client and a therapist. Fails on any 5xx and on any stall of /_health over one second.
 * FUZZ_SEED picks another sequence; FUZZ_CASES the requests per route and identity.
 */
const SEED = Number(process.env.FUZZ_SEED || 20261130);
const CASES = Number(process.env.FUZZ_CASES || 3);
const CONCURRENCY = 4;

/** mulberry32: a small, well-known seeded generator, so a failure can be replayed exactly. */
function generator(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (max: number) => Math.floor(next() * max);
  const pick = <T,>(items: readonly T[]): T => items[int(items.length)];
  return { next, int, pick };
}

/** Routes whose success would end the fuzzing identity's session. */
const SKIP = new Set(['POST /api/auth/logout', 'POST /admin/logout']);
/** CONNECT never reaches the router (Node answers it apart: security-input.test.ts checks the 405); HEAD follows GET. */
const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);

interface RouteInfo {
  method: string;
  path: string;
}

interface Outcome {
  route: string;
  identity: string;
  url: string;
  status: number;
  detail: string;
}

describe('fuzz of every route', () => {
  let haven: Haven;
  let identities: { name: string; jwt: string | null }[];
  let strangerIds: string[];

  beforeAll(async () => {
    haven = await startHaven({ env: { AUTH_RATE_LIMIT_MAX: '100000' } });
    const client = await createUser(haven, 'client');
    const therapist = await createUser(haven, 'therapist');
    const other = await createUser(haven, 'client');
    const otherTherapist = await createUser(haven, 'therapist', { verificationStatus: 'verified' });
    identities = [
      { name: 'anonymous', jwt: null },
      { name: 'client', jwt: client.jwt },
      { name: 'therapist', jwt: therapist.jwt },
    ];
    const profile = await haven.strapi.db.query('api::profile.profile').findOne({ where: { user: { id: other.id } } });
    // Ids of things that belong to someone else: they must answer like missing ones, never 5xx.
    strangerIds = [String(other.id), profile.documentId, otherTherapist.therapistProfile.documentId, String(otherTherapist.id)];
  });
  afterAll(async () => haven?.close());

  function routes(): RouteInfo[] {
    const seen = new Set<string>();
    const out: RouteInfo[] = [];
    for (const layer of haven.strapi.server.listRoutes() as { path: string | RegExp; methods: string[] }[]) {
      if (typeof layer.path !== 'string') continue;
      for (const method of layer.methods) {
        if (!METHODS.has(method)) continue;
        const key = `${method} ${layer.path}`;
        if (seen.has(key) || SKIP.has(key)) continue;
        seen.add(key);
        out.push({ method, path: layer.path });
      }
    }
    return out;
  }

  it('answers every route, identity and malformed input without a 5xx or a stall', async () => {
    const rnd = generator(SEED);
    const all = routes();
    // The router must hold the stock, Haven and plugin routes (a sanity check on the listing itself).
    for (const expected of ['POST /api/auth/local', 'GET /api/resources', 'PUT /api/profiles/me', 'POST /admin/login', 'POST /upload']) {
      expect(all.some((r) => `${r.method} ${r.path}` === expected), expected).toBe(true);
    }
    expect(all.some((r) => r.path.startsWith('/api/community/'))).toBe(true);

    const strings = [
      '',
      ' ',
      'x'.repeat(70_000),
      '\ud800',
      'a\udfffb',
      '😀'.repeat(100),
      '\u0000\u0001\u001f',
      '<script>alert(1)</script>',
      "' OR 1=1 --",
      '../../../../etc/passwd',
      '%00',
      '\u202e\u200b\ufeff',
      'Ω'.repeat(5000),
      '{{7*7}}${7*7}',
      'NaN',
      '-1',
      '1e309',
      '9007199254740993',
      'true',
      'null',
    ];
    const value = (depth = 0): unknown => {
      const kind = rnd.int(depth > 3 ? 6 : 10);
      switch (kind) {
        case 0: return rnd.pick(strings);
        case 1: return rnd.pick([0, -1, 1.5, 2 ** 53, -(2 ** 31), 1e308, Number.MAX_SAFE_INTEGER]);
        case 2: return rnd.pick([true, false, null]);
        case 3: return rnd.pick(strangerIds);
        case 4: return rnd.pick(['client', 'therapist', 'admin', 'draft', 'published', 'self-harm', 'heart', '2026-02-30', 'Europe/Lisbon', 'USD']);
        case 5: return rnd.pick(strings).slice(0, 64);
        case 6: return Array.from({ length: rnd.int(4) }, () => value(depth + 1));
        case 7: return Array.from({ length: 1000 }, () => rnd.int(10));
        default: {
          const keys = ['data', 'title', 'body', 'text', 'id', 'documentId', 'user', 'role', 'password', 'email', 'identifier', 'displayName', 'timeZone', 'status', 'reason', 'note', 'target', 'kind', 'rating', 'startsAt', 'amount', 'currency', 'therapist', 'category', '$ne', '__proto__x', 'populate'];
          const out: Record<string, unknown> = {};
          for (let i = rnd.int(5); i >= 0; i -= 1) out[rnd.pick(keys)] = value(depth + 1);
          return out;
        }
      }
    };
    // A lone surrogate cannot be percent-encoded as UTF-8: send the bytes of an invalid sequence instead.
    const enc = (text: string) => {
      try {
        return encodeURIComponent(text);
      } catch {
        return `${encodeURIComponent(text.toWellFormed())}%ED%A0%80`;
      }
    };
    // Path segments stay under Node's header limit (16 KB), which answers 431 and drops the socket.
    const segment = () => enc(String(rnd.pick([...strangerIds, ...strings.slice(0, 12), '0', '-1', '99999999999', 'me', 'x'.repeat(300)])).slice(0, 1000));
    const fill = (path: string) =>
      path
        .split('/')
        .map((part) => (part.startsWith(':') || part.includes('(') ? segment() : part))
        .join('/');
    const query = () => {
      const choice = rnd.int(4);
      if (choice === 0) return '';
      if (choice === 1) return `?${rnd.pick(HOSTILE_QUERIES as string[])}`;
      if (choice === 2) return `?${['q', 'page', 'pageSize', 'status', 'category', 'from', 'to', 'sort', 'id'].map((k) => `${k}=${enc(String(value(3)).slice(0, 200))}`).slice(0, 1 + rnd.int(4)).join('&')}`;
      return `?${rnd.pick(['page[$gt]=1', 'q[]=a&q[]=b', 'pageSize=1e9', 'from=not-a-date', 'status[0][0]=x', '%E0%A4%A=1', 'a=%00', `q=${'%F0%9F%98%80'.repeat(300)}`])}`;
    };
    const body = (): { headers: Record<string, string>; body?: string | Buffer } => {
      const choice = rnd.int(10);
      if (choice === 0) return { headers: {} };
      if (choice === 1) return { headers: { 'content-type': 'application/json' }, body: '{"broken":' };
      if (choice === 2) return { headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: zlib.gzipSync(JSON.stringify(value())) };
      if (choice === 3) return { headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: 'not gzip at all' };
      if (choice === 4) return { headers: { 'content-type': 'multipart/form-data; boundary=F' }, body: `--F\r\nContent-Disposition: form-data; name="files"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n<html>x</html>\r\n--F--\r\n` };
      if (choice === 5) return { headers: { 'content-type': 'text/plain' }, body: String(value()) };
      return { headers: { 'content-type': 'application/json' }, body: JSON.stringify(value()) ?? 'null' };
    };

    // Each case is made before any request goes out, so the sequence depends only on the seed.
    const jobs: { route: RouteInfo; identity: (typeof identities)[number]; url: string; init: { method: string; headers: Record<string, string>; body?: string | Buffer } }[] = [];
    for (const route of all) {
      for (const identity of identities) {
        for (let i = 0; i < CASES; i += 1) {
          const payload = route.method === 'GET' || route.method === 'DELETE' ? { headers: {} } : body();
          const headers: Record<string, string> = { ...payload.headers, 'x-forwarded-for': `198.51.100.${1 + rnd.int(250)}` };
          if (identity.jwt) headers.authorization = `Bearer ${identity.jwt}`;
          jobs.push({ route, identity, url: `${haven.url}${fill(route.path)}${query()}`, init: { method: route.method, headers, body: payload.body } });
        }
      }
    }

    const failures: Outcome[] = [];
    let worstHealth = 0;
    let done = false;
    const monitor = (async () => {
      while (!done) {
        const started = performance.now();
        const res = await request(`${haven.url}/_health`, { timeoutMs: 30_000 }).catch(() => ({ status: 0 }));
        worstHealth = Math.max(worstHealth, performance.now() - started);
        if (res.status !== 204) failures.push({ route: '/_health', identity: '-', url: '/_health', status: res.status, detail: 'health check failed' });
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();

    let next = 0;
    const worker = async () => {
      while (next < jobs.length) {
        const job = jobs[next++];
        const res = await request(job.url, { ...job.init, timeoutMs: 30_000 }).catch((error: Error) => ({ status: 0, text: error.message }));
        if (res.status >= 500 || res.status === 0) {
          failures.push({ route: `${job.route.method} ${job.route.path}`, identity: job.identity.name, url: job.url.slice(haven.url.length, haven.url.length + 160), status: res.status, detail: String(res.text).slice(0, 200) });
        }
      }
    };
    const started = Date.now();
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    done = true;
    await monitor;
    console.log(`[fuzz] seed ${SEED}: ${jobs.length} requests to ${all.length} routes in ${((Date.now() - started) / 1000).toFixed(1)} s; slowest /_health ${worstHealth.toFixed(0)} ms`);

    const byRoute = new Map<string, Outcome>();
    for (const failure of failures) if (!byRoute.has(failure.route)) byRoute.set(failure.route, failure);
    expect([...byRoute.values()], `seed ${SEED}: server errors`).toEqual([]);
    expect(worstHealth, `seed ${SEED}: /_health stalled`).toBeLessThan(1000);
  }, 300_000);
});
