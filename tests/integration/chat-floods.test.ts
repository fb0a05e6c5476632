/**
 * Socket floods: every event kind spends a per-person budget before its handler runs, so a flood is
 * refused with a clear `rate-limited` answer and costs no query; `sync` and `presence:query` look
 * many ids up in one query (strangers' and made-up ids included) and remember ids that do not exist.
 * The timed part (/_health under 200 ms during floods) is measured by the security audit
 * (scripts/security/areas/sockets.mjs), not here.
 */
import crypto from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../helpers/haven';
import { hourFromNow, therapist } from './booking-helpers';
import { ask, bookedPair, pause, record, settle, useChatSuite, type OkAck, type Pair } from './chat-helpers';

// The defaults (per person per 10 s), except a shorter writable window to show that it is configurable.
const BUDGET = { message: 30, typing: 30, read: 60, sync: 5, presence: 10, signal: 300, call: 20, token: 10, other: 20 };
const WORDS: Record<keyof typeof BUDGET, RegExp> = {
  message: /^You are sending faster than Haven allows\. Please wait \d+ seconds?, then try again\.$/,
  typing: /^Too many typing notices in a short time\. Please wait \d+ seconds?, then try again\.$/,
  read: /^Too many read receipts in a short time\./,
  sync: /^Too many catch-up requests in a short time\./,
  presence: /^Too many presence requests in a short time\./,
  signal: /^Too many call signals in a short time\./,
  call: /^Too many call joins in a short time\./,
  token: /^Too many token renewals in a short time\./,
  other: /^Too many requests in a short time\./,
};

const chat = useChatSuite({ CHAT_WRITABLE_DAYS: '5', CHAT_WRITABLE_CACHE_MS: '0' });
const { open } = chat;

/** Every SQL statement the CMS runs while `run` does (knex's own query event). */
async function queriesDuring(run: () => Promise<unknown>): Promise<{ sql: string; bindings: unknown[] }[]> {
  const seen: { sql: string; bindings: unknown[] }[] = [];
  const listener = (q: { sql: string; bindings?: unknown[] }) => seen.push({ sql: q.sql, bindings: q.bindings ?? [] });
  chat.haven.strapi.db.connection.on('query', listener);
  try {
    await run();
  } finally {
    chat.haven.strapi.db.connection.removeListener('query', listener);
  }
  return seen;
}
const onConversations = <Q extends { sql: string }>(qs: Q[]) => qs.filter((q) => /chat_conversations/.test(q.sql));

const randomId = () => crypto.randomBytes(18).toString('hex').slice(0, 24);

/** One flood case: the event, its budget, and a payload (valid or not: the budget comes first). */
interface Flood {
  event: string;
  kind: keyof typeof BUDGET;
  payload: (pair: Pair) => unknown;
}
const floods: Flood[] = [
  { event: 'message:send', kind: 'message', payload: (p) => ({ conversationId: p.conversationId, body: 'flood' }) },
  { event: 'typing', kind: 'typing', payload: (p) => ({ conversationId: p.conversationId, typing: true }) },
  { event: 'message:read', kind: 'read', payload: (p) => ({ conversationId: p.conversationId, upTo: 0 }) },
  { event: 'sync', kind: 'sync', payload: () => ({ since: Object.fromEntries(Array.from({ length: 200 }, () => [randomId(), 0])) }) },
  { event: 'presence:query', kind: 'presence', payload: () => ({ conversationIds: Array.from({ length: 200 }, randomId) }) },
  { event: 'rtc:signal', kind: 'signal', payload: (p) => ({ bookingId: p.bookingId, signal: { type: 'candidate', candidate: null } }) },
  { event: 'rtc:join', kind: 'call', payload: (p) => ({ bookingId: p.bookingId }) },
  { event: 'rtc:leave', kind: 'call', payload: (p) => ({ bookingId: p.bookingId }) },
  { event: 'auth:token', kind: 'token', payload: () => ({ token: 'not.a.token' }) },
  { event: 'no-such-event', kind: 'other', payload: () => ({}) },
];

