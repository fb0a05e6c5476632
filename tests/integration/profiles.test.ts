import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, createUser, startHaven, type ApiClient, type Haven } from '../helpers/haven';

/** Profiles: each user reads and edits only their own; the public sees verified therapists without licence numbers. */
describe('profiles and privacy', () => {
  let haven: Haven;
  let api: ApiClient;
  beforeAll(async () => {
    haven = await startHaven();
    api = apiClient(haven.url);
  });
  afterAll(async () => haven?.close());

  it('lets a user edit their own display name, pronouns and time zone', async () => {
    const user = await createUser(haven, 'client');
    const res = await api.put('/api/profiles/me', { displayName: 'Kai', pronouns: 'he/him', timeZone: 'Asia/Tokyo' }, user.jwt);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ displayName: 'Kai', pronouns: 'he/him', timeZone: 'Asia/Tokyo', role: 'client' });
    expect((await api.get('/api/profiles/me', user.jwt)).body.data.displayName).toBe('Kai');
  });

  it('gives no way to reach another user\'s profile', async () => {
    const alice = await createUser(haven, 'client');
    const bob = await createUser(haven, 'client');
    await api.put('/api/profiles/me', { displayName: 'Alice Private' }, alice.jwt);
    const bobSees = await api.get('/api/profiles/me', bob.jwt);
    expect(JSON.stringify(bobSees.body)).not.toContain('Alice Private');
    // No id-addressed profile routes exist on the content API.
    const profile = await haven.strapi.db.query('api::profile.profile').findOne({ where: { user: { id: alice.id } } });
    for (const path of [`/api/profiles/${profile.documentId}`, `/api/profiles/${profile.id}`, '/api/profiles', `/api/users/${alice.id}`]) {
      const res = await api.get(path, bob.jwt);
      expect([403, 404, 405], path).toContain(res.status);
      expect(JSON.stringify(res.body)).not.toContain('Alice Private');
    }
    // The profile response never carries the account relation or internal ids.
    const mine = await api.get('/api/profiles/me', alice.jwt);
    expect(Object.keys(mine.body.data).sort()).toEqual(['avatarUrl', 'displayName', 'email', 'pronouns', 'role', 'timeZone', 'username']);
  });

  it('stores an avatar image and refuses other files', async () => {
    const user = await createUser(haven, 'client');
    // A 1×1 transparent PNG.
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
    const form = new FormData();
    form.append('avatar', new Blob([png], { type: 'image/png' }), 'me.png');
    const res = await api.post('/api/profiles/me/avatar', form, user.jwt);
    expect(res.status).toBe(200);
    expect(res.body.data.avatarUrl).toMatch(/^\/uploads\/.+\.png$/);
    const image = await fetch(haven.url + res.body.data.avatarUrl);
    expect(image.status).toBe(200);

    const text = new FormData();
    text.append('avatar', new Blob(['<script>alert(1)</script>'], { type: 'text/html' }), 'evil.html');
    const bad = await api.post('/api/profiles/me/avatar', text, user.jwt);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/PNG, JPEG, WebP or GIF/);
    expect((await api.get('/api/profiles/me', user.jwt)).body.data.avatarUrl).toBe(res.body.data.avatarUrl);
  });

  it('lists only verified therapists, without licence numbers or account details', async () => {
    const verified = await createUser(haven, 'therapist', { verificationStatus: 'verified' });
    const pending = await createUser(haven, 'therapist', { verificationStatus: 'pending' });
    const rejected = await createUser(haven, 'therapist', { verificationStatus: 'rejected' });
    const list = await api.get('/api/therapists?pageSize=100');
    expect(list.status).toBe(200);
    const ids = list.body.data.map((t: any) => t.id);
    expect(ids).toContain(verified.therapistProfile.documentId);
    expect(ids).not.toContain(pending.therapistProfile.documentId);
    expect(ids).not.toContain(rejected.therapistProfile.documentId);
    const text = JSON.stringify(list.body);
    for (const secret of [verified.therapistProfile.licenceNumber, verified.email, verified.username]) expect(text).not.toContain(secret);
    expect(Object.keys(list.body.data[0])).not.toEqual(expect.arrayContaining(['licenceNumber']));

    const one = await api.get(`/api/therapists/${verified.therapistProfile.documentId}`);
    expect(one.status).toBe(200);
    expect(JSON.stringify(one.body)).not.toContain(verified.therapistProfile.licenceNumber);
    expect((await api.get(`/api/therapists/${pending.therapistProfile.documentId}`)).status).toBe(404);
  });

  it('shows a therapist their own licence and sends changed credentials back to verification', async () => {
    const therapist = await createUser(haven, 'therapist', { verificationStatus: 'verified' });
    const mine = await api.get('/api/therapist-profiles/me', therapist.jwt);
    expect(mine.body.data).toMatchObject({ licenceNumber: therapist.therapistProfile.licenceNumber, verificationStatus: 'verified' });

    const bio = await api.put('/api/therapist-profiles/me', { bio: 'Warm and direct.', rateMinor: 9500, currency: 'EUR' }, therapist.jwt);
    expect(bio.status).toBe(200);
    expect(bio.body.data).toMatchObject({ bio: 'Warm and direct.', rateMinor: 9500, currency: 'EUR', verificationStatus: 'verified' });

    const moved = await api.put('/api/therapist-profiles/me', { licenceNumber: 'NEW-12345' }, therapist.jwt);
    expect(moved.body.data.verificationStatus).toBe('pending');
    expect(moved.body.meta.reverification).toBe(true);
    const list = await api.get('/api/therapists?pageSize=100');
    expect(list.body.data.map((t: any) => t.id)).not.toContain(therapist.therapistProfile.documentId);
  });

  it('records who verified a therapist and when', async () => {
    const therapist = await createUser(haven, 'therapist');
    const uid = 'api::therapist-profile.therapist-profile';
    const before = Date.now();
    await haven.strapi.documents(uid).update({ documentId: therapist.therapistProfile.documentId, data: { verificationStatus: 'verified' } });
    const row = await haven.strapi.db.query(uid).findOne({ where: { documentId: therapist.therapistProfile.documentId } });
    expect(row.verifiedBy).toBe('system');
    expect(new Date(row.verifiedAt).getTime()).toBeGreaterThanOrEqual(before - 1000);
    // Saving again without a change of status keeps the original stamp.
    await haven.strapi.documents(uid).update({ documentId: therapist.therapistProfile.documentId, data: { verificationStatus: 'verified', bio: 'x' } });
    const again = await haven.strapi.db.query(uid).findOne({ where: { documentId: therapist.therapistProfile.documentId } });
    expect(again.verifiedAt).toEqual(row.verifiedAt);
  });
});
