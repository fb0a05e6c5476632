/**
 * The chat's part of the safety path (issue 19): every message is screened before it is sealed and
 * never refused; a sender whose words matched gets the crisis lines of their language (socket ack and
 * REST alike); a client's such message is marked urgent for the therapist (message view, live event,
 * an unread-urgent count that lists the conversation first and goes when it is read), and a therapist
 * with no open connection gets one mail per hour that says where to look and nothing of the message.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { ParsedMail } from 'mailparser';
import type { ConversationSummary, SendAck } from '@haven/shared/chat';
import { apiClient } from '../helpers/haven';
import { ask, bookedPair, next, pause, useChatSuite, type ChatSocket, type ConversationList, type MessagePage, type Pair } from './chat-helpers';
import { chatRows } from './chat-messages-helpers';

const chat = useChatSuite({ SAFETY_MAIL_THERAPISTS: 'true', SAFETY_QUIET_HOURS: '', PUBLIC_SITE_URL: 'http://site.test' }, { mailbox: true });
const { messageRows, conversationRow } = chatRows(() => chat.haven);

const PLAIN = 'I want to kill myself';
/** The same words as people disguise them: a Cyrillic "і" (U+0456), a zero-width space inside a word, algospeak. */
const DISGUISED: [string, string][] = [
  ['a Cyrillic letter', 'I want to k\u0456ll myself'],
  ['a zero-width space', 'I want to ki\u200bll myself'],
  // Algospeak: listed in its self-directed forms in config/crisis/phrases/en.json.
  ['algospeak', 'I want to unalive myself'],
];

const send = (socket: ChatSocket, conversationId: string, body: string) => ask<SendAck>(socket, 'message:send', { conversationId, body });
const okAck = (ack: SendAck) => {
  if (!ack.ok) throw new Error(`refused: ${JSON.stringify(ack.error)}`);
  return ack;
};
const URGENT_SUBJECT = 'Haven: a client sent you a message marked urgent';
/** Urgent-message mails to `email` (booking mails go to the same people). */
const isUrgentMailTo = (email: string) => (m: ParsedMail) => m.subject === URGENT_SUBJECT && JSON.stringify(m.to).includes(email);
const mailsTo = (email: string) => chat.mailbox.messages.filter(isUrgentMailTo(email));
const listOf = async (jwt: string) => ((await chat.api.get('/api/chat/conversations', jwt)).body as ConversationList).data;

describe('what the sender is answered', () => {
  let pair: Pair;
  let client: ChatSocket;
  let therapist: ChatSocket;
  beforeAll(async () => {
    pair = await bookedPair(chat.haven);
    [client, therapist] = await Promise.all([chat.open(pair.client.jwt, { 'accept-language': 'en-GB,en;q=0.8' }), chat.open(pair.therapist.jwt)]);
  });

  it('a client writing crisis words gets the lines of their language in the ack; the message is sent, marked urgent, and reaches the therapist with its mark', async () => {
    const arriving = next(therapist, 'message:new');
    const ack = okAck(await send(client, pair.conversationId, PLAIN));
    expect(ack.data).toMatchObject({ sender: 'client', body: PLAIN, urgent: true });
    expect(ack.meta?.crisis).toMatchObject({ matched: 'en-GB', country: 'United Kingdom', lines: expect.arrayContaining([expect.objectContaining({ name: 'Samaritans' })]) });
    expect(await arriving).toMatchObject({ id: ack.data.id, urgent: true, body: PLAIN });

    const conv = await conversationRow(pair.conversationId);
    const row = await messageRows(conv.id).where('seq', ack.data.id).first();
    // The mark is a plain column; the text stays sealed (no trace of the words at rest).
    expect(Boolean(row.urgent)).toBe(true);
    expect(JSON.stringify(row)).not.toMatch(/kill|myself/i);
  });

  for (const [how, body] of DISGUISED) {
    it(`sees through ${how}, over the socket and over REST`, async () => {
      const ack = okAck(await send(client, pair.conversationId, body));
      expect(ack.meta?.crisis?.lines.length).toBeGreaterThan(0);
      expect(ack.data.urgent).toBe(true);

      const german = apiClient(chat.haven.url, { 'accept-language': 'de-DE,de;q=0.9' });
      const res = await german.post(`/api/chat/conversations/${pair.conversationId}/messages`, { body }, pair.client.jwt);
      expect(res.status).toBe(201);
      expect(res.body.data).toMatchObject({ body, urgent: true });
      expect(res.body.meta.crisis).toMatchObject({ matched: 'de', emergency: '112' });
    });
  }

  it('an ordinary message has no crisis lines and no mark', async () => {
    const ack = okAck(await send(client, pair.conversationId, 'See you on Thursday, I will bring my notes.'));
    expect(ack.meta).toBeUndefined();
    expect(ack.data.urgent).toBe(false);
    const res = await chat.api.post(`/api/chat/conversations/${pair.conversationId}/messages`, { body: 'Thanks, that helped.' }, pair.client.jwt);
    expect(res.status).toBe(201);
    expect(res.body.meta).toBeUndefined();
    expect(res.body.data.urgent).toBe(false);
  });

  it('a therapist quoting crisis words gets the lines too, but their message is not marked urgent', async () => {
    const words = 'When you say "I want to kill myself", how often do those thoughts come?';
    const ack = okAck(await send(therapist, pair.conversationId, words));
    expect(ack.meta?.crisis).toBeTruthy();
    expect(ack.data).toMatchObject({ sender: 'therapist', urgent: false });
    const conv = await conversationRow(pair.conversationId);
    expect(Boolean((await messageRows(conv.id).where('seq', ack.data.id).first()).urgent)).toBe(false);
  });

  it('bad input is still refused before any screening, and nothing is written', async () => {
    const before = (await messageRows((await conversationRow(pair.conversationId)).id)).length;
    const tooLong = await send(client, pair.conversationId, `${PLAIN} ${'x'.repeat(4000)}`);
    expect(tooLong).toMatchObject({ ok: false, error: { code: 'too-large' } });
    expect('meta' in tooLong).toBe(false);
    const res = await chat.api.post(`/api/chat/conversations/${pair.conversationId}/messages`, { body: 42 }, pair.client.jwt);
    expect(res.status).toBe(400);
    expect(res.body.meta).toBeUndefined();
    expect(await messageRows((await conversationRow(pair.conversationId)).id)).toHaveLength(before);
  });
});