const FLOOD_REFUSALS = 30;
const FLOOD_MESSAGE = 'This connection kept sending after being asked to wait, so Haven closed it. Reload the page to reconnect.';

describe('each socket event kind, flooded', () => {
  for (const flood of floods) {
    it(`${flood.event}: ${BUDGET[flood.kind]} pass in a window, ${FLOOD_REFUSALS} more get a clear rate-limited answer, then the connection is closed; refused events do no query`, async () => {
      const pair = await bookedPair(chat.haven, 2);
      const socket = await open(pair.client.jwt);
      const second = await open(pair.client.jwt);
      const errors = record(socket, 'chat:error');
      const total = BUDGET[flood.kind] + FLOOD_REFUSALS;
      const payload = flood.payload(pair);
      let answers: { ok: boolean; error?: { code: string; message: string; event: string; retryAfterMs: number } }[] = [];
      const qs = await queriesDuring(async () => {
        answers = await Promise.all(Array.from({ length: total }, () => ask(socket, flood.event, payload)));
      });
      const limited = answers.map((a) => a.error).filter((e) => e?.code === 'rate-limited');
      expect(limited).toHaveLength(FLOOD_REFUSALS);
      for (const error of limited) {
        expect(error).toMatchObject({ code: 'rate-limited', event: flood.event, message: expect.stringMatching(WORDS[flood.kind]) });
        expect(error!.retryAfterMs).toBeGreaterThan(0);
        expect(error!.retryAfterMs).toBeLessThanOrEqual(10_000);
      }
      // Refusals are answered on the acknowledgement only (no chat:error frame each), and the connection stays.
      const overBudget = () => errors.filter((e) => e.code === 'rate-limited');
      expect(overBudget()).toEqual([]);
      expect(socket.connected).toBe(true);
      // The events that passed did bounded work (a few queries each at most).
      expect(qs.length).toBeLessThanOrEqual(BUDGET[flood.kind] * 12 + 20);
      if (flood.kind === 'message') expect((await chat.api.get(`/api/chat/conversations/${pair.conversationId}/messages?limit=100`, pair.client.jwt)).body.data).toHaveLength(BUDGET.message);

      // The budget is the person's, not the connection's: their second tab is refused at once too …
      expect(await ask(second, flood.event, payload)).toMatchObject({ ok: false, error: { code: 'rate-limited', event: flood.event } });
      // … and the other person of the conversation is not affected.
      const other = await open(pair.therapist.jwt);
      expect(await ask(other, 'message:read', { conversationId: pair.conversationId, upTo: 0 })).toMatchObject({ ok: true });

      // Going on regardless: the connection is closed, saying why; none of it touches a chat or booking table.
      const closed = new Promise<string>((resolve) => socket.once('disconnect', resolve));
      const burst = await queriesDuring(async () => {
        const more = await Promise.allSettled(Array.from({ length: 100 }, () => ask(socket, flood.event, payload, 3000)));
        expect(more.filter((r) => r.status === 'fulfilled')).toEqual([]);
      });
      expect(await closed).toBe('io server disconnect');
      expect(overBudget()).toEqual([expect.objectContaining({ code: 'rate-limited', event: flood.event, message: FLOOD_MESSAGE })]);
      expect(burst.filter((q) => /chat_|booking_|therapist_profiles/.test(q.sql))).toEqual([]);
      // The person's other connection is still there (refused, not closed).
      expect(second.connected).toBe(true);
      expect(await ask(second, flood.event, payload)).toMatchObject({ ok: false, error: { code: 'rate-limited' } });
    });
  }
});

