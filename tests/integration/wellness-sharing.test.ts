/**
 * Sharing by consent, against the real booking plugin: a client shares with a therapist they have a
 * booking with (made through the booking API), the therapist reads trends only while consent lasts,
 * reflections only when included, every change is logged for the client, PHQ-9 item 9 tells the
 * therapist by mail, and sharing without a booking is refused with nothing written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, createUser, startHaven, type Haven } from '../helpers/haven';
import { smtpEnv, startMailbox, type Mailbox } from '../helpers/mailbox';
import { book, verifiedTherapist, type SharingTherapist } from './wellness-helpers';

type User = Awaited<ReturnType<typeof createUser>>;

describe('wellness sharing by consent', () => {
  let haven: Haven;
  let mailbox: Mailbox;
  let api: ReturnType<typeof apiClient>;
  let therapist: SharingTherapist;
  let otherTherapist: SharingTherapist;
  let client: User;
  let stranger: User;
  let shareId: string;

  const shares = (userId: number) => haven.strapi.db.query('plugin::wellness.share').count({ where: { clientUserId: userId } });
  const events = (userId: number) => haven.strapi.db.query('plugin::wellness.consent-event').count({ where: { clientUserId: userId } });

  beforeAll(async () => {
    mailbox = await startMailbox();
    haven = await startHaven({ env: smtpEnv(mailbox) });
    api = apiClient(haven.url);
    therapist = await verifiedTherapist(haven);
    otherTherapist = await verifiedTherapist(haven);
    client = await createUser(haven, 'client');
    stranger = await createUser(haven, 'client');

    await book(haven, client, therapist, 30);

    for (const [date, mood, reflection] of [
      ['2024-09-01', 2, 'Hard day at work; could not focus.'],
      ['2024-09-02', 3, 'Slept better. Called my brother.'],
      ['2024-09-03', 4, null],
    ] as const) {
      expect((await api.put(`/api/wellness/entries/${date}`, { mood, activities: ['work'], reflection }, client.jwt)).status).toBe(201);
    }
    expect((await api.post('/api/wellness/assessments', { kind: 'gad7', answers: [2, 2, 1, 1, 1, 1, 0] }, client.jwt)).status).toBe(201);
  });
  afterAll(async () => {
    await haven?.close();
    await mailbox?.close();
  });

  describe('refused', () => {
    it('without a booking with that therapist: 403 with a clear message, nothing written', async () => {
      const res = await api.put(`/api/wellness/shares/${therapist.therapistId}`, { includeReflections: false }, stranger.jwt);
      expect(res.status).toBe(403);
      expect(res.body.error.message).toContain('only with a therapist you have a booking with');
      expect(await shares(stranger.id)).toBe(0);
      expect(await events(stranger.id)).toBe(0);
      // The client has a booking with one therapist, not the other.
      expect((await api.put(`/api/wellness/shares/${otherTherapist.therapistId}`, {}, client.jwt)).status).toBe(403);
      expect(await shares(client.id)).toBe(0);
    });

    it('for an unknown therapist, a malformed id or a bad body', async () => {
      expect((await api.put('/api/wellness/shares/nosuchtherapist123', {}, client.jwt)).status).toBe(404);
      expect((await api.put('/api/wellness/shares/not-an-id!', {}, client.jwt)).status).toBe(404);
      const bad = await api.put(`/api/wellness/shares/${therapist.therapistId}`, { includeReflections: 'yes' }, client.jwt);
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toContain('includeReflections must be true or false');
      expect(await shares(client.id)).toBe(0);
    });

    it('before consent the therapist sees nothing', async () => {
      expect((await api.get('/api/wellness/clients', therapist.jwt)).body.data).toEqual([]);
    });
  });

  describe('granted and used', () => {
    it('grants consent and records it for the client', async () => {
      const res = await api.put(`/api/wellness/shares/${therapist.therapistId}`, { includeReflections: false }, client.jwt);
      expect(res.status).toBe(200);
      expect(res.body.data).toMatchObject({ therapist: { id: therapist.therapistId }, active: true, includeReflections: false });
      expect(res.body.meta.changed).toBe(true);
      const again = await api.put(`/api/wellness/shares/${therapist.therapistId}`, { includeReflections: false }, client.jwt);
      expect(again.body.meta.changed).toBe(false);

      const overview = (await api.get('/api/wellness/shares', client.jwt)).body.data;
      expect(overview.shares).toEqual([expect.objectContaining({ active: true, includeReflections: false, revokedAt: null })]);
      expect(overview.history.map((e: { action: string }) => e.action)).toEqual(['granted']);
    });

    it('lets the therapist read mood and assessment trends, without reflections', async () => {
      const list = await api.get('/api/wellness/clients', therapist.jwt);
      expect(list.status).toBe(200);
      expect(list.body.data).toHaveLength(1);
      const summary = list.body.data[0];
      expect(summary).toMatchObject({ includeReflections: false, lastEntryDate: '2024-09-03', latest: { gad7: { score: 8, band: 'mild' }, phq9: null } });
      expect(JSON.stringify(summary)).not.toMatch(/"(userId|email|clientUserId)"/);
      shareId = summary.id;

      const stats = await api.get(`/api/wellness/clients/${shareId}/stats?from=2024-09-01&to=2024-09-03`, therapist.jwt);
      expect(stats.status).toBe(200);
      const own = await api.get('/api/wellness/stats?from=2024-09-01&to=2024-09-03', client.jwt);
      expect(stats.body.data.series).toEqual(own.body.data.series);
      expect(stats.body.data.averages.mood).toBe(3);

      const entries = await api.get(`/api/wellness/clients/${shareId}/entries?from=2024-09-01&to=2024-09-03`, therapist.jwt);
      expect(entries.body.meta.reflectionsShared).toBe(false);
      expect(entries.body.data.map((e: { mood: number }) => e.mood)).toEqual([2, 3, 4]);
      expect(entries.body.data.every((e: { reflection: unknown; hasReflection: boolean }) => e.reflection === null && e.hasReflection === false)).toBe(true);
      expect(JSON.stringify(entries.body)).not.toContain('brother');

      const assessments = await api.get(`/api/wellness/clients/${shareId}/assessments`, therapist.jwt);
      expect(assessments.body.data).toEqual([expect.objectContaining({ kind: 'gad7', score: 8 })]);
    });

    it('shows reflections only once the client includes them, and logs the change', async () => {
      const res = await api.put(`/api/wellness/shares/${therapist.therapistId}`, { includeReflections: true }, client.jwt);
      expect(res.body.data.includeReflections).toBe(true);
      const entries = await api.get(`/api/wellness/clients/${shareId}/entries?from=2024-09-01&to=2024-09-03`, therapist.jwt);
      expect(entries.body.meta.reflectionsShared).toBe(true);
      expect(entries.body.data.map((e: { reflection: string | null }) => e.reflection)).toEqual(['Hard day at work; could not focus.', 'Slept better. Called my brother.', null]);
      const history = (await api.get('/api/wellness/shares', client.jwt)).body.data.history;
      expect(history.map((e: { action: string; includeReflections: boolean }) => [e.action, e.includeReflections])).toEqual([
        ['updated', true],
        ['granted', false],
      ]);
    });

    it('never lets another therapist, or the client, through the therapist view', async () => {
      for (const path of ['', '/stats', '/entries', '/assessments']) {
        const res = await api.get(`/api/wellness/clients/${shareId}${path}`, otherTherapist.jwt);
        expect(res.status).toBe(404);
        expect(res.body.error.message).toBe('No such client.');
      }
      expect((await api.get('/api/wellness/clients', otherTherapist.jwt)).body.data).toEqual([]);
      expect((await api.get(`/api/wellness/clients/${shareId}/stats`, client.jwt)).status).toBe(403);
    });

    it('tells the therapist by mail when PHQ-9 item 9 is above 0', async () => {
      const res = await api.post('/api/wellness/assessments?locale=en-US', { kind: 'phq9', answers: [1, 1, 1, 1, 1, 1, 1, 1, 2] }, client.jwt);
      expect(res.status).toBe(201);
      expect(res.body.meta.crisis).toMatchObject({ matched: 'en-US', emergency: '911' });
      expect(res.body.meta.therapistsNotified).toBe(1);
      const mail = await mailbox.waitFor((m) => m.to && JSON.stringify(m.to).includes(therapist.email) && /PHQ-9 question 9/.test(m.subject ?? ''));
      expect(mail.text).toContain('More than half the days');
      expect(mail.text).toContain(`/wellness/clients/${shareId}`);
      expect(mailbox.messages.some((m) => JSON.stringify(m.to).includes(otherTherapist.email))).toBe(false);
      const summary = (await api.get(`/api/wellness/clients/${shareId}`, therapist.jwt)).body.data;
      expect(summary.lastSelfHarmFlag).toMatchObject({ kind: 'phq9', score: 10, selfHarmFlag: true });
    });
  });

  describe('revoked', () => {
    it('ends the therapist\'s access at once, and logs it', async () => {
      const res = await api.del(`/api/wellness/shares/${therapist.therapistId}`, client.jwt);
      expect(res.status).toBe(200);
      expect(res.body.data).toMatchObject({ active: false });
      expect(res.body.data.revokedAt).toBeTruthy();

      expect((await api.get('/api/wellness/clients', therapist.jwt)).body.data).toEqual([]);
      for (const path of ['', '/stats', '/entries', '/assessments']) {
        expect((await api.get(`/api/wellness/clients/${shareId}${path}`, therapist.jwt)).status).toBe(404);
      }
      const overview = (await api.get('/api/wellness/shares', client.jwt)).body.data;
      expect(overview.shares).toEqual([expect.objectContaining({ active: false })]);
      expect(overview.history.map((e: { action: string }) => e.action)).toEqual(['revoked', 'updated', 'granted']);
      expect((await api.del(`/api/wellness/shares/${therapist.therapistId}`, client.jwt)).status).toBe(404);
    });

    it('no longer tells the therapist about item 9', async () => {
      const alerts = () => mailbox.messages.filter((m) => /PHQ-9 question 9/.test(m.subject ?? '')).length;
      const before = alerts();
      expect(before).toBe(1);
      const res = await api.post('/api/wellness/assessments', { kind: 'phq9', answers: [0, 0, 0, 0, 0, 0, 0, 0, 1] }, client.jwt);
      expect(res.body.meta.therapistsNotified).toBe(0);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(alerts()).toBe(before);
    });

    it('can be granted again, as a new consent', async () => {
      const res = await api.put(`/api/wellness/shares/${therapist.therapistId}`, {}, client.jwt);
      expect(res.body.data).toMatchObject({ active: true, includeReflections: false });
      const history = (await api.get('/api/wellness/shares', client.jwt)).body.data.history;
      expect(history.map((e: { action: string }) => e.action)).toEqual(['granted', 'revoked', 'updated', 'granted']);
      const entries = await api.get(`/api/wellness/clients/${shareId}/entries?from=2024-09-01&to=2024-09-03`, therapist.jwt);
      expect(entries.status).toBe(200);
      expect(entries.body.meta.reflectionsShared).toBe(false);
    });
  });
});
