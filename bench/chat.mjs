#!/usr/bin/env node
/**
 * `npm run bench:chat`: BENCH_CLIENTS (500) concurrent socket.io clients in pairs, each pair one
 * conversation, against a bare socket.io relay (no authentication, no storage) and Haven's chat (real
 * authentication, rate limit, AES-GCM sealing, durable store before the acknowledgement) on SQLite and
 * PostgreSQL, all measured in the same run. Two phases per target:
 *
 *   paced       every client sends one message every BENCH_CHAT_INTERVAL_MS (1000 ms), at random
 *               offsets: delivery latency p50/p99 at a steady, chat-like load (target p99 ≤ 100 ms);
 *   saturated   every client sends its next message as soon as the previous one is acknowledged:
 *               the most messages per second delivered (target ≥ half the bare relay's).
 *
 * Latency is from the sender's emit to the peer's `message:new` (both clients live in this process,
 * one clock). After each chat run the stored rows are counted: they must equal the acknowledged sends.
 * Results go to bench/RESULTS.md between the bench:chat markers (BENCH_WRITE=false leaves it alone).
 */
import crypto from 'node:crypto';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createRequire } from 'node:module';
import { buildCms, startChild } from './lib/child.mjs';
import { runBench } from './lib/cleanup.mjs';
import { withDatabase } from './lib/database.mjs';
import { DB_LABEL, ROOT, databasesFromEnv, log, numberFromEnv } from './lib/env.mjs';
import { percentile } from './lib/load.mjs';
import { machine, markerEnd, markerStart, report, runLine } from './lib/results.mjs';

const require = createRequire(import.meta.url);
const { io } = require('socket.io-client');
const CLIENTS = numberFromEnv('BENCH_CLIENTS', 500, { min: 2, integer: true });
const DURATION = numberFromEnv('BENCH_DURATION', 10);
const INTERVAL = numberFromEnv('BENCH_CHAT_INTERVAL_MS', 1000);
const DATABASES = databasesFromEnv();
const SECTION = 'chat';
const BODY_LENGTH = 80;
if (CLIENTS % 2) throw new Error('BENCH_CLIENTS must be an even whole number ≥ 2');

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const fmt = (n, digits = 1) => (Number.isFinite(n) ? n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : '—');

async function connectAll(url, pairs) {
  const clients = [];
  const all = pairs.flatMap((pair, i) => [
    { pair: i, side: 'a', conversationId: pair.conversationId, auth: pair.a.auth },
    { pair: i, side: 'b', conversationId: pair.conversationId, auth: pair.b.auth },
  ]);
  for (let i = 0; i < all.length; i += 50) {
    await Promise.all(
      all.slice(i, i + 50).map(
        (spec) =>
          new Promise((resolve, reject) => {
            const socket = io(url, { path: '/socket.io', transports: ['websocket'], auth: spec.auth, reconnection: false, forceNew: true });
            socket.once('connect', () => resolve(clients.push({ ...spec, socket })));
            socket.once('connect_error', (err) => reject(new Error(`a client could not connect: ${err.message}`)));
          }),
      ),
    );
  }
  return clients;
}

/** Runs one phase; `drive(client, send)` schedules the sends of one client while `state.running`. */
async function phase(clients, name, seconds, drive) {
  const latencies = [];
  const ackLatencies = [];
  const state = { running: true, delivered: 0, acked: 0, failed: 0, sent: 0, inflight: 0, measuring: false };
  const pad = 'x'.repeat(BODY_LENGTH);
  const onMessage = (message) => {
    const sentAt = Number(String(message.body).split('|')[0]);
    if (!state.measuring) return;
    state.delivered++;
    latencies.push(performance.now() - sentAt);
  };
  for (const c of clients) c.socket.on('message:new', onMessage);
  const send = (c) =>
    new Promise((resolve) => {
      const at = performance.now();
      const body = `${at.toFixed(3)}|${pad}`.slice(0, BODY_LENGTH);
      state.sent++;
      state.inflight++;
      c.socket.timeout(30_000).emit('message:send', { conversationId: c.conversationId, body, clientId: crypto.randomUUID() }, (err, result) => {
        if (!err && result?.ok) {
          state.acked++;
          if (state.measuring) ackLatencies.push(performance.now() - at);
        } else state.failed++;
        state.inflight--;
        resolve();
      });
    });
  const drivers = clients.map((c) => drive(c, () => send(c), state));
  // One second of warm-up, then the measured window.
  await sleep(1000);
  state.measuring = true;
  const started = performance.now();
  await sleep(seconds * 1000);
  state.measuring = false;
  const elapsed = (performance.now() - started) / 1000;
  state.running = false;
  await Promise.all(drivers);
  // Every send answered (or timed out) before the next phase and the count.
  for (let waited = 0; state.inflight > 0 && waited < 35_000; waited += 50) await sleep(50);
  await sleep(300);
  for (const c of clients) c.socket.off('message:new', onMessage);
  latencies.sort((a, b) => a - b);
  ackLatencies.sort((a, b) => a - b);
  return {
    name,
    perSecond: state.delivered / elapsed,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    ackP99: percentile(ackLatencies, 99),
    sent: state.sent,
    acked: state.acked,
    failed: state.failed,
  };
}

const paced = (c, send, state) =>
  new Promise((resolve) => {
    const tick = () => {
      if (!state.running) return resolve();
      void send();
      setTimeout(tick, INTERVAL);
    };
    setTimeout(tick, Math.random() * INTERVAL);
  });

const saturated = async (c, send, state) => {
  while (state.running) await send();
};

