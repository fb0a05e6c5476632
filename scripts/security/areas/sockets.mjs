/**
 * Issue 15, item 4: socket floods. Against the audit's running CMS, two demo accounts (a client and
 * her therapist) each open several sockets and flood one event kind at a time, 400 events per person,
 * as fast as socket.io carries them (sync and presence:query with 200 made-up conversation ids each,
 * the heaviest payload the schema allows); then every kind at once. While each flood runs, /_health
 * is polled: its worst answer must stay under 200 ms. Every event must be answered (each asks for an
 * acknowledgement), the ones past the person's budget with `rate-limited` and when to try again, until
 * the server closes a connection that goes on regardless (saying why): its remaining events are
 * dropped unread, and the flooder's pending acknowledgements fail as "disconnected".
 *
 * The flood runs in a worker thread (this same file, started with workerData): building and sending
 * 800 frames of 6 kB blocks a thread for a while, and that must not be counted against the CMS.
 */
import crypto from 'node:crypto';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { io } from 'socket.io-client';

export const item = '15.4';
export const title = 'socket floods';

const HEALTH_LIMIT_MS = 200;
const PER_PERSON = 400;
const SOCKETS_PER_PERSON = 4;
const EVENTS = ['message:send', 'typing', 'message:read', 'sync', 'presence:query', 'rtc:join', 'rtc:signal', 'rtc:leave', 'auth:token', 'audit:unknown'];

const madeUpId = () => crypto.randomBytes(12).toString('hex');

/** A payload of each kind; sync and presence carry 200 ids (a fresh set each time), the most one event may. */
function payloadOf(event, conversationId) {
  switch (event) {
    case 'message:send':
      return { conversationId, body: 'audit flood' };
    case 'typing':
      return { conversationId, typing: true };
    case 'message:read':
      return { conversationId, upTo: 1 };
    case 'sync':
      return { since: Object.fromEntries(Array.from({ length: 200 }, () => [madeUpId(), 0])) };
    case 'presence:query':
      return { conversationIds: Array.from({ length: 200 }, madeUpId) };
    case 'rtc:join':
    case 'rtc:leave':
      return { bookingId: 'auditbooking' };
    case 'rtc:signal':
      return { bookingId: 'auditbooking', signal: { type: 'candidate', candidate: null } };
    case 'auth:token':
      return { token: 'not.a.token' };
    default:
      return {};
  }
}

function connect(url, token) {
  const socket = io(url, { path: '/socket.io', transports: ['websocket'], auth: { token }, reconnection: false, forceNew: true });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => {
      socket.close();
      reject(new Error(`socket refused: ${err.message}`));
    });
  });
}

/**
 * The worker: connects, then floods on request and sends back a summary of the answers. A connection
 * that keeps sending past its budget is closed by the server (saying so on `chat:error`); its pending
 * events are then rejected as "disconnected", and it is opened again before the next flood.
 */
