import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, createUser, newAccount, randomClientAddress, startHaven, type Haven } from '../helpers/haven';

/** Bad input to every endpoint Haven adds: a 4xx with a message that names the problem, and nothing written. */
describe('bad input', () => {
  let haven: Haven;
  beforeAll(async () => {
    haven = await startHaven({ env: { AUTH_RATE_LIMIT_MAX: '1000' } });
  });
  afterAll(async () => haven?.close());

  const counts = async () => {
    const q = (uid: string) => haven.strapi.db.query(uid).count();
    return Promise.all(['plugin::users-permissions.user', 'api::profile.profile', 'api::therapist-profile.therapist-profile', 'plugin::upload.file'].map(q));
  };

  const badSignups: [string, Record<string, unknown>, RegExp][] = [
    ['an unknown time zone', { timeZone: 'Mars/Olympus' }, /timeZone must be an IANA time zone/],
    ['a time zone of the wrong type', { timeZone: 42 }, /timeZone/],
    ['an unknown account type', { accountType: 'admin' }, /accountType/],
    ['HTML in the display name', { displayName: '<img src=x onerror=alert(1)>' }, /displayName must not contain < or >/],
    ['an oversize display name', { displayName: 'x'.repeat(81) }, /displayName must be at most 80 characters/],
    ['an unexpected field', { role: 1 }, /Invalid parameters: role/],
    ['a therapist without a licence', { accountType: 'therapist' }, /licenceNumber/],
    ['a therapist with a malformed expiry', { accountType: 'therapist', licenceNumber: 'ABC-123', licenceJurisdiction: 'Ohio', licenceExpiry: 'next year' }, /licenceExpiry must be a date as YYYY-MM-DD/],
    ['a client with licence details', { accountType: 'client', licenceNumber: 'ABC-123' }, /only for therapist accounts/],
    ['a malformed email', { email: 'not-an-email' }, /email/],
    ['a short password', { password: '123' }, /password/],
  ];

  it.each(badSignups)('refuses a sign-up with %s', async (_label, overrides, message) => {
    const before = await counts();
    const res = await apiClient(haven.url, { 'x-forwarded-for': randomClientAddress() }).post('/api/auth/local/register', newAccount(overrides));
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(message);
    expect(await counts()).toEqual(before);
  });

  it('refuses a sign-up that is not a JSON object', async () => {
    const res = await fetch(`${haven.url}/api/auth/local/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '[1,2]' });
    expect(res.status).toBe(400);
  });

  const badProfiles: [string, unknown, RegExp][] = [
    ['an unknown time zone', { timeZone: 'Europe/Atlantis' }, /timeZone must be an IANA time zone/],
    ['an empty display name', { displayName: '   ' }, /displayName is required/],
    ['markup in pronouns', { pronouns: '<b>they</b>' }, /pronouns must not contain/],
    ['a field that is not editable', { email: 'someone@else.example' }, /unknown field\(s\): email/],
    ['a role change', { role: 'therapist' }, /unknown field\(s\): role/],
    ['a list instead of an object', ['displayName'], /expected object/i],
  ];

  it.each(badProfiles)('refuses a profile update with %s and keeps the profile', async (_label, body, message) => {
    const user = await createUser(haven, 'client');
    const api = apiClient(haven.url);
    const before = (await api.get('/api/profiles/me', user.jwt)).body.data;
    const res = await api.put('/api/profiles/me', body, user.jwt);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(message);
    expect((await api.get('/api/profiles/me', user.jwt)).body.data).toEqual(before);
  });

  it('refuses an avatar upload without a file or with an oversize one', async () => {
    const user = await createUser(haven, 'client');
    const api = apiClient(haven.url);
    const before = await counts();
    const empty = await api.post('/api/profiles/me/avatar', new FormData(), user.jwt);
    expect(empty.status).toBe(400);
    expect(empty.body.error.message).toMatch(/multipart form field "avatar"/);
    const big = new FormData();
    big.append('avatar', new Blob([Buffer.alloc(2 * 1024 * 1024 + 10)], { type: 'image/png' }), 'big.png');
    const tooBig = await api.post('/api/profiles/me/avatar', big, user.jwt);
    expect(tooBig.status).toBe(400);
    expect(tooBig.body.error.message).toMatch(/at most 2 MB/);
    expect(await counts()).toEqual(before);
  });

  const badPractice: [string, unknown, RegExp][] = [
    ['a fractional rate', { rateMinor: 99.5 }, /rateMinor must be a whole number of minor units/],
    ['a negative rate', { rateMinor: -1 }, /rateMinor/],
    ['a lower-case currency', { currency: 'usd' }, /currency must be an ISO 4217 code/],
    ['a 5-minute session', { sessionLengthMinutes: 5 }, /sessionLengthMinutes/],
    ['a self-verification', { verificationStatus: 'verified' }, /unknown field\(s\): verificationStatus/],
    ['too many specialties', { specialties: Array.from({ length: 21 }, (_, i) => `s${i}`) }, /specialties must list at most 20 items/],
    ['a script in the bio', { bio: '<script>alert(1)</script>' }, /bio must not contain/],
  ];

  it.each(badPractice)('refuses a therapist practice update with %s and keeps the profile', async (_label, body, message) => {
    const therapist = await createUser(haven, 'therapist');
    const api = apiClient(haven.url);
    const before = (await api.get('/api/therapist-profiles/me', therapist.jwt)).body.data;
    const res = await api.put('/api/therapist-profiles/me', body, therapist.jwt);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(message);
    expect((await api.get('/api/therapist-profiles/me', therapist.jwt)).body.data).toEqual(before);
  });

  it.each([
    ['page=0', /page/],
    ['pageSize=1000', /pageSize/],
    ['page=abc', /page/],
  ])('refuses a directory page with %s', async (query, message) => {
    const res = await apiClient(haven.url).get(`/api/therapists?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(message);
  });

  it.each(["1' OR '1'='1", '../../etc/passwd', 'x'.repeat(500)])('answers 404, not 5xx, for a therapist id like %s', async (id) => {
    const res = await apiClient(haven.url).get(`/api/therapists/${encodeURIComponent(id)}`);
    expect(res.status).toBe(404);
    expect(res.body.error.message).toBe('No such therapist');
  });
});