describe('what the therapist sees', () => {
  let quiet: Pair;
  let worried: Pair;
  beforeAll(async () => {
    quiet = await bookedPair(chat.haven, 2);
    worried = await bookedPair(chat.haven, 3, quiet.therapist);
  });

  it('lists conversations with unread urgent messages first, with their count; the messages carry urgent: true; reading clears the count, not the marks', async () => {
    const worriedClient = await chat.open(worried.client.jwt);
    const quietClient = await chat.open(quiet.client.jwt);
    okAck(await send(worriedClient, worried.conversationId, PLAIN));
    okAck(await send(worriedClient, worried.conversationId, 'I want to ki\u200bll myself'));
    okAck(await send(worriedClient, worried.conversationId, 'sorry for writing so late'));
    // Newer activity elsewhere: by time alone the quiet conversation would come first.
    okAck(await send(quietClient, quiet.conversationId, 'Could we move Thursday to Friday?'));

    const list = await listOf(quiet.therapist.jwt);
    expect(list.map((c: ConversationSummary) => [c.id, c.urgent, c.unread])).toEqual([
      [worried.conversationId, 2, 3],
      [quiet.conversationId, 0, 1],
    ]);
    // The client's own view counts nothing urgent (the mark is for the therapist).
    expect((await listOf(worried.client.jwt))[0]).toMatchObject({ id: worried.conversationId, urgent: 0 });

    const page = (await chat.api.get(`/api/chat/conversations/${worried.conversationId}/messages`, quiet.therapist.jwt)).body as MessagePage;
    expect(page.data.map((m) => m.urgent)).toEqual([true, true, false]);

    const read = await chat.api.post(`/api/chat/conversations/${worried.conversationId}/read`, { upTo: 3 }, quiet.therapist.jwt);
    expect(read.status).toBe(200);
    const after = await listOf(quiet.therapist.jwt);
    expect(after.map((c) => [c.id, c.urgent])).toEqual([
      [quiet.conversationId, 0],
      [worried.conversationId, 0],
    ]);
    const again = (await chat.api.get(`/api/chat/conversations/${worried.conversationId}/messages`, quiet.therapist.jwt)).body as MessagePage;
    expect(again.data.map((m) => m.urgent)).toEqual([true, true, false]);
  });
});

describe('a mail to a therapist who is not connected', () => {
  it('one mail per conversation per hour, with a link and without the message; none while they are connected', async () => {
    const away = await bookedPair(chat.haven);
    const here = await bookedPair(chat.haven);
    const hereSocket = await chat.open(here.therapist.jwt);
    const awayClient = await chat.open(away.client.jwt);
    const hereClient = await chat.open(here.client.jwt);

    const words = 'I want to kill myself tonight, nobody would notice';
    okAck(await send(awayClient, away.conversationId, words));
    const mail = await chat.mailbox.waitFor(isUrgentMailTo(away.therapist.email));
    expect(mail.text).toContain(`http://site.test/messages?c=${away.conversationId}`);
    expect(`${mail.subject} ${mail.text} ${mail.html || ''}`).not.toMatch(/kill|tonight|notice|myself/i);

    // A second urgent message within the hour: no second mail.
    okAck(await send(awayClient, away.conversationId, PLAIN));
    const seen = next(hereSocket, 'message:new');
    okAck(await send(hereClient, here.conversationId, PLAIN));
    expect(await seen).toMatchObject({ urgent: true });
    // The alert runs after the answer: give both a moment to (not) mail.
    await pause(1500);
    expect(mailsTo(away.therapist.email)).toHaveLength(1);
    expect(mailsTo(here.therapist.email)).toHaveLength(0);
    // Nobody else was mailed about it: not the client, not the other therapist.
    expect(mailsTo(away.client.email)).toHaveLength(0);
    expect(mailsTo(here.client.email)).toHaveLength(0);
  });
});