async function flooder({ url, tokens, conversationId }) {
  const people = tokens.map((token) => ({ token, sockets: [] }));
  let closedWithReason = 0;
  const ensureConnected = async () => {
    for (const person of people) {
      person.sockets = person.sockets.filter((socket) => socket.connected);
      while (person.sockets.length < SOCKETS_PER_PERSON) {
        const socket = await connect(url, person.token);
        socket.on('chat:error', (e) => {
          if (e?.code === 'rate-limited' && /closed it/.test(e.message)) closedWithReason++;
        });
        person.sockets.push(socket);
      }
    }
  };
  await ensureConnected();
  parentPort.on('message', async (message) => {
    if (message.cmd === 'close') {
      for (const person of people) for (const socket of person.sockets) socket.close();
      parentPort.close();
      return;
    }
    if (message.cmd !== 'flood') return;
    await ensureConnected();
    closedWithReason = 0;
    // Every payload is built before the first frame leaves.
    const jobs = people.flatMap(({ sockets }) => message.events.flatMap((event) => Array.from({ length: message.count }, (_, i) => ({ socket: sockets[i % sockets.length], event, payload: payloadOf(event, conversationId) }))));
    parentPort.postMessage({ cmd: 'built' });
    await new Promise((resolve) => parentPort.once('message', resolve));
    const answers = await Promise.all(
      jobs.map(({ socket, event, payload }) =>
        socket
          .timeout(30_000)
          .emitWithAck(event, payload)
          .catch((err) => ({ ok: false, error: { code: /disconnected/.test(err.message) ? 'closed' : 'no-answer', message: err.message } })),
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    const errors = answers.filter((a) => !a?.ok).map((a) => a.error);
    parentPort.postMessage({
      cmd: 'done',
      total: answers.length,
      hanging: errors.filter((e) => e.code === 'no-answer').length,
      limited: errors.filter((e) => e.code === 'rate-limited').length,
      closed: errors.filter((e) => e.code === 'closed').length,
      closedWithReason,
      closedSockets: people.reduce((n, p) => n + p.sockets.filter((socket) => !socket.connected).length, 0),
      unclear: errors.filter((e) => e.code === 'rate-limited' && !(e.retryAfterMs > 0 && /in a short time|faster than Haven allows/.test(e.message))).length,
    });
  });
  parentPort.postMessage({ cmd: 'connected' });
}

if (!isMainThread && workerData?.socketFlood) await flooder(workerData.socketFlood);

function nextMessage(worker, cmd) {
  return new Promise((resolve, reject) => {
    const onMessage = (message) => {
      if (message.cmd !== cmd) return;
      worker.off('message', onMessage);
      worker.off('error', reject);
      resolve(message);
    };
    worker.on('message', onMessage);
    worker.once('error', reject);
  });
}

export async function run(ctx) {
  const tokens = [];
  for (const email of ['alex@haven.example', 'dr.rivera@haven.example']) {
    const jwt = (await ctx.login(email, ctx.DEMO_PASSWORD)).json?.jwt;
    if (!jwt) throw new Error(`${email} could not log in`);
    tokens.push(jwt);
  }
  const list = await ctx.request(`${ctx.CMS}/api/chat/conversations`, { headers: { authorization: `Bearer ${tokens[0]}` } });
  const conversationId = list.json?.data?.[0]?.id ?? madeUpId();
  const worker = new Worker(new URL(import.meta.url), { workerData: { socketFlood: { url: ctx.CMS, tokens, conversationId } } });
  try {
    await nextMessage(worker, 'connected');
    /** Floods `events` (count each per person) while /_health is polled every 20 ms. */
    const flood = async (events, count) => {
      worker.postMessage({ cmd: 'flood', events, count });
      await nextMessage(worker, 'built');
      let summary;
      const worst = await ctx.worstHealthDuring(ctx.CMS, async () => {
        const done = nextMessage(worker, 'done');
        worker.postMessage({ cmd: 'go' });
        summary = await done;
      }, 20);
      return { ...summary, worst };
    };

    for (const event of EVENTS) {
      await ctx.check(item, `${event} flooded (${PER_PERSON} per person over ${SOCKETS_PER_PERSON} sockets each): refused past the budget, /_health under ${HEALTH_LIMIT_MS} ms`, async () => {
        const r = await flood([event], PER_PERSON);
        if (r.hanging) return `${r.hanging} of ${r.total} events were never answered`;
        // No budget is above 300 a window (call signals): everything past it is refused, or dropped with its closed connection.
        if (r.limited + r.closed < tokens.length * (PER_PERSON - 300)) return `only ${r.limited + r.closed} of ${r.total} events were refused`;
        if (r.unclear) return `${r.unclear} refusals did not say when to try again`;
        if (r.closedWithReason < r.closedSockets) return `${r.closedSockets - r.closedWithReason} connections were closed without saying why`;
        return r.worst < HEALTH_LIMIT_MS || `/_health took ${r.worst.toFixed(0)} ms during the flood`;
      });
    }

    await ctx.check(item, `every event kind at once (${EVENTS.length} kinds × ${PER_PERSON / 4} per person): all answered, /_health under ${HEALTH_LIMIT_MS} ms`, async () => {
      const r = await flood(EVENTS, PER_PERSON / 4);
      if (r.hanging) return `${r.hanging} of ${r.total} events were never answered`;
      return r.worst < HEALTH_LIMIT_MS || `/_health took ${r.worst.toFixed(0)} ms during the mixed flood`;
    });
  } finally {
    worker.postMessage({ cmd: 'close' });
    await new Promise((resolve) => {
      const timer = setTimeout(() => worker.terminate().then(resolve, resolve), 5000);
      worker.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}
