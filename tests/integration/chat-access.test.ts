/**
 * Who may use the chat's socket and the session video: the handshake (missing, forged, expired
 * tokens, blocked accounts, signed-out sessions, foreign origins), renewal of an expiring token,
 * accounts blocked while connected, and WebRTC video: the access endpoint's window and states, and
 * signalling relayed between the two participants of a session only.
 */
import jwt from 'jsonwebtoken';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, createUser, startHaven, type Haven } from '../helpers/haven';
import { ask, bookedPair, connect, next, pause, record, type ChatSocket, type Pair } from './chat-helpers';

let haven: Haven;
let api: ReturnType<typeof apiClient>;
const sockets: ChatSocket[] = [];
const ICE = '[{"urls":["stun:stun.haven.example:3478"]},{"urls":"turn:turn.haven.example:3478","username":"haven","credential":"s3cret"}]';

beforeAll(async () => {
  haven = await startHaven({
    env: { CHAT_TOKEN_RENEW_LEAD_MS: '1500', CHAT_TOKEN_GRACE_MS: '1500', CHAT_RECHECK_MS: '500', WEBRTC_ICE_SERVERS: ICE, CORS_ORIGINS: 'http://site.haven.example' },
  });
  api = apiClient(haven.url);
});
afterAll(async () => {
  for (const socket of sockets) socket.close();
  await haven?.close();
});

async function open(token: string, options: Parameters<typeof connect>[2] = {}) {
  const socket = await connect(haven.url, token, options);
  sockets.push(socket);
  return socket;
}

/** An access token like the CMS's own (same claims, key and algorithm) that lives `seconds`. */
function shortToken(realToken: string, seconds: number): string {
  const { userId, sessionId } = jwt.decode(realToken) as { userId: string; sessionId: string };
  return jwt.sign({ userId, sessionId, type: 'access' }, process.env.JWT_SECRET!, { algorithm: 'HS256', expiresIn: seconds });
}

const refusal = (token: string | undefined, options: Parameters<typeof connect>[2] = {}) =>
  connect(haven.url, token, options).then(
    (socket) => {
      socket.close();
      return { code: 'connected' };
    },
    (err: Error & { code?: string }) => ({ code: err.code, message: err.message }),
  );

describe('the handshake', () => {
  let pair: Pair;
  beforeAll(async () => {
    pair = await bookedPair(haven);
  });

  it('refuses missing, forged and expired tokens, each with its own code and a plain message', async () => {
    expect(await refusal(undefined)).toEqual({ code: 'token-missing', message: 'Log in to use messages.' });
    expect(await refusal('not.a.jwt')).toMatchObject({ code: 'token-invalid' });
    const forged = jwt.sign({ userId: String(pair.client.id), sessionId: 'x', type: 'access' }, 'some other secret', { expiresIn: 600 });
    expect(await refusal(forged)).toMatchObject({ code: 'token-invalid' });
    const expired = jwt.sign({ userId: String(pair.client.id), sessionId: 'x', type: 'access' }, process.env.JWT_SECRET!, { expiresIn: -10 });
    expect(await refusal(expired)).toMatchObject({ code: 'token-expired', message: expect.stringMatching(/expired/) });
    // A refresh token is not an access token.
    expect(await refusal(pair.client.refreshToken)).toMatchObject({ code: 'token-invalid' });
  });

  it('refuses browsers of other origins and lets the site\'s origin in', async () => {
    expect(await refusal(pair.client.jwt, { extraHeaders: { origin: 'http://evil.example' } })).toMatchObject({ code: undefined });
    expect(await refusal(pair.client.jwt, { extraHeaders: { origin: 'http://site.haven.example' } })).toEqual({ code: 'connected' });
  });

  it('refuses a signed-out session', async () => {
    const person = await createUser(haven, 'client');
    const out = await api.post('/api/auth/logout', { refreshToken: person.refreshToken }, person.jwt);
    expect(out.status).toBe(200);
    expect(await refusal(person.jwt)).toMatchObject({ code: expect.stringMatching(/session-expired|token-invalid/) });
  });

  it('refuses a blocked account, and disconnects one blocked while connected', async () => {
    const person = await createUser(haven, 'client');
    const socket = await open(person.jwt);
    const told = next(socket, 'chat:error');
    const gone = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    await haven.strapi.plugin('users-permissions').service('user').edit(person.id, { blocked: true });
    expect(await told).toMatchObject({ code: 'blocked', message: expect.stringMatching(/blocked/) });
    expect(await gone).toBe('io server disconnect');
    expect(await refusal(person.jwt)).toMatchObject({ code: expect.stringMatching(/blocked|token-invalid/) });
  });

  it('also finds accounts blocked behind its back (a direct database write) at the next re-check', async () => {
    const person = await createUser(haven, 'therapist');
    const socket = await open(person.jwt);
    const gone = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    await haven.strapi.db.connection('up_users').where('id', person.id).update({ blocked: true });
    expect(await gone).toBe('io server disconnect');
  });
});

