/**
 * Personal data of the chat and wellness plugins (issue 20). The client writes to their therapist and is
 * answered, checks in with a reflection, takes a PHQ-9 and a GAD-7 and shares with the therapist; the
 * bystander (another client of the same therapist) does the same, so the erasure can be seen to leave
 * them alone. Everything is done through the HTTP API, as the people would.
 */
import { expect } from 'vitest';
import { apiClient, type ApiClient, type Haven } from '../../helpers/haven';
import { hourFromNow, type User } from '../booking-helpers';
import { settle } from '../chat-helpers';
import { todayIn, waitAwayFromMidnight } from '../wellness-helpers';
import type { ExportedPlugins, PersonalDataModule, Therapist } from './world';

/** What the seed wrote, kept for the checks (module state: one world per test file). */
interface Seeded {
  clientConversation: string;
  bystanderConversation: string;
  clientWrote: string[];
  therapistWrote: string;
  bystanderWrote: string;
  therapistToBystander: string;
  reflection: string;
  bystanderReflection: string;
  names: { client: string; therapist: string; bystander: string };
}
let seeded: Seeded | null = null;
const state = (): Seeded => {
  if (!seeded) throw new Error('the chat-wellness module was not seeded');
  return seeded;
};

const displayName = async (api: ApiClient, person: { jwt: string }) => (await api.get('/api/profiles/me', person.jwt)).body.data.displayName as string;

/** The person's conversation with the therapist: the one the booking opened, else a booking made now (hours ahead, its own hour). */
async function conversationWith(haven: Haven, api: ApiClient, person: User, therapist: Therapist, hoursAhead: number): Promise<string> {
  const listed = async () => (await api.get('/api/chat/conversations', person.jwt)).body.data as { id: string }[];
  let found = await listed();
  if (!found.length) {
    const booked = await api.post('/api/booking/bookings', { therapist: therapist.therapistId, start: hourFromNow(hoursAhead) }, person.jwt);
    expect(booked.status).toBe(201);
    await settle(haven);
    found = await listed();
  }
  expect(found).toHaveLength(1);
  return found[0].id;
}

async function send(api: ApiClient, conversationId: string, person: { jwt: string }, body: string) {
  const res = await api.post(`/api/chat/conversations/${conversationId}/messages`, { body }, person.jwt);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.data.id as number;
}

// Item 9 above 0: a self-harm flag, which the therapist sees once the client shares (GET /api/wellness/flags).
/**
 * A therapist's page of shared wellness data. Those pages ask for two-step sign-in: a therapist without
 * it is enrolled once (tests/helpers/two-factor.ts), as they would be asked to on the site.
 */
async function therapistView(haven: Haven, therapist: Therapist, path: string): Promise<unknown> {
  const api = apiClient(haven.url);
  let res = await api.get(path, therapist.jwt);
  if (res.status === 403 && res.body?.error?.details?.reason === 'two-factor-required') {
    const { enrolTwoFactor } = await import('../../helpers/two-factor');
    await enrolTwoFactor(haven, therapist);
    res = await api.get(path, therapist.jwt);
  }
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.data;
}

const phq9 = [1, 2, 1, 0, 1, 2, 1, 0, 1];
const gad7 = [2, 1, 1, 0, 2, 1, 0];

/** Every row of a table, all columns, as the database gives them. */
const rows = (haven: Haven, uid: string): Promise<Record<string, unknown>[]> => haven.strapi.db.connection(haven.strapi.db.metadata.get(uid).tableName).select('*');

const CHAT_UIDS = ['plugin::chat.conversation', 'plugin::chat.message'];
const WELLNESS_UIDS = ['entry', 'assessment', 'data-key', 'share', 'consent-event', 'setting', 'reminder-send'].map((name) => `plugin::wellness.${name}`);
/** Columns that hold an account id. */
const ACCOUNT_COLUMNS = /(^|_)(user_id|owner_id|client_user_id|therapist_user_id|sender_user_id)$/;

