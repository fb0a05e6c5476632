import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, createUser, startHaven, type Haven } from '../helpers/haven';
import { smtpEnv, startMailbox, type Mailbox } from '../helpers/mailbox';
import { bookingCount, hourFromNow, therapist, type User } from './booking-helpers';
import { enrolTwoFactor } from '../helpers/two-factor';

/**
 * Lifetimes of a therapist's standing: when staff withdraw a verification (back to pending, or
 * rejected) or suspend the account (blocked), the therapist reads no client's shared wellness data
 * any more (their views answer as if nobody shared: an empty list, 404 "No such client."), gets no
 * PHQ-9 item 9 mail, takes no new bookings (409 with a kind message) and leaves the directory. The
 * consent stays recorded and existing bookings stay as they are, so everything returns when they are
 * verified (or unblocked) again.
 */
describe('a therapist\'s standing ends their access', () => {
  let haven: Haven;
  let mailbox: Mailbox;
  let api: ReturnType<typeof apiClient>;
  let hour = 30;
  const PROFILE = 'api::therapist-profile.therapist-profile';
  const USER = 'plugin::users-permissions.user';

  beforeAll(async () => {
    mailbox = await startMailbox();
    haven = await startHaven({ env: { ...smtpEnv(mailbox), BOOKING_REMINDER_POLL_MS: '3600000', BOOKING_CALENDAR_POLL_MS: '3600000' } });
    api = apiClient(haven.url);
  });
  afterAll(async () => {
    await haven?.close();
    await mailbox?.close();
  });

  type Change = 'pending' | 'rejected' | 'blocked';
  async function withdraw(t: { id: number; therapistId: string }, change: Change) {
    if (change === 'blocked') await haven.strapi.db.query(USER).update({ where: { id: t.id }, data: { blocked: true } });
    else await haven.strapi.documents(PROFILE).update({ documentId: t.therapistId, data: { verificationStatus: change } });
  }
  async function restore(t: { id: number; therapistId: string }, change: Change) {
    if (change === 'blocked') await haven.strapi.db.query(USER).update({ where: { id: t.id }, data: { blocked: false } });
    else await haven.strapi.documents(PROFILE).update({ documentId: t.therapistId, data: { verificationStatus: 'verified' } });
  }

  /** What the therapist sees of their shared clients: through the API, and through the service (a blocked account cannot sign in at all). */
  async function visible(t: User) {
    const clients = haven.strapi.plugin('wellness').service('clients');
    return (await clients.list(t.id)).map((c: { id: string }) => c.id);
  }

  for (const change of ['pending', 'rejected', 'blocked'] as const) {
    it(`withdrawn (${change}): no shared data, no item 9 mail, no new bookings, not listed; the consent and the booking stay; restored: all back`, async () => {
      const t = await therapist(haven, { rateMinor: 5000 });
      // Clients' shared data needs two-step sign-in (the rule under test here is the therapist's standing).
      await enrolTwoFactor(haven, t);
      const client = await createUser(haven, 'client');
      const waiting = await createUser(haven, 'client');
      const booked = await api.post('/api/booking/bookings', { therapist: t.therapistId, start: hourFromNow((hour += 2)) }, client.jwt);
      expect(booked.status).toBe(201);
      const bookingId = booked.body.data[0].id;
      expect((await api.post('/api/booking/bookings', { therapist: t.therapistId, start: hourFromNow((hour += 2)) }, waiting.jwt)).status).toBe(201);
      expect((await api.put('/api/wellness/entries/2024-09-01', { mood: 3, activities: ['work'], reflection: 'A quiet day.' }, client.jwt)).status).toBe(201);
      expect((await api.put(`/api/wellness/shares/${t.therapistId}`, { includeReflections: true }, client.jwt)).status).toBe(200);
      const list = await api.get('/api/wellness/clients', t.jwt);
      expect(list.body.data).toHaveLength(1);
      const shareId = list.body.data[0].id;
      expect(await visible(t)).toEqual([shareId]);

      await withdraw(t, change);

      // Shared data: as if nobody shared.
      expect(await visible(t)).toEqual([]);
      await expect(haven.strapi.plugin('wellness').service('clients').findOne(t.id, shareId)).rejects.toMatchObject({ status: 404, message: 'No such client.' });
      await expect(haven.strapi.plugin('wellness').service('clients').entries(t.id, shareId, {})).rejects.toMatchObject({ status: 404 });
      if (change === 'blocked') {
        expect((await api.get('/api/wellness/clients', t.jwt)).status).toBe(401);
      } else {
        expect((await api.get('/api/wellness/clients', t.jwt)).body.data).toEqual([]);
        for (const path of ['', '/stats', '/entries?from=2024-09-01&to=2024-09-03', '/assessments']) {
          const res = await api.get(`/api/wellness/clients/${shareId}${path}`, t.jwt);
          expect(res.status, path).toBe(404);
          expect(res.body.error.message).toBe('No such client.');
        }
      }
      // The consent itself stays, and the client still sees it.
      expect(await haven.strapi.db.query('plugin::wellness.share').count({ where: { documentId: shareId, active: true } })).toBe(1);
      expect((await api.get('/api/wellness/shares', client.jwt)).body.data.shares).toEqual([expect.objectContaining({ active: true, therapist: expect.objectContaining({ id: t.therapistId }) })]);
      // PHQ-9 item 9: the therapist is not told.
      const phq = await api.post('/api/wellness/assessments', { kind: 'phq9', answers: [0, 0, 0, 0, 0, 0, 0, 0, 1] }, client.jwt);
      expect(phq.body.meta.therapistsNotified).toBe(0);
      // A client with a booking cannot start sharing with them now.
      const grant = await api.put(`/api/wellness/shares/${t.therapistId}`, {}, waiting.jwt);
      expect(grant.status).toBe(403);
      expect(grant.body.error.message).toContain('cannot receive shared wellness data at the moment');
      expect(await haven.strapi.db.query('plugin::wellness.share').count({ where: { clientUserId: waiting.id } })).toBe(0);

      // No new bookings, said kindly; nothing written.
      const before = await bookingCount(haven, { therapistUserId: t.id });
      for (const who of [client, waiting, await createUser(haven, 'client')]) {
        const res = await api.post('/api/booking/bookings', { therapist: t.therapistId, start: hourFromNow((hour += 2)) }, who.jwt);
        expect(res.status).toBe(409);
        expect(res.body.error.details.reason).toBe('not_accepting');
        expect(res.body.error.message).toContain('not taking new bookings at the moment');
        expect(res.body.error.message).toContain('Sessions you already have with them are not affected');
      }
      expect(await bookingCount(haven, { therapistUserId: t.id })).toBe(before);
      // Not listed, no free times.
      expect((await api.get(`/api/therapists/${t.therapistId}`)).status).toBe(404);
      expect((await api.get('/api/therapists?pageSize=100')).body.data.map((x: { id: string }) => x.id)).not.toContain(t.therapistId);
      const day = hourFromNow(hour).slice(0, 10);
      expect((await api.get(`/api/booking/therapists/${t.therapistId}/slots?from=${day}&to=${day}`)).status).toBe(404);
      // The existing booking stays as it was.
      expect((await api.get(`/api/booking/bookings/${bookingId}`, client.jwt)).body.data).toMatchObject({ status: 'confirmed', canCancel: true });

      await restore(t, change);

      expect(await visible(t)).toEqual([shareId]);
      const back = await api.get(`/api/wellness/clients/${shareId}/entries?from=2024-09-01&to=2024-09-03`, t.jwt);
      expect(back.status).toBe(200);
      expect(back.body.data.map((e: { reflection: string | null }) => e.reflection)).toEqual(['A quiet day.']);
      expect((await api.post('/api/wellness/assessments', { kind: 'phq9', answers: [0, 0, 0, 0, 0, 0, 0, 0, 1] }, client.jwt)).body.meta.therapistsNotified).toBe(1);
      expect((await api.post('/api/booking/bookings', { therapist: t.therapistId, start: hourFromNow((hour += 2)) }, client.jwt)).status).toBe(201);
      expect((await api.get('/api/therapists?pageSize=100')).body.data.map((x: { id: string }) => x.id)).toContain(t.therapistId);
      expect((await api.put(`/api/wellness/shares/${t.therapistId}`, {}, waiting.jwt)).status).toBe(200);
    });
  }

  it('a therapist who was never verified cannot be booked (409, kind message) and cannot receive shares', async () => {
    const pending = await therapist(haven, { verified: false });
    const client = await createUser(haven, 'client');
    const res = await api.post('/api/booking/bookings', { therapist: pending.therapistId, start: hourFromNow((hour += 2)) }, client.jwt);
    expect(res.status).toBe(409);
    expect(res.body.error.details.reason).toBe('not_accepting');
    expect((await api.post('/api/booking/bookings', { therapist: 'nosuchtherapist1', start: hourFromNow(hour) }, client.jwt)).status).toBe(404);
    expect((await api.put(`/api/wellness/shares/${pending.therapistId}`, {}, client.jwt)).status).toBe(403);
  });
});