describe('tokens running out', () => {
  let pair: Pair;
  beforeAll(async () => {
    pair = await bookedPair(haven);
  });

  it('asks for a new token before it runs out, refuses sends after, and goes on with a renewed one', async () => {
    const socket = await open(shortToken(pair.client.jwt, 3));
    const expiring = await next(socket, 'auth:renew', () => true, 4000);
    expect(expiring.reason).toBe('expiring');
    await next(socket, 'auth:renew', (p) => p.reason === 'expired', 4000);
    const refused = await ask(socket, 'message:send', { conversationId: pair.conversationId, body: 'after expiry' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'token-expired' } });
    // Someone else's token is no renewal.
    expect(await ask(socket, 'auth:token', { token: pair.therapist.jwt })).toMatchObject({ ok: false, error: { code: 'token-invalid' } });
    const renewed = await ask(socket, 'auth:token', { token: pair.client.jwt });
    expect(renewed.ok).toBe(true);
    expect(Date.parse(renewed.data.expiresAt)).toBeGreaterThan(Date.now() + 60_000);
    expect((await ask(socket, 'message:send', { conversationId: pair.conversationId, body: 'after renewal' })).ok).toBe(true);
    await pause(1600);
    expect(socket.connected).toBe(true);
  });

  it('closes a socket that does not renew within the grace period', async () => {
    const socket = await open(shortToken(pair.therapist.jwt, 2));
    const errors = record(socket, 'chat:error');
    const gone = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    expect(await gone).toBe('io server disconnect');
    expect(errors.map((e) => e.code)).toContain('session-expired');
  });
});

