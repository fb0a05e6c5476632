/**
 * Crisis language in a check-in's reflection (issue 19, the safety path): the save is never refused, the
 * answer carries the crisis lines (`meta.crisis`) and the names of the therapists told; every therapist the
 * person shares with gets one mail (never the words) through the safety plugin, at most once per entry per
 * day; the therapist's views flag it, with the words only when reflections are shared; a therapist not
 * shared with learns nothing; a calm reflection changes nothing; PHQ-9 question 9 takes the same path.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ParsedMail } from 'mailparser';
import { apiClient, createUser, startHaven, type Haven } from '../helpers/haven';
import { smtpEnv, startMailbox, type Mailbox } from '../helpers/mailbox';
import { addDaysTo, book, bookAndShare, rawEntries, todayIn, verifiedTherapist, waitAwayFromMidnight, type SharingTherapist } from './wellness-helpers';

type User = Awaited<ReturnType<typeof createUser>>;

const PLAIN = 'Rough week. I want to kill myself tonight.';
// A Cyrillic "а" in "want" and a zero-width space inside "kill": what a person sees is the plain phrase.
const OBFUSCATED = 'I w\u0430nt to k\u200Bill myself, honestly';
const ALGOSPEAK = 'some days I want to unalive myself';
const CALM = 'A long walk in the park, then soup with a friend.';

describe('crisis language in a wellness reflection', () => {
  let haven: Haven;
  let mailbox: Mailbox;
  let api: ReturnType<typeof apiClient>;
  let therapist: SharingTherapist;
  let bookedOnly: SharingTherapist;
  let therapistName: string;
  let sharesWords: User;
  let sharesTrends: User;
  let sharesNothing: User;
  let wordsShareId: string;
  let trendsShareId: string;
  let today: string;

  const followUps = (to: SharingTherapist) => mailbox.messages.filter((m: ParsedMail) => JSON.stringify(m.to).includes(to.email) && /may need a follow-up/.test(m.subject ?? ''));
  const settle = () => new Promise((resolve) => setTimeout(resolve, 400));
  const save = (who: User, date: string, reflection: string | null, query = '?locale=en-GB') => api.put(`/api/wellness/entries/${date}${query}`, { mood: 2, reflection }, who.jwt);
  const client = async (shareId: string) => (await api.get(`/api/wellness/clients/${shareId}`, therapist.jwt)).body.data;
  const flags = async (who: SharingTherapist) => (await api.get('/api/wellness/flags', who.jwt)).body.data as { id: string; source: string; date: string }[];

  beforeAll(async () => {
    mailbox = await startMailbox();
    haven = await startHaven({ env: smtpEnv(mailbox) });
    api = apiClient(haven.url);
    [therapist, bookedOnly] = [await verifiedTherapist(haven), await verifiedTherapist(haven)];
    therapistName = (await api.get('/api/profiles/me', therapist.jwt)).body.data.displayName;
    [sharesWords, sharesTrends, sharesNothing] = [await createUser(haven, 'client'), await createUser(haven, 'client'), await createUser(haven, 'client')];
    wordsShareId = await bookAndShare(haven, sharesWords, therapist, 30, true);
    trendsShareId = await bookAndShare(haven, sharesTrends, therapist, 31, false);
    // Booked with a second therapist, shared with nobody there: that therapist is never told.
    await book(haven, sharesWords, bookedOnly, 32);
    await book(haven, sharesNothing, bookedOnly, 33);
    await waitAwayFromMidnight(['UTC'], 60);
    today = todayIn('UTC');
  });
  afterAll(async () => {
    await haven?.close();
    await mailbox?.close();
  });

  it('plain: saved as usual, the lines and the therapist told in the answer, one mail without the words', async () => {
    const res = await save(sharesWords, today, PLAIN);
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ date: today, mood: 2, reflection: PLAIN });
    expect(res.body.meta).toMatchObject({ created: true, crisis: { matched: 'en-GB', lines: expect.any(Array) }, therapistsTold: [therapistName] });

    const mail = await mailbox.waitFor((m) => JSON.stringify(m.to).includes(therapist.email) && /may need a follow-up/.test(m.subject ?? ''));
    expect(mail.text).toContain(`/wellness/clients/${wordsShareId}`);
    expect(mail.text).toContain('wrote something in a reflection');
    for (const part of [mail.text ?? '', mail.subject ?? '', mail.html || '']) {
      expect(part).not.toContain('kill');
      expect(part).not.toContain('Rough week');
    }
    await settle();
    expect(followUps(therapist)).toHaveLength(1);
    expect(followUps(bookedOnly)).toHaveLength(0);

    // Sealed at rest like every reflection; the row keeps only marks.
    const [row] = await rawEntries(haven, sharesWords.id);
    expect(row.reflection).toMatch(/^hv1\./);
    expect(JSON.stringify(row)).not.toContain('kill');
    expect(row.crisis_at).toBeTruthy();
    expect(row.crisis_notified_at).toBeTruthy();
  });

  it('saving the same day again does not tell the therapist again within a day, and says who knows', async () => {
    const again = await save(sharesWords, today, `${PLAIN} Still.`);
    expect(again.status).toBe(200);
    expect(again.body.meta).toMatchObject({ created: false, crisis: { matched: 'en-GB' }, therapistsTold: [therapistName] });
    await settle();
    expect(followUps(therapist)).toHaveLength(1);

    // A day later (the mark moved back past the window) the same entry tells them once more.
    const table = haven.strapi.db.metadata.get('plugin::wellness.entry').tableName;
    await haven.strapi.db.connection(table).where({ user_id: sharesWords.id, local_date: today }).update({ crisis_notified_at: new Date(Date.now() - 25 * 3600 * 1000) });
    expect((await save(sharesWords, today, PLAIN)).body.meta.therapistsTold).toEqual([therapistName]);
    await mailbox.waitFor(() => followUps(therapist).length === 2);
    await settle();
    expect(followUps(therapist)).toHaveLength(2);
  });

  it('obfuscated (a Cyrillic letter, a zero-width space), through POST: the lines, and the trends-only therapist told', async () => {
    const before = followUps(therapist).length;
    const res = await api.post('/api/wellness/entries', { date: today, mood: 1, reflection: OBFUSCATED }, sharesTrends.jwt);
    expect(res.status).toBe(201);
    expect(res.body.meta).toMatchObject({ created: true, crisis: { lines: expect.any(Array) }, therapistsTold: [therapistName] });
    await mailbox.waitFor(() => followUps(therapist).length === before + 1);
    const mail = followUps(therapist).at(-1)!;
    expect(mail.text).toContain(`/wellness/clients/${trendsShareId}`);
    expect(mail.text).not.toContain('honestly');
    await settle();
    expect(followUps(therapist)).toHaveLength(before + 1);
  });

  it('the therapist sees the flag: the words only where reflections are shared, never on the home list', async () => {
    const words = await client(wordsShareId);
    expect(words.lastCrisisReflection).toMatchObject({ date: today, reflectionShared: true, reflection: PLAIN, at: expect.any(String) });
    const trends = await client(trendsShareId);
    expect(trends.lastCrisisReflection).toEqual({ date: today, at: expect.any(String), reflectionShared: false, reflection: null });
    expect(JSON.stringify(trends)).not.toContain('honestly');
    const list = (await api.get('/api/wellness/clients', therapist.jwt)).body.data;
    expect(JSON.stringify(list)).not.toContain('honestly');

    const home = await flags(therapist);
    expect(home.filter((f) => f.source === 'reflection').map((f) => f.id).sort()).toEqual([wordsShareId, trendsShareId].sort());
    expect(home.every((f) => f.date === today)).toBe(true);
    expect(JSON.stringify(home)).not.toMatch(/kill|honestly|reflection"\s*:\s*"/);
    // The therapist who was only booked, never shared with, sees nothing and got nothing.
    expect(await flags(bookedOnly)).toEqual([]);
    expect(followUps(bookedOnly)).toHaveLength(0);
  });

  it('algospeak ("unalive") gives the lines; with nobody shared with, nobody is named and nobody mailed', async () => {
    const before = mailbox.messages.length;
    const res = await save(sharesNothing, today, ALGOSPEAK, '');
    expect(res.status).toBe(201);
    expect(res.body.meta.crisis).toMatchObject({ lines: expect.any(Array) });
    expect(res.body.meta.therapistsTold).toEqual([]);
    await settle();
    expect(mailbox.messages.length).toBe(before);
  });

  it('a calm reflection: no lines, no mail; calming a crisis entry clears its flag', async () => {
    const before = mailbox.messages.length;
    const calm = await save(sharesWords, addDaysTo(today, -1), CALM);
    expect(calm.status).toBe(201);
    expect(calm.body.meta).toEqual({ created: true, crisis: null });
    const rewritten = await save(sharesTrends, today, CALM);
    expect(rewritten.body.meta).toEqual({ created: false, crisis: null });
    await settle();
    expect(mailbox.messages.length).toBe(before);
    expect((await client(trendsShareId)).lastCrisisReflection).toBeNull();
    expect((await flags(therapist)).filter((f) => f.source === 'reflection').map((f) => f.id)).toEqual([wordsShareId]);
  });

  it('refuses a bad locale with 400 and writes nothing', async () => {
    const day = addDaysTo(today, -5);
    const res = await save(sharesWords, day, PLAIN, '?locale=%3Cscript%3E');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('language tag');
    expect((await api.get(`/api/wellness/entries/${day}`, sharesWords.jwt)).status).toBe(404);
  });

  it('PHQ-9 question 9 goes the same way: one mail to the sharing therapist, and both flags listed', async () => {
    const res = await api.post('/api/wellness/assessments?locale=en-GB', { kind: 'phq9', answers: [1, 1, 1, 1, 1, 1, 1, 1, 1] }, sharesWords.jwt);
    expect(res.status).toBe(201);
    expect(res.body.meta).toMatchObject({ crisis: { matched: 'en-GB' }, therapistsNotified: 1 });
    const mail = await mailbox.waitFor((m) => JSON.stringify(m.to).includes(therapist.email) && /PHQ-9 question 9/.test(m.subject ?? ''));
    expect(mail.text).toContain(`/wellness/clients/${wordsShareId}`);
    const sources = (await flags(therapist)).filter((f) => f.id === wordsShareId).map((f) => f.source).sort();
    expect(sources).toEqual(['phq9', 'reflection']);
  });
});
