// The virtual people of `npm run bench:mixed`: each one a loop of page views with think time between
// them, over plain fetch (Node's undici, keep-alive: one connection pool for the whole process), and
// one step of the run: N people at once, warm-up, a measured window, every request's latency by kind.
import crypto from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { seededRandom } from './bulk.mjs';
import { KINDS } from './mixed-data.mjs';
import { percentile } from './load.mjs';

const REQUEST_TIMEOUT_MS = 10_000;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const day = (offset) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/**
 * What each kind of person does, one page view (request) at a time; `ctx` is the person (token, rng,
 * their own slot or conversation) and the shared `site` (ids found before the run). A step answers
 * `{ method, path, body?, auth?, expect?, then? }`; `then(json)` keeps what later steps need.
 */
const SEQUENCES = {
  /** Directory, a therapist's slots, the library list and a resource, the community listing and a post. */
  browse: (p, site) => [
    { name: 'directory', path: '/api/therapists?pageSize=12' },
    { name: 'slots', path: () => `/api/booking/therapists/${p.rng.pick(site.listedTherapists)}/slots?${new URLSearchParams({ from: day(1), to: day(8), tz: 'UTC' })}` },
    { name: 'library list', path: '/api/resources?pagination[pageSize]=12' },
    { name: 'resource', path: () => `/api/resources/${p.rng.pick(site.resources)}` },
    { name: 'community listing', path: `/api/community/posts?${new URLSearchParams({ category: site.category, sort: 'new', page: '1' })}` },
    { name: 'community post', path: () => `/api/community/posts/${p.rng.pick(site.posts)}` },
  ],
  /** Today's wellness check-in (created, then replaced on later rounds), then the stats page. */
  checkin: (p) => [
    { name: 'check-in', method: 'PUT', path: () => `/api/wellness/entries/${day(0)}`, body: () => ({ mood: 1 + p.rng.int(5), energy: 1 + p.rng.int(5), sleepHours: 5 + p.rng.int(5) }) },
    { name: 'stats', path: '/api/wellness/stats' },
  ],
  /** The conversation's history (REST), then a message. */
  chat: (p) => [
    { name: 'chat history', path: `/api/chat/conversations/${p.conversation}/messages` },
    { name: 'chat send', method: 'POST', path: `/api/chat/conversations/${p.conversation}/messages`, body: () => ({ body: `Hello from the mixed bench, round ${p.round}.`, clientId: crypto.randomUUID() }) },
  ],
  /** Their therapist's slots, book their own slot, cancel it (so the next round can book it again). */
  book: (p) => [
    { name: 'booking slots', path: `/api/booking/therapists/${p.slot.therapist}/slots?${new URLSearchParams({ from: day(1), to: day(8), tz: 'UTC' })}` },
    { name: 'book', method: 'POST', path: '/api/booking/bookings', body: () => ({ therapist: p.slot.therapist, start: p.slot.start }), then: (json) => (p.booking = json?.data?.[0]?.id) },
    { name: 'cancel', method: 'POST', path: () => `/api/booking/bookings/${p.booking}/cancel`, body: () => ({}) },
  ],
  /** A fresh log-in (password check), then their account with the new token. */
  login: (p) => [
    { name: 'log in', method: 'POST', path: '/api/auth/local', auth: false, body: () => ({ identifier: p.email, password: p.password }), then: (json) => (p.freshToken = json?.jwt) },
    { name: 'account', path: '/api/users/me', token: () => p.freshToken },
  ],
};

const value = (v) => (typeof v === 'function' ? v() : v);

/** One request of a person; answers its latency (ms) and status (0: no answer), and runs its `then`. */
async function send(base, p, step) {
  const method = step.method ?? 'GET';
  const body = step.body ? JSON.stringify(step.body()) : undefined;
  const token = step.token ? step.token() : p.token;
  const headers = { accept: 'application/json' };
  if (step.auth !== false && token) headers.authorization = `Bearer ${token}`;
  if (body) headers['content-type'] = 'application/json';
  const started = performance.now();
  try {
    const res = await fetch(base + value(step.path), { method, headers, body, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    const text = await res.text();
    const ms = performance.now() - started;
    if (res.ok && step.then) step.then(JSON.parse(text));
    return { ms, status: res.status, error: res.ok ? null : `${method} ${value(step.path)} → ${res.status} ${text.slice(0, 200)}` };
  } catch (error) {
    return { ms: performance.now() - started, status: 0, error: `${method} ${value(step.path)}: ${error?.name === 'TimeoutError' ? `no answer in ${REQUEST_TIMEOUT_MS / 1000} s` : error?.message}` };
  }
}

/**
 * Runs `people` (the first N of the created ones) for warmup + duration seconds. A person thinks
 * thinkMs[0]..thinkMs[1] ms (seeded) before every request, starting at a random point of that range,
 * and stops only between rounds (a booking is always cancelled). Requests that start in the measured
 * window count. Answers the step's figures.
 */
export async function runStep({ base, people, site, warmup, duration, thinkMs, seed, password }) {
  const [thinkMin, thinkMax] = thinkMs;
  const perKind = Object.fromEntries(KINDS.map((k) => [k, { latencies: [], statuses: {}, errors: 0, people: 0 }]));
  const perRequest = {};
  const errorSamples = [];
  const state = { running: true, measuring: false };
  const t0 = performance.now();

  async function live(person) {
    const p = { ...person, password, rng: seededRandom(seed * 1_000_003 + person.index), round: 0 };
    const stats = perKind[p.kind];
    stats.people++;
    await sleep(p.rng.next() * thinkMax); // arrivals spread over the first think time
    while (state.running) {
      p.round++;
      for (const step of SEQUENCES[p.kind](p, site)) {
        await sleep(thinkMin + p.rng.next() * (thinkMax - thinkMin));
        const counted = state.measuring;
        const result = await send(base, p, step);
        if (!counted) continue;
        const request = (perRequest[`${p.kind}: ${step.name}`] ??= { latencies: [], errors: 0 });
        stats.statuses[result.status] = (stats.statuses[result.status] ?? 0) + 1;
        if (result.error) {
          stats.errors++;
          request.errors++;
          if (errorSamples.length < 10) errorSamples.push(result.error);
        } else {
          stats.latencies.push(result.ms);
          request.latencies.push(result.ms);
        }
      }
    }
  }

  const loops = people.map(live);
  await sleep(warmup * 1000);
  state.measuring = true;
  const measuredFrom = performance.now();
  await sleep(duration * 1000);
  state.measuring = false;
  const measuredSeconds = (performance.now() - measuredFrom) / 1000;
  state.running = false;
  await Promise.all(loops); // every round finishes (bookings cancelled) before the next step

  const summary = (latencies, errors) => {
    const sorted = Float64Array.from(latencies).sort();
    return { requests: sorted.length + errors, reqPerSec: (sorted.length + errors) / measuredSeconds, p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), errors };
  };
  const all = KINDS.flatMap((k) => perKind[k].latencies);
  const errors = KINDS.reduce((sum, k) => sum + perKind[k].errors, 0);
  return {
    people: people.length,
    seconds: (performance.now() - t0) / 1000,
    measuredSeconds,
    total: summary(all, errors),
    kinds: Object.fromEntries(KINDS.map((k) => [k, { people: perKind[k].people, statuses: perKind[k].statuses, ...summary(perKind[k].latencies, perKind[k].errors) }])),
    requests: Object.fromEntries(Object.entries(perRequest).map(([name, r]) => [name, summary(r.latencies, r.errors)])),
    errorSamples,
  };
}
