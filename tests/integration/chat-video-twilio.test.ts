/**
 * Twilio Video: with TWILIO_ACCOUNT_SID, TWILIO_API_KEY_SID and TWILIO_API_KEY_SECRET set, the video
 * endpoint answers a Twilio access token made by the official `twilio` helper library. Twilio itself
 * cannot be reached from here: the token is decoded and its signature, grant, room, identity and
 * expiry are checked (Twilio verifies the same HS256 signature with the API key secret).
 */
import jwt from 'jsonwebtoken';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, createUser, startHaven, type Haven } from '../helpers/haven';
import { ask, bookedPair, connect } from './chat-helpers';

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

  it('gives each participant a token for the booking\'s room, under their identity, ending with the session', async () => {
    const pair = await bookedPair(haven, 4);
    const start = Date.now() + 5 * 60_000;
    const end = start + 50 * 60_000;
    await haven.strapi.db.query('plugin::booking.booking').update({ where: { documentId: pair.bookingId }, data: { startsAt: new Date(start), endsAt: new Date(end) } });

    for (const person of [pair.client, pair.therapist]) {
      const res = await api.get(`/api/chat/bookings/${pair.bookingId}/video`, person.jwt);
      expect(res.status).toBe(200);
      const access = res.body.data;
      expect(access).toMatchObject({ provider: 'twilio', room: `haven-session-${pair.bookingId}`, identity: `haven-user-${person.id}` });

      const decoded = jwt.verify(access.token, API_KEY_SECRET, { algorithms: ['HS256'], complete: true }) as jwt.Jwt;
      expect(decoded.header).toMatchObject({ alg: 'HS256', typ: 'JWT', cty: 'twilio-fpa;v=1' });
      const payload = decoded.payload as Record<string, any>;
      expect(payload.iss).toBe(API_KEY_SID);
      expect(payload.sub).toBe(ACCOUNT_SID);
      expect(payload.jti).toMatch(new RegExp(`^${API_KEY_SID}-`));
      expect(payload.grants).toEqual({ identity: `haven-user-${person.id}`, video: { room: `haven-session-${pair.bookingId}` } });
      // Lives until the session ends (within the second it was made in), not Twilio's default hour.
      expect(Math.abs(payload.exp * 1000 - end)).toBeLessThan(3000);
      expect(Math.abs(Date.parse(access.expiresAt) - payload.exp * 1000)).toBeLessThan(1000);
      // A token signed with another secret would not verify.
      expect(() => jwt.verify(access.token, 'another secret')).toThrow();
    }

    const stranger = await createUser(haven, 'client');
    expect((await api.get(`/api/chat/bookings/${pair.bookingId}/video`, stranger.jwt)).status).toBe(404);
    // No WebRTC signalling when Twilio carries the video.
    const socket = await connect(haven.url, pair.client.jwt);
    expect(await ask(socket, 'rtc:join', { bookingId: pair.bookingId })).toMatchObject({ ok: false, error: { code: 'invalid' } });
    socket.close();
  });

  it('gives no token outside the window', async () => {
    const pair = await bookedPair(haven, 6);
    const res = await api.get(`/api/chat/bookings/${pair.bookingId}/video`, pair.client.jwt);
    expect(res.status).toBe(409);
    expect(res.body.error.details.code).toBe('outside-window');
    expect(JSON.stringify(res.body)).not.toMatch(/token/);
  });
});
