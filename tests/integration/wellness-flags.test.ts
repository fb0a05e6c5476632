/**
 * GET /api/wellness/flags, the therapist home's "clients who flagged question 9": only clients who share
 * with the asking therapist (a booking, then consent, through the real APIs), only while the share lasts
 * and the therapist is in good standing, decided by each client's latest PHQ-9, and only who and when
 * (never the answers or the score). Clients and visitors are refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, createUser, startHaven, type Haven } from '../helpers/haven';
import { book, share, verifiedTherapist, type SharingTherapist } from './wellness-helpers';

type User = Awaited<ReturnType<typeof createUser>>;

const FLAGGED = [1, 1, 1, 1, 1, 1, 1, 1, 2];
const CLEAR = [1, 1, 1, 1, 1, 1, 1, 1, 0];

describe('GET /api/wellness/flags', () => {
  let haven: Haven;
  let api: ReturnType<typeof apiClient>;
  let therapist: SharingTherapist;
  let otherTherapist: SharingTherapist;
  let sharing: User;
  let notSharing: User;
  let shareId: string;

  const phq9 = async (client: User, answers: number[]) => expect((await api.post('/api/wellness/assessments', { kind: 'phq9', answers }, client.jwt)).status).toBe(201);
  const flags = async (who: User) => {
    const res = await api.get('/api/wellness/flags', who.jwt);
    expect(res.status).toBe(200);
    return res.body.data as Record<string, unknown>[];
  };

  beforeAll(async () => {
    haven = await startHaven();
    api = apiClient(haven.url);
    [therapist, otherTherapist] = [await verifiedTherapist(haven), await verifiedTherapist(haven)];
    [sharing, notSharing] = [await createUser(haven, 'client'), await createUser(haven, 'client')];
    await book(haven, sharing, therapist, 30);
    await book(haven, notSharing, therapist, 31);
    shareId = await share(haven, sharing, therapist);
    await phq9(sharing, FLAGGED);
    await phq9(notSharing, FLAGGED);
  });
  afterAll(async () => haven?.close());

  it('lists a sharing client whose latest PHQ-9 answered item 9 above 0: who and when, nothing of the answers', async () => {
    const list = await flags(therapist);
    expect(list).toHaveLength(1);
    const name = (await api.get('/api/profiles/me', sharing.jwt)).body.data.displayName;
    expect(list[0]).toEqual({ id: shareId, displayName: name, source: 'phq9', date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), takenAt: expect.any(String) });
    // A client who flagged item 9 but does not share with this therapist is not there; another therapist sees no one.
    expect(JSON.stringify(list)).not.toContain((await api.get('/api/profiles/me', notSharing.jwt)).body.data.displayName);
    expect(await flags(otherTherapist)).toEqual([]);
  });

  it('follows the latest PHQ-9: a later 0 on item 9 clears the flag, a new answer above 0 brings it back', async () => {
    await phq9(sharing, CLEAR);
    expect(await flags(therapist)).toEqual([]);
    await phq9(sharing, FLAGGED);
    expect((await flags(therapist)).map((f) => f.id)).toEqual([shareId]);
  });

  it('leaves out blocked clients and answers nothing to a therapist not in good standing', async () => {
    const users = haven.strapi.db.query('plugin::users-permissions.user');
    await users.update({ where: { id: sharing.id }, data: { blocked: true } });
    expect(await flags(therapist)).toEqual([]);
    await users.update({ where: { id: sharing.id }, data: { blocked: false } });
    expect(await flags(therapist)).toHaveLength(1);

    const profiles = haven.strapi.db.query('api::therapist-profile.therapist-profile');
    await profiles.update({ where: { documentId: therapist.therapistId }, data: { verificationStatus: 'more-info' } });
    try {
      expect(await flags(therapist)).toEqual([]);
    } finally {
      await profiles.update({ where: { documentId: therapist.therapistId }, data: { verificationStatus: 'verified' } });
    }
  });

  it('refuses clients (403) and visitors (401 or 403)', async () => {
    expect((await api.get('/api/wellness/flags', sharing.jwt)).status).toBe(403);
    expect([401, 403]).toContain((await api.get('/api/wellness/flags')).status);
  });

  it('is gone when the client stops sharing', async () => {
    expect((await api.del(`/api/wellness/shares/${therapist.therapistId}`, sharing.jwt)).status).toBe(200);
    expect(await flags(therapist)).toEqual([]);
  });
});
