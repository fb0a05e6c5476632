/**
 * How long a conversation stays writable: while the pair shares an upcoming session (not cancelled or
 * expired) or one that started in the last 30 days; read-only after (history stays readable, sending
 * answers `read-only` with a kind message), reopened by a new booking. A therapist who is not verified
 * cannot send or start video. Over the socket and REST alike; nothing is written when refused.
 */
import { describe, expect, it } from 'vitest';
import { hourFromNow } from './booking-helpers';
import { ask, bookedPair, connect, next, pause, settle, useChatSuite, type Pair } from './chat-helpers';

const READ_ONLY = 'This conversation is read-only because you have no current sessions together. Book a session to write again.';
// Answers are reused this long (CHAT_WRITABLE_CACHE_MS); a change made straight in the database is seen after it.
const CACHE_MS = 400;
const DAY = 86_400_000;

const chat = useChatSuite({ CHAT_WRITABLE_CACHE_MS: String(CACHE_MS) });
const { open } = chat;

const bookings = () => chat.haven.strapi.db.query('plugin::booking.booking');
const messageCount = async (pair: Pair) => {
  const row = await chat.haven.strapi.db.query('plugin::chat.conversation').findOne({ where: { documentId: pair.conversationId } });
  return chat.haven.strapi.db.query('plugin::chat.message').count({ where: { conversationId: row.id } });
};

/** Sets the pair's booking to a state (straight in the database), then waits out the cache. */
async function setBooking(pair: Pair, data: Record<string, unknown>) {
  await bookings().update({ where: { documentId: pair.bookingId }, data });
  await pause(CACHE_MS + 100);
}

async function summary(pair: Pair, who: 'client' | 'therapist') {
  const res = await chat.api.get(`/api/chat/conversations/${pair.conversationId}`, pair[who].jwt);
  expect(res.status).toBe(200);
  return res.body.data as { writable: boolean; readOnlyReason: string | null };
}

/** Tries to send as `who` over the socket and over REST; returns both outcomes. */
async function trySend(pair: Pair, who: 'client' | 'therapist', body = 'Hello there') {
  const socket = await open(pair[who].jwt);
  const viaSocket = await ask(socket, 'message:send', { conversationId: pair.conversationId, body });
  socket.close();
  const viaRest = await chat.api.post(`/api/chat/conversations/${pair.conversationId}/messages`, { body }, pair[who].jwt);
  return { viaSocket, viaRest };
}

async function expectReadOnly(pair: Pair, who: 'client' | 'therapist', message = READ_ONLY) {
  const before = await messageCount(pair);
  const { viaSocket, viaRest } = await trySend(pair, who);
  expect(viaSocket).toEqual({ ok: false, error: { code: 'read-only', message, event: 'message:send' } });
  expect(viaRest.status).toBe(409);
  expect(viaRest.body.error).toMatchObject({ message, details: { code: 'read-only' } });
  expect(await messageCount(pair)).toBe(before);
  expect(await summary(pair, who)).toEqual(expect.objectContaining({ writable: false, readOnlyReason: message }));
}

async function expectWritable(pair: Pair, who: 'client' | 'therapist') {
  const before = await messageCount(pair);
  const { viaSocket, viaRest } = await trySend(pair, who);
  expect(viaSocket).toMatchObject({ ok: true });
  expect(viaRest.status).toBe(201);
  expect(await messageCount(pair)).toBe(before + 2);
  expect(await summary(pair, who)).toEqual(expect.objectContaining({ writable: true, readOnlyReason: null }));
}