describe('floods without acknowledgements', () => {
  it('typing: the other person sees exactly the budget\'s notices; the sender is told once, not once per notice', async () => {
    const pair = await bookedPair(chat.haven, 2);
    const socket = await open(pair.client.jwt);
    const peer = await open(pair.therapist.jwt);
    const seen = record(peer, 'typing');
    const errors = record(socket, 'chat:error');
    // Past the budget but short of the flood limit (30 refusals a window close the connection).
    for (let i = 0; i < BUDGET.typing + 25; i++) socket.emit('typing', { conversationId: pair.conversationId, typing: i % 2 === 0 });
    // One connection keeps order: once this is answered, every notice before it was handled.
    await ask(socket, 'message:read', { conversationId: pair.conversationId, upTo: 0 });
    await pause(200);
    expect(seen).toHaveLength(BUDGET.typing);
    expect(errors).toEqual([expect.objectContaining({ code: 'rate-limited', event: 'typing', message: expect.stringMatching(WORDS.typing) })]);
    // Another kind over budget is told once too, on its own.
    for (let i = 0; i < BUDGET.call + 4; i++) socket.emit('rtc:leave', { bookingId: pair.bookingId });
    await ask(socket, 'message:read', { conversationId: pair.conversationId, upTo: 0 });
    await pause(200);
    expect(errors.map((e) => e.event)).toEqual(['typing', 'rtc:leave']);
    expect(socket.connected).toBe(true);
    // Two more refusals pass the flood limit: the connection is closed, saying why.
    const closed = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    for (let i = 0; i < 2; i++) socket.emit('typing', { conversationId: pair.conversationId, typing: true });
    expect(await closed).toBe('io server disconnect');
    expect(errors.at(-1)).toMatchObject({ code: 'rate-limited', event: 'typing', message: FLOOD_MESSAGE });
    expect(seen).toHaveLength(BUDGET.typing);
  });
});

