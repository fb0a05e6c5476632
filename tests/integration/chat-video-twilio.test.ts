/**
 * Twilio Video: with TWILIO_ACCOUNT_SID, TWILIO_API_KEY_SID and TWILIO_API_KEY_SECRET set, the video
 * endpoint answers a Twilio access token made by the official `twilio` helper library. Twilio itself
 * cannot be reached from here: the token is decoded and its signature, grant, room, identity and
 * expiry are checked (Twilio verifies the same HS256 signature with the API key secret). Twilio and
 * the other participant see an opaque identity per person and session, never an account id.
 */
import jwt from 'jsonwebtoken';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, createUser, startHaven, type Haven } from '../helpers/haven';
import { ask, bookedPair, connect } from './chat-helpers';
import { hourFromNow } from './booking-helpers';

const ACCOUNT_SID = 'AC' + 'a1'.repeat(16);
const API_KEY_SID = 'SK' + 'b2'.repeat(16);
const API_KEY_SECRET = 'twilio-api-key-secret-for-tests';

let haven: Haven;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  haven = await startHaven({ env: { TWILIO_ACCOUNT_SID: ACCOUNT_SID, TWILIO_API_KEY_SID: API_KEY_SID, TWILIO_API_KEY_SECRET: API_KEY_SECRET } });
  api = apiClient(haven.url);
});
afterAll(async () => {
  await haven?.close();
});

describe('Twilio Video', () => {
  it('says so on the health endpoint, without any secret', async () => {
    const health = await api.get('/api/chat/health');
    expect(health.body).toMatchObject({ plugin: 'chat', video: 'twilio' });
    expect(JSON.stringify(health.body)).not.toMatch(/SK|AC|secret/);
  });

  it('gives each participant a token for the booking\'s room, under an opaque identity, ending with the session', async () => {
    const pair = await bookedPair(haven, 4);
    const start = Date.now() + 5 * 60_000;
    const end = start + 50 * 60_000;
    await haven.strapi.db.query('plugin::booking.booking').update({ where: { documentId: pair.bookingId }, data: { startsAt: new Date(start), endsAt: new Date(end) } });

    const identities: string[] = [];
    for (const person of [pair.client, pair.therapist]) {
      const res = await api.get(`/api/chat/bookings/${pair.bookingId}/video`, person.jwt);
      expect(res.status).toBe(200);
      const access = res.body.data;
      expect(access).toMatchObject({ provider: 'twilio', room: `haven-session-${pair.bookingId}` });
      // Opaque: no account id, no "user", no email; only letters, digits, "-" and "_".
      expect(access.identity).toMatch(/^p-[A-Za-z0-9_-]{32}$/);
      expect(access.identity).not.toContain(`user`);
      identities.push(access.identity);

      const decoded = jwt.verify(access.token, API_KEY_SECRET, { algorithms: ['HS256'], complete: true }) as jwt.Jwt;
      expect(decoded.header).toMatchObject({ alg: 'HS256', typ: 'JWT', cty: 'twilio-fpa;v=1' });
      const payload = decoded.payload as Record<string, any>;
      expect(payload.iss).toBe(API_KEY_SID);
      expect(payload.sub).toBe(ACCOUNT_SID);
      expect(payload.jti).toMatch(new RegExp(`^${API_KEY_SID}-`));
      expect(payload.grants).toEqual({ identity: access.identity, video: { room: `haven-session-${pair.bookingId}` } });
      // Nothing in the token names the account: no claim holds the user id or the email.
      const claimsText = JSON.stringify(payload);
      expect(claimsText).not.toContain(person.email);
      expect(Object.values(payload).concat(Object.values(payload.grants))).not.toContain(person.id);
      expect(Object.values(payload).concat(Object.values(payload.grants))).not.toContain(String(person.id));
      // The same person gets the same identity when they join again (a rejoin replaces their old connection).
      const again = await api.get(`/api/chat/bookings/${pair.bookingId}/video`, person.jwt);
      expect(again.body.data.identity).toBe(access.identity);
      // Lives until the session ends (within the second it was made in), not Twilio's default hour.
      expect(Math.abs(payload.exp * 1000 - end)).toBeLessThan(3000);
      expect(Math.abs(Date.parse(access.expiresAt) - payload.exp * 1000)).toBeLessThan(1000);
      // A token signed with another secret would not verify.
      expect(() => jwt.verify(access.token, 'another secret')).toThrow();
    }

    // Client and therapist differ.
    expect(new Set(identities).size).toBe(2);

    const stranger = await createUser(haven, 'client');
    expect((await api.get(`/api/chat/bookings/${pair.bookingId}/video`, stranger.jwt)).status).toBe(404);
    // No WebRTC signalling when Twilio carries the video.
    const socket = await connect(haven.url, pair.client.jwt);
    expect(await ask(socket, 'rtc:join', { bookingId: pair.bookingId })).toMatchObject({ ok: false, error: { code: 'invalid' } });
    socket.close();
  });

  it('gives the same person a different identity in every session, so that sessions cannot be linked by it', async () => {
    const first = await bookedPair(haven, 8);
    // A second and third session of the same pair.
    const more: string[] = [];
    for (const hours of [10, 12]) {
      const res = await api.post('/api/booking/bookings', { therapist: first.therapist.therapistId, start: hourFromNow(hours) }, first.client.jwt);
      expect(res.status).toBe(201);
      more.push(res.body.data[0].id);
    }
    const seen = new Map<string, string>();
    for (const [i, bookingId] of [first.bookingId, ...more].entries()) {
      const start = Date.now() + (i + 1) * 60_000;
      await haven.strapi.db.query('plugin::booking.booking').update({ where: { documentId: bookingId }, data: { startsAt: new Date(start), endsAt: new Date(start + 50 * 60_000) } });
      for (const person of [first.client, first.therapist]) {
        const res = await api.get(`/api/chat/bookings/${bookingId}/video`, person.jwt);
        expect(res.status).toBe(200);
        const identity = res.body.data.identity as string;
        expect(identity).toMatch(/^p-[A-Za-z0-9_-]{32}$/);
        expect(seen.has(identity)).toBe(false);
        seen.set(identity, `${bookingId}/${person.id}`);
      }
    }
    // 3 sessions × 2 people: 6 different identities.
    expect(seen.size).toBe(6);
  });

  it('gives no token outside the window', async () => {
    const pair = await bookedPair(haven, 6);
    const res = await api.get(`/api/chat/bookings/${pair.bookingId}/video`, pair.client.jwt);
    expect(res.status).toBe(409);
    expect(res.body.error.details.code).toBe('outside-window');
    expect(JSON.stringify(res.body)).not.toMatch(/token/);
  });
});