describe('a conversation\'s lifetime', () => {
  it('is writable for both while they have an upcoming session', async () => {
    const pair = await bookedPair(chat.haven, 3);
    await expectWritable(pair, 'client');
    await expectWritable(pair, 'therapist');
    const list = await chat.api.get('/api/chat/conversations', pair.client.jwt);
    expect(list.body.data[0]).toMatchObject({ id: pair.conversationId, writable: true, readOnlyReason: null });
  });

  it('becomes read-only when the only booking is cancelled; history stays readable; a new booking reopens it at once', async () => {
    const pair = await bookedPair(chat.haven, 5);
    await expectWritable(pair, 'client');
    const cancelled = await chat.api.post(`/api/booking/bookings/${pair.bookingId}/cancel`, { reason: 'Plans changed' }, pair.client.jwt);
    expect(cancelled.status).toBe(200);
    await settle(chat.haven);
    // No waiting: the booking event clears the cached answer.
    await expectReadOnly(pair, 'client');
    await expectReadOnly(pair, 'therapist');

    // History stays: both still read every message.
    for (const who of ['client', 'therapist'] as const) {
      const page = await chat.api.get(`/api/chat/conversations/${pair.conversationId}/messages`, pair[who].jwt);
      expect(page.status).toBe(200);
      expect(page.body.data).toHaveLength(2);
    }
    // Nobody is shown typing in a read-only conversation.
    const socket = await open(pair.client.jwt);
    const error = next(socket, 'chat:error');
    socket.emit('typing', { conversationId: pair.conversationId, typing: true });
    expect(await error).toMatchObject({ code: 'read-only', event: 'typing' });

    const again = await chat.api.post('/api/booking/bookings', { therapist: pair.therapist.therapistId, start: hourFromNow(7) }, pair.client.jwt);
    expect(again.status).toBe(201);
    await settle(chat.haven);
    await expectWritable(pair, 'client');
    await expectWritable(pair, 'therapist');
  });

  it('becomes read-only when the therapist declines the only booking', async () => {
    const pair = await bookedPair(chat.haven, 6);
    await expectWritable(pair, 'therapist');
    const declined = await chat.api.post(`/api/booking/bookings/${pair.bookingId}/decline`, {}, pair.therapist.jwt);
    expect(declined.status).toBe(200);
    await settle(chat.haven);
    await expectReadOnly(pair, 'client');
    await expectReadOnly(pair, 'therapist');
  });

  // Each: the pair's only booking in this state → may they write?
  const cases: { name: string; data: () => Record<string, unknown>; writable: boolean }[] = [
    { name: 'completed 29 days ago', data: () => ({ status: 'completed', startsAt: new Date(Date.now() - 29 * DAY), endsAt: new Date(Date.now() - 29 * DAY + 3_000_000) }), writable: true },
    { name: 'completed 31 days ago', data: () => ({ status: 'completed', startsAt: new Date(Date.now() - 31 * DAY), endsAt: new Date(Date.now() - 31 * DAY + 3_000_000) }), writable: false },
    { name: 'no-show 10 days ago', data: () => ({ status: 'no_show', startsAt: new Date(Date.now() - 10 * DAY), endsAt: new Date(Date.now() - 10 * DAY + 3_000_000) }), writable: true },
    { name: 'confirmed, a year ago (never marked)', data: () => ({ status: 'confirmed', startsAt: new Date(Date.now() - 365 * DAY), endsAt: new Date(Date.now() - 365 * DAY + 3_000_000) }), writable: false },
    { name: 'awaiting payment, hold still running', data: () => ({ status: 'pending_payment', holdExpiresAt: new Date(Date.now() + 600_000) }), writable: true },
    { name: 'awaiting payment, hold run out', data: () => ({ status: 'pending_payment', holdExpiresAt: new Date(Date.now() - 1000) }), writable: false },
    { name: 'expired (never paid)', data: () => ({ status: 'expired' }), writable: false },
    { name: 'cancelled, upcoming', data: () => ({ status: 'cancelled', cancelledAt: new Date() }), writable: false },
  ];
  for (const c of cases) {
    it(`${c.writable ? 'is writable' : 'is read-only'} when the only session is ${c.name}`, async () => {
      const pair = await bookedPair(chat.haven, 9);
      await setBooking(pair, c.data());
      if (c.writable) await expectWritable(pair, 'client');
      else await expectReadOnly(pair, 'client');
    });
  }

  it('counts any current session of the pair: an old one and a cancelled one do not, a recent one does', async () => {
    const pair = await bookedPair(chat.haven, 11);
    await setBooking(pair, { status: 'completed', startsAt: new Date(Date.now() - 40 * DAY), endsAt: new Date(Date.now() - 40 * DAY + 3_000_000) });
    const second = await chat.api.post('/api/booking/bookings', { therapist: pair.therapist.therapistId, start: hourFromNow(13) }, pair.client.jwt);
    expect(second.status).toBe(201);
    await settle(chat.haven);
    await expectWritable(pair, 'therapist');
    await bookings().update({ where: { documentId: second.body.data[0].id }, data: { status: 'cancelled', cancelledAt: new Date() } });
    await pause(CACHE_MS + 100);
    await expectReadOnly(pair, 'therapist');
    // Another client of the same therapist is not affected.
    const other = await bookedPair(chat.haven, 15);
    await expectWritable(other, 'client');
  });
});