describe('batched look-ups', () => {
  let me: Awaited<ReturnType<typeof createUser>>;
  const mine: string[] = [];
  let strangers: string[] = [];

  beforeAll(async () => {
    // One client with three therapists (three conversations), and three pairs of strangers.
    me = await createUser(chat.haven, 'client');
    for (let i = 0; i < 3; i++) {
      const t = await therapist(chat.haven);
      const res = await chat.api.post('/api/booking/bookings', { therapist: t.therapistId, start: hourFromNow(3 + i) }, me.jwt);
      expect(res.status).toBe(201);
    }
    await settle(chat.haven);
    const list = await chat.api.get('/api/chat/conversations', me.jwt);
    mine.push(...list.body.data.map((c: { id: string }) => c.id));
    expect(mine).toHaveLength(3);
    strangers = await Promise.all([3, 5, 7].map(async (h) => (await bookedPair(chat.haven, h)).conversationId));
    // Two messages in the first of mine.
    const socket = await open(me.jwt);
    for (const body of ['one', 'two']) expect(await ask(socket, 'message:send', { conversationId: mine[0], body })).toMatchObject({ ok: true });
  });

  it('sync: 200 ids (mine, strangers\', made-up, malformed) in one membership query; made-up ids are then remembered', async () => {
    const madeUp = Array.from({ length: 194 }, randomId);
    const since = Object.fromEntries([...mine.map((id) => [id, 0]), ...strangers.map((id) => [id, 0]), ...madeUp.map((id) => [id, 0])]);
    expect(Object.keys(since)).toHaveLength(200);
    const socket = await open(me.jwt);
    // Let the connection's own presence announcement (one query of my conversations) finish first.
    await pause(200);
    // Assigned inside the awaited callback below.
    let answer!: OkAck<'sync'>;
    const first = await queriesDuring(async () => {
      answer = await ask<OkAck<'sync'>>(socket, 'sync', { since });
    });
    expect(answer.ok).toBe(true);
    // Only mine come back; strangers' and made-up ids are left out alike.
    expect(answer.data.conversations.map((c: { id: string }) => c.id).sort()).toEqual([...mine].sort());
    const withMessages = answer.data.conversations.find((c: { id: string }) => c.id === mine[0]);
    expect(withMessages?.messages.map((m) => m.body)).toEqual(['one', 'two']);
    // At most one look-up of the unknown ids (mine and strangers' may be cached already), and one for the newest message ids.
    const lookups = onConversations(first).filter((q) => q.bindings.some((b) => madeUp.includes(String(b))));
    expect(lookups).toHaveLength(1);
    expect(madeUp.every((id) => lookups[0].bindings.includes(id))).toBe(true);
    expect(onConversations(first).length).toBeLessThanOrEqual(2);

    // Asked again: the made-up ids are known not to exist; no query looks any id up.
    const second = await queriesDuring(async () => {
      answer = await ask<OkAck<'sync'>>(socket, 'sync', { since: { ...since, [mine[0]]: 2 } });
    });
    expect(answer.data.conversations.find((c: { id: string }) => c.id === mine[0])?.messages).toEqual([]);
    expect(onConversations(second).filter((q) => q.bindings.some((b) => madeUp.includes(String(b))))).toHaveLength(0);
    // Nothing new anywhere: no message query at all.
    expect(second.filter((q) => /chat_messages/.test(q.sql))).toHaveLength(0);
  });

  it('presence:query: 200 ids in at most one query, none once they are known', async () => {
    const madeUp = Array.from({ length: 150 }, randomId);
    const ids = [...mine, ...strangers, ...madeUp, ...Array.from({ length: 44 }, randomId)];
    const socket = await open(me.jwt);
    await pause(200);
    let answer!: OkAck<'presence:query'>;
    const first = await queriesDuring(async () => {
      answer = await ask<OkAck<'presence:query'>>(socket, 'presence:query', { conversationIds: ids });
    });
    expect(answer.ok).toBe(true);
    expect(Object.keys(answer.data).sort()).toEqual([...mine].sort());
    expect(onConversations(first).length).toBeLessThanOrEqual(1);
    const second = await queriesDuring(async () => {
      answer = await ask<OkAck<'presence:query'>>(socket, 'presence:query', { conversationIds: ids });
    });
    expect(Object.keys(answer.data).sort()).toEqual([...mine].sort());
    expect(onConversations(second)).toHaveLength(0);
  });

  it('refuses more than 200 ids, and malformed ones, with a clear answer and no query', async () => {
    const socket = await open(me.jwt);
    const tooMany = Object.fromEntries(Array.from({ length: 201 }, () => [randomId(), 0]));
    const qs = await queriesDuring(async () => {
      expect(await ask(socket, 'sync', { since: tooMany })).toMatchObject({ ok: false, error: { code: 'invalid', message: expect.stringMatching(/at most 200/) } });
      expect(await ask(socket, 'presence:query', { conversationIds: Array.from({ length: 201 }, randomId) })).toMatchObject({ ok: false, error: { code: 'invalid' } });
      expect(await ask(socket, 'presence:query', { conversationIds: ['UPPER', '../x'] })).toMatchObject({ ok: false, error: { code: 'invalid' } });
    });
    expect(onConversations(qs)).toHaveLength(0);
    // An unknown event is refused by name, and a long name is not sent back whole.
    const unknown = await ask(socket, 'x'.repeat(5000), {});
    expect(unknown).toEqual({ ok: false, error: { code: 'invalid', message: 'This event does not exist.', event: 'x'.repeat(64) } });
  });
});

describe('a configured writable window (CHAT_WRITABLE_DAYS=5)', () => {
  for (const [days, writable] of [
    [4, true],
    [6, false],
  ] as const) {
    it(`a session ${days} days ago ${writable ? 'keeps the conversation writable' : 'leaves it read-only'}`, async () => {
      const pair = await bookedPair(chat.haven, 9);
      const startsAt = new Date(Date.now() - days * 86_400_000);
      await chat.haven.strapi.db.query('plugin::booking.booking').update({ where: { documentId: pair.bookingId }, data: { status: 'completed', startsAt, endsAt: new Date(startsAt.getTime() + 3_000_000) } });
      const socket = await open(pair.client.jwt);
      const result = await ask(socket, 'message:send', { conversationId: pair.conversationId, body: 'still there?' });
      if (writable) expect(result).toMatchObject({ ok: true });
      else expect(result).toMatchObject({ ok: false, error: { code: 'read-only' } });
    });
  }
});
