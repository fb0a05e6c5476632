#!/usr/bin/env node
/**
 * The server side of `npm run bench:chat` (bench/chat.mjs starts it):
 *
 *   node bench/chat-target.mjs bare
 *       a bare socket.io relay on node:http: no authentication, no storage. A client says who it is and
 *       who its peer is in the handshake; `message:send` is acknowledged at once and relayed to the peer.
 *   node bench/chat-target.mjs chat sqlite|postgres
 *       Haven's compiled CMS on a fresh database with BENCH_PAIRS client/therapist pairs, each with an
 *       access token (users-permissions' own jwt service) and an open conversation; the chat's real
 *       socket.io server with authentication, rate limit (raised, see README), sealing and storage.
 *
 * Prints `BENCH_TARGET {"url", "pairs": [...]}` when it listens; answers a `count` line on stdin with
 * `BENCH_COUNT {"messages": n}` (rows in chat_messages); stops when stdin closes or on SIGTERM.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import path from 'node:path';
import readline from 'node:readline';
import { createRequire } from 'node:module';
import { ROOT } from './lib/env.mjs';
import { applyBenchStrapiEnv, assertCompiled, createStrapiApp, databaseVersion, emit, listen, targetLifetime } from './lib/strapi.mjs';

const require = createRequire(import.meta.url);
const [mode, database] = process.argv.slice(2);
const PAIRS = Number(process.env.BENCH_PAIRS || 250);

/** Rows in chat_messages (answers the bench's `count`). */
let count = async () => 0;

async function bare() {
  const { Server } = require(require.resolve('socket.io', { paths: [path.join(ROOT, 'plugins', 'chat')] }));
  const server = http.createServer();
  const io = new Server(server, { path: '/socket.io', serveClient: false, maxHttpBufferSize: 64 * 1024 });
  io.on('connection', (socket) => {
    const { user, peer } = socket.handshake.auth ?? {};
    socket.join(`user:${user}`);
    let seq = 0;
    socket.on('message:send', (payload, ack) => {
      const message = { id: ++seq, conversationId: payload?.conversationId, sender: 'client', body: payload?.body, createdAt: new Date().toISOString(), clientId: payload?.clientId ?? null };
      if (typeof ack === 'function') ack({ ok: true, data: message });
      io.to(`user:${peer}`).emit('message:new', message);
    });
  });
  targetLifetime({ destroy: async () => io.close() }, 'chat-target bare');
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const pairs = Array.from({ length: PAIRS }, (_, i) => ({ conversationId: `bare${i}`, a: { auth: { user: `a${i}`, peer: `b${i}` } }, b: { auth: { user: `b${i}`, peer: `a${i}` } } }));
  return { url: `http://127.0.0.1:${server.address().port}`, pairs };
}

async function chat() {
  assertCompiled(path.join(ROOT, 'plugins', 'chat', 'dist', 'server', 'index.js'));
  applyBenchStrapiEnv(database, {
    HAVEN_SEED_DEMO: 'false',
    BOOKING_WORKERS: 'false',
    LOG_LEVEL: process.env.BENCH_VERBOSE ? 'info' : 'warn',
    // The per-person limit stays in the path (its cost is measured) but high enough for a load test.
    CHAT_RATE_LIMIT_MESSAGES: '1000000',
  });
  const app = createStrapiApp();
  targetLifetime(app, `chat-target ${database}`);
  const strapi = await app.load();
  strapi.log.level = process.env.BENCH_VERBOSE ? 'info' : 'warn';
  const users = strapi.db.query('plugin::users-permissions.user');
  const role = async (type) => (await strapi.db.query('plugin::users-permissions.role').findOne({ where: { type } })).id;
  const [clientRole, therapistRole] = [await role('client'), await role('therapist')];
  const jwt = strapi.plugin('users-permissions').service('jwt');
  const conversations = strapi.plugin('chat').service('conversations');
  const pairs = [];
  for (let i = 0; i < PAIRS; i++) {
    const make = (kind, roleId) =>
      users.create({
        data: { username: `bench_${kind}_${i}`, email: `bench_${kind}_${i}@bench.haven.example`, password: crypto.randomBytes(16).toString('hex'), provider: 'local', confirmed: true, blocked: false, role: roleId },
      });
    const [a, b] = [await make('client', clientRole), await make('therapist', therapistRole)];
    // A conversation is writable only for a verified therapist and a pair with a current session (chat's lifetime rule).
    const profile = await strapi.documents('api::therapist-profile.therapist-profile').create({
      data: { licenceNumber: `BENCH-${i}`, licenceJurisdiction: 'Bench', licenceExpiry: '2099-01-01', verificationStatus: 'verified', user: b.id },
    });
    const startsAt = new Date(Date.now() + 86_400_000);
    await strapi.db.query('plugin::booking.booking').create({
      data: { therapistUserId: b.id, therapistProfileId: profile.documentId, clientUserId: a.id, startsAt, endsAt: new Date(startsAt.getTime() + 50 * 60_000), status: 'confirmed' },
    });
    const { row } = await conversations.open(a.id, b.id);
    pairs.push({ conversationId: row.documentId, a: { auth: { token: await jwt.issue({ id: a.id }) } }, b: { auth: { token: await jwt.issue({ id: b.id }) } } });
  }
  count = async () => Number((await strapi.db.connection('chat_messages').count({ n: '*' }))[0].n);
  return { url: await listen(strapi), pairs, databaseVersion: await databaseVersion(strapi, database) };
}

if (mode !== 'bare' && !(mode === 'chat' && ['sqlite', 'postgres'].includes(database))) {
  console.error('usage: node bench/chat-target.mjs bare | chat sqlite|postgres');
  process.exit(2);
}
emit('BENCH_TARGET', mode === 'bare' ? await bare() : await chat());
readline.createInterface({ input: process.stdin }).on('line', async (line) => {
  if (line.trim() === 'count') emit('BENCH_COUNT', { messages: await count() });
});
