import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, createUser, startHaven, type Haven } from '../helpers/haven';

/** The people plugin's contract as other plugins use it (@haven/plugin-people/public), inside the test's Strapi. */
describe('people: who is this person', () => {
  let haven: Haven;
  let people: typeof import('@haven/plugin-people/public').people;
  let client: Awaited<ReturnType<typeof createUser>>;
  let verified: Awaited<ReturnType<typeof createUser>>;
  let pending: Awaited<ReturnType<typeof createUser>>;
  const unknownId = 987_654;

  beforeAll(async () => {
    haven = await startHaven();
    // Required as Strapi requires plugins (the package exports CommonJS only); it reaches the plugin through the global Strapi.
    people = createRequire(__filename)('@haven/plugin-people/public').people;
    client = await createUser(haven, 'client');
    verified = await createUser(haven, 'therapist', { verificationStatus: 'verified' });
    pending = await createUser(haven, 'therapist');
  });
  afterAll(async () => haven?.close());

  const profileOf = (userId: number) => haven.strapi.db.query('api::profile.profile').findOne({ where: { user: { id: userId } } });

  it('serves GET /api/people/health', async () => {
    const res = await apiClient(haven.url).get('/api/people/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ plugin: 'people', status: 'ok' });
  });

  it('many() answers every asked id: profiles, roles and defaults for unknown accounts, no emails', async () => {
    const found = await people.many([client.id, verified.id, unknownId, client.id]);
    expect(found.size).toBe(3);
    const profile = await profileOf(client.id);
    expect(found.get(client.id)).toEqual({ userId: client.id, displayName: profile.displayName, timeZone: 'UTC', role: 'client', blocked: false });
    expect(found.get(verified.id)?.role).toBe('therapist');
    expect(found.get(unknownId)).toEqual({ userId: unknownId, displayName: 'Haven member', timeZone: 'UTC', role: 'authenticated', blocked: false });
    expect(JSON.stringify([...found.values()])).not.toContain('@');
    expect((await people.many([])).size).toBe(0);
  });

  it('one() reads a valid zone and falls back to UTC for an invalid stored one', async () => {
    const profile = await profileOf(client.id);
    await haven.strapi.db.query('api::profile.profile').update({ where: { id: profile.id }, data: { timeZone: 'Europe/Berlin' } });
    expect((await people.one(client.id)).timeZone).toBe('Europe/Berlin');
    await haven.strapi.db.query('api::profile.profile').update({ where: { id: profile.id }, data: { timeZone: 'Mars/Olympus' } });
    expect((await people.one(client.id)).timeZone).toBe('UTC');
    await haven.strapi.db.query('api::profile.profile').update({ where: { id: profile.id }, data: { timeZone: 'UTC' } });
  });

  it('many() reads more than one chunk of 500 ids', async () => {
    const ids = [client.id, ...Array.from({ length: 1200 }, (_, i) => 100_000 + i)];
    const found = await people.many(ids);
    expect(found.size).toBe(1201);
    expect(found.get(client.id)?.role).toBe('client');
  });

  it('therapists by public id and by account, with their standing', async () => {
    const byId = await people.therapistById(verified.therapistProfile.documentId);
    expect(byId).toMatchObject({ id: verified.therapistProfile.documentId, userId: verified.id, verified: true, blocked: false, inGoodStanding: true, sessionMinutes: 50, rateMinor: 0, currency: 'USD' });
    expect(byId?.displayName).toBe((await profileOf(verified.id)).displayName);
    expect(await people.therapistByUserId(verified.id)).toEqual(byId);
    expect(await people.therapistByUserId(pending.id)).toMatchObject({ verified: false, inGoodStanding: false });
    expect(await people.therapistByUserId(client.id)).toBeNull();
    expect(await people.therapistById('no-such-profile')).toBeNull();
    expect(await people.therapistUserIdById(verified.therapistProfile.documentId)).toBe(verified.id);
    expect(await people.therapistUserIdById('no-such-profile')).toBeNull();
    expect(await people.therapistProfileIds([verified.id, pending.id, client.id])).toEqual(
      new Map([
        [verified.id, verified.therapistProfile.documentId],
        [pending.id, pending.therapistProfile.documentId],
      ]),
    );
    expect(await people.inGoodStanding([verified.id, pending.id, client.id])).toEqual(new Set([verified.id]));
  });

  it('a blocked account: blocked(), out of good standing, and no deliverable email', async () => {
    const other = await createUser(haven, 'therapist', { verificationStatus: 'verified' });
    const unconfirmed = await createUser(haven, 'client');
    await haven.strapi.db.query('plugin::users-permissions.user').update({ where: { id: other.id }, data: { blocked: true } });
    await haven.strapi.db.query('plugin::users-permissions.user').update({ where: { id: unconfirmed.id }, data: { confirmed: false } });
    expect(await people.blocked([other.id, client.id])).toEqual(new Set([other.id]));
    expect(await people.inGoodStanding([other.id, verified.id])).toEqual(new Set([verified.id]));
    expect(await people.therapistByUserId(other.id)).toMatchObject({ verified: true, blocked: true, inGoodStanding: false });
    expect((await people.one(other.id)).blocked).toBe(true);

    const all = await people.emails([client.id, other.id, unconfirmed.id, unknownId]);
    expect(all).toEqual(new Map([[client.id, client.email], [other.id, other.email], [unconfirmed.id, unconfirmed.email]]));
    expect(await people.emails([client.id, other.id, unconfirmed.id], { deliverableOnly: true })).toEqual(new Map([[client.id, client.email]]));
  });

  it('account() gives username and email for staff views', async () => {
    expect(await people.account(client.id)).toEqual({ username: client.username, email: client.email });
    expect(await people.account(unknownId)).toBeNull();
  });
});