describe('WebRTC video', () => {
  let pair: Pair;
  let stranger: Awaited<ReturnType<typeof createUser>>;
  const bookings = () => haven.strapi.db.query('plugin::booking.booking');
  /** Moves the booking so that it started `minutesAgo` minutes ago (the slot rules refuse the past, so the row is set directly). */
  const startedAgo = async (bookingId: string, minutesAgo: number, lengthMinutes = 50) => {
    const start = Date.now() - minutesAgo * 60_000;
    await bookings().update({ where: { documentId: bookingId }, data: { startsAt: new Date(start), endsAt: new Date(start + lengthMinutes * 60_000) } });
  };

  beforeAll(async () => {
    pair = await bookedPair(haven, 3);
    stranger = await createUser(haven, 'client');
  });

  it('opens the room 10 minutes before the start and closes it at the end; others get 404', async () => {
    const early = await api.get(`/api/chat/bookings/${pair.bookingId}/video`, pair.client.jwt);
    expect(early.status).toBe(409);
    expect(early.body.error.message).toBe('The video room opens 10 minutes before the session starts.');
    expect(Date.parse(early.body.error.details.opensAt)).toBeGreaterThan(Date.now());

    await startedAgo(pair.bookingId, -9); // starts in nine minutes
    const access = await api.get(`/api/chat/bookings/${pair.bookingId}/video`, pair.client.jwt);
    expect(access.status).toBe(200);
    expect(access.headers.get('cache-control')).toBe('no-store');
    expect(access.body.data).toEqual({
      provider: 'webrtc',
      room: `haven-session-${pair.bookingId}`,
      iceServers: JSON.parse(ICE),
      iceTransportPolicy: 'all',
      expiresAt: expect.any(String),
      polite: true,
    });
    expect((await api.get(`/api/chat/bookings/${pair.bookingId}/video`, pair.therapist.jwt)).body.data.polite).toBe(false);

    for (const [who, id] of [
      [stranger.jwt, pair.bookingId],
      [stranger.jwt, 'nosuchbooking123'],
      [pair.client.jwt, 'nosuchbooking123'],
      [pair.client.jwt, 'bad-id!'],
    ] as const) {
      const res = await api.get(`/api/chat/bookings/${id}/video`, who);
      expect(res.status).toBe(404);
      expect(res.body.error.message).toBe('No such session.');
    }

    await startedAgo(pair.bookingId, 51);
    const late = await api.get(`/api/chat/bookings/${pair.bookingId}/video`, pair.therapist.jwt);
    expect(late.status).toBe(409);
    expect(late.body.error.message).toBe('This session has ended.');
    await startedAgo(pair.bookingId, 5);
  });

  it('relays offer, answer and ICE candidates between the two participants and nobody else', async () => {
    const [client, therapist, intruder, clientElsewhere] = await Promise.all([open(pair.client.jwt), open(pair.therapist.jwt), open(stranger.jwt), open(pair.client.jwt)]);
    const intruderSaw = [...record(intruder, 'rtc:signal'), ...record(intruder, 'rtc:peer')];
    const elsewhereSaw = record(clientElsewhere, 'rtc:signal');

    // The stranger can neither join nor signal into the call.
    expect(await ask(intruder, 'rtc:join', { bookingId: pair.bookingId })).toMatchObject({ ok: false, error: { code: 'not-found', message: 'No such session.' } });
    expect(await ask(intruder, 'rtc:signal', { bookingId: pair.bookingId, signal: { type: 'offer', sdp: 'v=0 intruder' } })).toMatchObject({ ok: false, error: { code: 'not-found' } });

    const joinedFirst = await ask(client, 'rtc:join', { bookingId: pair.bookingId });
    expect(joinedFirst).toEqual({ ok: true, data: { peerPresent: false, polite: true } });
    const peerArrives = next(client, 'rtc:peer');
    expect(await ask(therapist, 'rtc:join', { bookingId: pair.bookingId })).toEqual({ ok: true, data: { peerPresent: true, polite: false } });
    expect(await peerArrives).toEqual({ bookingId: pair.bookingId, present: true });

    const offerArrives = next(therapist, 'rtc:signal');
    expect(await ask(client, 'rtc:signal', { bookingId: pair.bookingId, signal: { type: 'offer', sdp: 'v=0 offer' } })).toEqual({ ok: true, data: null });
    expect(await offerArrives).toEqual({ bookingId: pair.bookingId, signal: { type: 'offer', sdp: 'v=0 offer' } });
    const answerArrives = next(client, 'rtc:signal');
    await ask(therapist, 'rtc:signal', { bookingId: pair.bookingId, signal: { type: 'answer', sdp: 'v=0 answer' } });
    expect((await answerArrives).signal).toEqual({ type: 'answer', sdp: 'v=0 answer' });
    const candidate = { candidate: 'candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host', sdpMid: '0', sdpMLineIndex: 0 };
    const iceArrives = next(therapist, 'rtc:signal');
    await ask(client, 'rtc:signal', { bookingId: pair.bookingId, signal: { type: 'candidate', candidate } });
    expect((await iceArrives).signal).toEqual({ type: 'candidate', candidate });

    // Malformed signals are refused, not relayed.
    expect(await ask(client, 'rtc:signal', { bookingId: pair.bookingId, signal: { type: 'hangup' } })).toMatchObject({ ok: false, error: { code: 'invalid' } });

    const leaves = next(therapist, 'rtc:peer', (p) => p.present === false);
    client.emit('rtc:leave', { bookingId: pair.bookingId });
    expect(await leaves).toEqual({ bookingId: pair.bookingId, present: false });
    expect(await ask(client, 'rtc:signal', { bookingId: pair.bookingId, signal: { type: 'offer', sdp: 'v=0 after leaving' } })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    await pause(150);
    expect(intruderSaw).toEqual([]);
    // The client's other connection never joined the call: it hears nothing of it either.
    expect(elsewhereSaw).toEqual([]);
  });

  it('closes the room of a cancelled session', async () => {
    const other = await bookedPair(haven, 5);
    const cancelled = await api.post(`/api/booking/bookings/${other.bookingId}/cancel`, { scope: 'one' }, other.client.jwt);
    expect(cancelled.status).toBe(200);
    await startedAgo(other.bookingId, 1);
    const res = await api.get(`/api/chat/bookings/${other.bookingId}/video`, other.therapist.jwt);
    expect(res.status).toBe(409);
    expect(res.body.error.message).toBe('This session was cancelled, so its video room is closed.');
    const socket = await open(other.client.jwt);
    expect(await ask(socket, 'rtc:join', { bookingId: other.bookingId })).toMatchObject({ ok: false, error: { code: 'invalid', message: 'This session was cancelled, so its video room is closed.' } });
  });
});