describe('therapists who are not verified', () => {
  const profiles = () => chat.haven.strapi.db.query('api::therapist-profile.therapist-profile');
  const UNVERIFIED = 'This conversation is read-only for now because your therapist profile is not verified. Your history stays readable; Haven support can tell you more.';

  for (const status of ['pending', 'rejected'] as const) {
    it(`cannot send or start video once verification is withdrawn (${status}); history stays; verified again, they can`, async () => {
      const pair = await bookedPair(chat.haven, 2);
      await expectWritable(pair, 'therapist');
      // The session is about to start: its video room is open.
      const start = Date.now() + 5 * 60_000;
      await bookings().update({ where: { documentId: pair.bookingId }, data: { startsAt: new Date(start), endsAt: new Date(start + 50 * 60_000) } });
      expect((await chat.api.get(`/api/chat/bookings/${pair.bookingId}/video`, pair.therapist.jwt)).status).toBe(200);

      await profiles().update({ where: { documentId: pair.therapist.therapistId }, data: { verificationStatus: status } });
      await pause(CACHE_MS + 100);
      await expectReadOnly(pair, 'therapist', UNVERIFIED);
      const page = await chat.api.get(`/api/chat/conversations/${pair.conversationId}/messages`, pair.therapist.jwt);
      expect(page.status).toBe(200);
      expect(page.body.data).toHaveLength(2);
      // No video for either of them: the endpoint and the WebRTC join say why.
      for (const who of ['client', 'therapist'] as const) {
        const video = await chat.api.get(`/api/chat/bookings/${pair.bookingId}/video`, pair[who].jwt);
        expect(video.status).toBe(409);
        expect(video.body.error.details.code).toBe('read-only');
        expect(JSON.stringify(video.body)).not.toMatch(/iceServers|token/);
        const socket = await open(pair[who].jwt);
        expect(await ask(socket, 'rtc:join', { bookingId: pair.bookingId })).toMatchObject({ ok: false, error: { code: 'read-only', message: expect.stringMatching(/not verified/) } });
        socket.close();
      }

      await profiles().update({ where: { documentId: pair.therapist.therapistId }, data: { verificationStatus: 'verified' } });
      await pause(CACHE_MS + 100);
      await expectWritable(pair, 'therapist');
      expect((await chat.api.get(`/api/chat/bookings/${pair.bookingId}/video`, pair.client.jwt)).status).toBe(200);
    });
  }

  it('a suspended (blocked) therapist cannot send at all (REST refuses the account, the socket the handshake), and their client gets no video room', async () => {
    const pair = await bookedPair(chat.haven, 4);
    const start = Date.now() + 5 * 60_000;
    await bookings().update({ where: { documentId: pair.bookingId }, data: { startsAt: new Date(start), endsAt: new Date(start + 50 * 60_000) } });
    expect((await chat.api.get(`/api/chat/bookings/${pair.bookingId}/video`, pair.client.jwt)).status).toBe(200);
    await chat.haven.strapi.db.query('plugin::users-permissions.user').update({ where: { id: pair.therapist.id }, data: { blocked: true } });
    await pause(CACHE_MS + 100);
    const video = await chat.api.get(`/api/chat/bookings/${pair.bookingId}/video`, pair.client.jwt);
    expect(video.status).toBe(409);
    expect(video.body.error.details.code).toBe('read-only');
    const before = await messageCount(pair);
    const rest = await chat.api.post(`/api/chat/conversations/${pair.conversationId}/messages`, { body: 'hi' }, pair.therapist.jwt);
    expect([401, 403]).toContain(rest.status);
    await expect(connect(chat.haven.url, pair.therapist.jwt)).rejects.toMatchObject({ code: 'blocked' });
    expect(await messageCount(pair)).toBe(before);
  });
});