async function measure(label, args, env = {}) {
  log(`\n== ${label}`);
  const target = await startChild({
    script: 'chat-target.mjs',
    args,
    nodeArgs: (process.env.BENCH_TARGET_NODE_ARGS || '').split(' ').filter(Boolean),
    env: { ...env, BENCH_PAIRS: String(CLIENTS / 2) },
    label: args.join(' '),
    timeoutSeconds: 300,
  });
  try {
    const { url, pairs, databaseVersion } = target.info;
    const connectStart = performance.now();
    const clients = await connectAll(url, pairs);
    log(`  ${clients.length} clients connected in ${fmt((performance.now() - connectStart) / 1000, 1)} s`);
    const steady = await phase(clients, 'paced', DURATION, paced);
    log(`  paced: ${fmt(steady.perSecond, 0)} msg/s delivered, p50 ${fmt(steady.p50, 2)} ms, p99 ${fmt(steady.p99, 2)} ms (ack p99 ${fmt(steady.ackP99, 2)} ms), failed ${steady.failed}`);
    const full = await phase(clients, 'saturated', DURATION, saturated);
    log(`  saturated: ${fmt(full.perSecond, 0)} msg/s delivered, p50 ${fmt(full.p50, 2)} ms, p99 ${fmt(full.p99, 2)} ms, failed ${full.failed}`);
    for (const c of clients) c.socket.close();
    const acked = steady.acked + full.acked;
    const stored = args[0] === 'chat' ? (await target.ask('count', 'BENCH_COUNT', 30)).messages : null;
    if (stored !== null) log(`  stored ${stored} messages, acknowledged ${acked}: ${stored === acked ? 'equal' : 'DIFFERENT'}`);
    return { label, steady, full, acked, stored, failed: steady.failed + full.failed, databaseVersion: databaseVersion ?? null };
  } finally {
    await target.stop();
  }
}

function section(results, startedAt, loadAtStart) {
  const bare = results[0];
  const rows = results.map((r) => `| ${r.database ? `Haven chat (${r.database})` : 'bare socket.io relay'} | ${fmt(r.steady.perSecond, 0)} | ${fmt(r.steady.p50, 2)} | ${fmt(r.steady.p99, 2)} | ${fmt(r.steady.ackP99, 2)} | ${fmt(r.full.perSecond, 0)} | ${fmt(r.full.p50, 2)} | ${fmt(r.full.p99, 2)} | ${r.stored === null ? '—' : `${r.stored} / ${r.acked}`} | ${r.failed} |`);
  const verdicts = results.slice(1).map((r) => {
    const ratio = r.full.perSecond / bare.full.perSecond;
    return `- ${r.database}: paced p99 ${fmt(r.steady.p99, 2)} ms → target ≤ 100 ms **${r.steady.p99 <= 100 ? 'met' : 'missed'}**; saturated throughput ${fmt(100 * ratio, 0)} % of the bare relay → target ≥ 50 % **${ratio >= 0.5 ? 'met' : 'missed'}**; stored = acknowledged **${r.stored === r.acked ? 'yes' : 'NO'}** (${r.stored} rows).`;
  });
  const socketIo = require(require.resolve('socket.io/package.json', { paths: [path.join(ROOT, 'plugins', 'chat')] })).version;
  const databases = results.slice(1).map((r) => r.databaseVersion).filter(Boolean);
  return `${markerStart(SECTION)}
## Chat: ${CLIENTS} socket.io clients in pairs, beside a bare socket.io relay (\`npm run bench:chat\`)

${runLine(startedAt, loadAtStart)} socket.io ${socketIo}, socket.io-client ${require('socket.io-client/package.json').version}${databases.length ? `, ${databases.join(', ')}` : ''}.
Each target runs in its own process; the ${CLIENTS} clients (${CLIENTS / 2} conversations, websocket transport) run together in the bench process on the same machine, over loopback. Every message is ${BODY_LENGTH} characters. **Paced**: each client sends one message every ${INTERVAL} ms (random offsets), ${DURATION} s measured after 1 s of warm-up. **Saturated**: each client sends its next message as soon as the previous one is acknowledged, ${DURATION} s after 1 s of warm-up. Latency: from the sender's emit to the peer's \`message:new\`, nearest-rank percentiles over every message delivered in the window; "ack p99" is emit to acknowledgement (for Haven: after the message is committed). Haven runs with its rate limit raised to 1,000,000 messages per 10 s (the limiter still runs for every message) and its log at \`warn\`.

| target | paced msg/s | paced p50 ms | paced p99 ms | paced ack p99 ms | saturated msg/s | saturated p50 ms | saturated p99 ms | stored / acknowledged | failed sends |
|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|
${rows.join('\n')}

${verdicts.join('\n')}
${markerEnd(SECTION)}`;
}

await runBench(async () => {
  const startedAt = new Date();
  const loadAtStart = machine().loadavg;
  buildCms();
  const results = [await measure('bare socket.io relay (no auth, no storage)', ['bare'])];
  for (const db of DATABASES) {
    const result = await withDatabase(db, (env) => measure(`Haven chat on ${DB_LABEL[db]}`, ['chat', db], env), { prefix: 'haven_bench_chat' });
    results.push({ database: DB_LABEL[db], ...result });
  }
  const lost = results.slice(1).filter((r) => r.stored !== r.acked).map((r) => `${r.database}: ${r.stored} stored, ${r.acked} acknowledged`);
  report({ section: SECTION, startedAt, text: section(results, startedAt, loadAtStart), raw: { startedAt, clients: CLIENTS, duration: DURATION, interval: INTERVAL, results }, failed: lost, show: () => true });
});