export const chatWellnessModule: PersonalDataModule = {
  plugins: ['chat', 'wellness'],

  async seed(world) {
    const { haven, client, therapist, bystander } = world;
    const api = apiClient(haven.url);
    const names = { client: await displayName(api, client), therapist: await displayName(api, therapist), bystander: await displayName(api, bystander) };

    // Chat: two messages from the client (the second in crisis words, so marked urgent for the therapist),
    // one answer from the therapist, read by the client.
    const clientConversation = await conversationWith(haven, api, client, therapist, 30);
    const clientWrote = ['First message from the client: the week was long.', 'Second message: some nights I want to kill myself, but the breathing exercise helped.'];
    for (const text of clientWrote) await send(api, clientConversation, client, text);
    const therapistWrote = 'Glad to hear it. Keep a note of when it helps most.';
    const answer = await send(api, clientConversation, therapist, therapistWrote);
    expect((await api.post(`/api/chat/conversations/${clientConversation}/read`, { upTo: answer }, client.jwt)).status).toBe(200);

    // The bystander's own conversation with the same therapist.
    const bystanderConversation = await conversationWith(haven, api, bystander, therapist, 34);
    const bystanderWrote = 'The bystander writes to the same therapist.';
    const therapistToBystander = 'The therapist answers the bystander.';
    await send(api, bystanderConversation, bystander, bystanderWrote);
    await send(api, bystanderConversation, therapist, therapistToBystander);

    // Wellness: today's check-in with a reflection, a PHQ-9 and a GAD-7, shared with the therapist (reflections included).
    await waitAwayFromMidnight(['UTC']);
    const reflection = 'Client reflection: slept badly but talked to a friend.';
    const bystanderReflection = 'Bystander reflection: a quiet and good day.';
    const checkIn = (text: string) => ({ mood: 3, energy: 2, sleepHours: 6, emotions: ['tired', 'hopeful'], activities: ['walk'], reflection: text });
    expect((await api.put(`/api/wellness/entries/${todayIn('UTC')}`, checkIn(reflection), client.jwt)).status).toBe(201);
    expect((await api.put(`/api/wellness/entries/${todayIn('UTC')}`, checkIn(bystanderReflection), bystander.jwt)).status).toBe(201);
    expect((await api.post('/api/wellness/assessments', { kind: 'phq9', answers: phq9 }, client.jwt)).status).toBe(201);
    expect((await api.post('/api/wellness/assessments', { kind: 'gad7', answers: gad7 }, client.jwt)).status).toBe(201);
    expect((await api.post('/api/wellness/assessments', { kind: 'gad7', answers: gad7 }, bystander.jwt)).status).toBe(201);
    for (const person of [client, bystander]) expect((await api.put(`/api/wellness/shares/${therapist.therapistId}`, { includeReflections: true }, person.jwt)).status).toBe(200);
    // What the erasure must take from the therapist's view: the client among their sharing and flagged clients.
    const clients = (await therapistView(haven, therapist, '/api/wellness/clients')) as { displayName: string }[];
    expect(clients.map((c) => c.displayName).sort()).toEqual([names.client, names.bystander].sort());
    const flags = (await therapistView(haven, therapist, '/api/wellness/flags')) as { displayName: string }[];
    expect(flags.map((f) => f.displayName)).toContain(names.client);

    seeded = { clientConversation, bystanderConversation, clientWrote, therapistWrote, bystanderWrote, therapistToBystander, reflection, bystanderReflection, names };
  },

  checkExport(world, exported: ExportedPlugins) {
    const s = state();
    const { therapist, bystander } = world;

    const chat = exported.chat as { conversations: { with: string; yourRole: string; messages: { from: string; text: string | null; read: boolean; urgent: boolean; sentAt: string; number: number }[] }[] };
    expect(chat.conversations).toHaveLength(1);
    const [conversation] = chat.conversations;
    expect(conversation.with).toBe(s.names.therapist);
    expect(conversation.yourRole).toBe('client');
    expect(conversation.messages.map((m) => [m.number, m.from, m.text])).toEqual([
      [1, 'you', s.clientWrote[0]],
      [2, 'you', s.clientWrote[1]],
      [3, s.names.therapist, s.therapistWrote],
    ]);
    // The therapist read the client's two by answering them; the client marked the answer read.
    expect(conversation.messages.map((m) => m.read)).toEqual([true, true, true]);
    expect(conversation.messages.map((m) => m.urgent)).toEqual([false, true, false]);
    for (const m of conversation.messages) expect(new Date(m.sentAt).toISOString()).toBe(m.sentAt);

    const wellness = exported.wellness as {
      checkIns: { date: string; mood: number; reflection: string | null }[];
      assessments: { kind: string; answers: number[]; score: number; band: string }[];
      shares: { therapist: string; active: boolean; includeReflections: boolean; grantedAt: string }[];
      consentEvents: { action: string; therapist: string; at: string }[];
      settings: { reminder: { enabled: boolean } };
      remindersSent: unknown[];
      flags: unknown[];
    };
    expect(wellness.checkIns).toEqual([expect.objectContaining({ date: todayIn('UTC'), mood: 3, reflection: s.reflection })]);
    const byKind = Object.fromEntries(wellness.assessments.map((a) => [a.kind, a]));
    expect(byKind.phq9).toEqual(expect.objectContaining({ answers: phq9, score: 9, band: 'mild', selfHarmFlag: true }));
    expect(byKind.gad7).toEqual(expect.objectContaining({ answers: gad7, score: 7, band: 'mild' }));
    expect(wellness.shares).toEqual([expect.objectContaining({ therapist: s.names.therapist, active: true, includeReflections: true })]);
    expect(wellness.consentEvents).toEqual([expect.objectContaining({ action: 'granted', therapist: s.names.therapist })]);
    expect(wellness.settings.reminder).toBeDefined();
    expect(Array.isArray(wellness.remindersSent)).toBe(true);
    expect(wellness.flags).toEqual([expect.objectContaining({ source: 'phq9', date: todayIn('UTC') })]);

    // Nothing of anyone else's identity, no sealed text, nothing of the bystander's conversation or tracker.
    const text = JSON.stringify({ chat: exported.chat, wellness: exported.wellness });
    for (const secret of [therapist.email, therapist.username, therapist.therapistId, bystander.email, bystander.username, s.names.bystander, s.bystanderWrote, s.therapistToBystander, s.bystanderReflection, s.clientConversation]) {
      expect(text).not.toContain(secret);
    }
    expect(text).not.toMatch(/hv1\./);
    expect(text).not.toMatch(/"(userId|clientUserId|therapistUserId|senderUserId|ownerId|wrappedKey)"/);
  },

  async checkErased(world) {
    const s = state();
    const { haven, client, therapist, bystander } = world;
    const api = apiClient(haven.url);

    // No column of the chat's or the wellness tables holds the client's id, email, username or words.
    for (const uid of [...CHAT_UIDS, ...WELLNESS_UIDS]) {
      const all = await rows(haven, uid);
      for (const row of all) {
        for (const [column, value] of Object.entries(row)) {
          if (ACCOUNT_COLUMNS.test(column)) expect(Number(value), `${uid}.${column}`).not.toBe(client.id);
        }
      }
      const dump = JSON.stringify(all);
      for (const trace of [client.email, client.username, s.names.client, ...s.clientWrote, s.reflection]) expect(dump, uid).not.toContain(trace);
    }
    // The client's messages lost their ciphertext (their words are sealed, so "not contained" above proves little alone).
    const messages = await rows(haven, 'plugin::chat.message');
    const clientRole = messages.filter((m) => m.sender_role === 'client' && Number(m.sender_user_id) <= 0);
    expect(clientRole.map((m) => [m.body, Boolean(m.urgent), m.client_id ?? null])).toEqual([
      ['', false, null],
      ['', false, null],
    ]);

    // The therapist's side reads right: "Former member", each erased message in place as `deleted` (no text), their own answer intact.
    const list = (await api.get('/api/chat/conversations', therapist.jwt)).body.data as { id: string; with: { displayName: string } }[];
    expect(list.map((c) => c.with.displayName).sort()).toEqual([s.names.bystander, 'Former member'].sort());
    const page = await api.get(`/api/chat/conversations/${s.clientConversation}/messages`, therapist.jwt);
    expect(page.status).toBe(200);
    expect(page.body.data.map((m: { sender: string; body: string | null; deleted?: boolean }) => [m.sender, m.body, m.deleted ?? false])).toEqual([
      ['client', null, true],
      ['client', null, true],
      ['therapist', s.therapistWrote, false],
    ]);
    expect(Object.keys(page.body.data[0]).sort()).toEqual(['body', 'clientId', 'conversationId', 'createdAt', 'deleted', 'id', 'sender', 'urgent']);
    // The bystander's conversation is untouched, for both of them.
    const theirs = await api.get(`/api/chat/conversations/${s.bystanderConversation}/messages`, bystander.jwt);
    expect(theirs.body.data.map((m: { body: string }) => m.body)).toEqual([s.bystanderWrote, s.therapistToBystander]);

    // Wellness: the therapist no longer sees the client's share; the bystander's share, check-in and assessment stay.
    const clients = (await therapistView(haven, therapist, '/api/wellness/clients')) as { displayName: string }[];
    expect(clients.map((c) => c.displayName)).toEqual([s.names.bystander]);
    const flags = (await therapistView(haven, therapist, '/api/wellness/flags')) as { displayName: string }[];
    expect(flags.map((f) => f.displayName)).not.toContain(s.names.client);
    const entries = await api.get(`/api/wellness/entries/${todayIn('UTC')}`, bystander.jwt);
    expect(entries.status).toBe(200);
    expect(entries.body.data.reflection).toBe(s.bystanderReflection);
    const assessments = await api.get('/api/wellness/assessments', bystander.jwt);
    expect(assessments.body.data).toHaveLength(1);
  },
};
