/**
 * The Accounts page's API (plugins/accounts) over HTTP and socket.io against a real Strapi: search,
 * ban (log-in, access and refresh tokens refused, open chat sockets closed within 2 s, upcoming
 * sessions cancelled with a mail to the other party), unban, featuring, site roles, staff
 * invitations, bad input that writes nothing, who may ask, and the audit entries every action leaves.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, createUser, randomClientAddress, startHaven, type ApiClient, type Haven } from '../helpers/haven';
import { smtpEnv, startMailbox, type Mailbox } from '../helpers/mailbox';
import { createStaff, type Staff } from '../helpers/staff';
import { adminToken } from '../helpers/admin';
import { bookedPair, connect, type ChatSocket, type Pair } from './chat-helpers';
import { therapist, type User } from './booking-helpers';

const USER = 'plugin::users-permissions.user';

describe('accounts admin (user management)', () => {
  let haven: Haven;
  let mailbox: Mailbox;
  let api: ApiClient;
  let admin: Staff;
  let editor: Staff;
  let moderator: Staff;
  const sockets: ChatSocket[] = [];

  beforeAll(async () => {
    mailbox = await startMailbox();
    haven = await startHaven({ env: smtpEnv(mailbox) });
    api = apiClient(haven.url);
    [admin, editor, moderator] = await Promise.all([createStaff(haven, 'super-admin'), createStaff(haven, 'editor'), createStaff(haven, 'moderator')]);
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await haven?.close();
    await mailbox?.close();
  });

  const as = (token: string) => ({
    get: (path: string) => fetchJson('GET', path, token),
    post: (path: string, body: unknown) => fetchJson('POST', path, token, body),
    put: (path: string, body: unknown) => fetchJson('PUT', path, token, body),
  });
  async function fetchJson(method: string, path: string, token: string, body?: unknown) {
    const res = await fetch(haven.url + path, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  }
  const auditCount = () => haven.strapi.db.query('plugin::audit.entry').count();
  const entriesFor = async (action: string, targetId: number) =>
    (await as(admin.token).get(`/audit/entries?action=${action}&q=${targetId}`)).body.data.filter((e: { target: { id: string } }) => e.target.id === String(targetId));
  const logIn = (user: User) => apiClient(haven.url, { 'x-forwarded-for': randomClientAddress() }).post('/api/auth/local', { identifier: user.email, password: user.password });

  it('finds site accounts by name, email or username in any case, wildcards taken literally, paged', async () => {
    const client = await createUser(haven, 'client');
    const byEmail = await as(admin.token).get(`/accounts/accounts?q=${encodeURIComponent(client.email.toUpperCase())}`);
    expect(byEmail.status).toBe(200);
    expect(byEmail.body.data).toHaveLength(1);
    expect(byEmail.body.data[0]).toMatchObject({ userId: client.id, email: client.email, username: client.username, role: 'client', blocked: false, therapist: null });
    expect(byEmail.body.data[0].signedUpAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(Object.keys(byEmail.body.data[0]).sort()).toEqual(['blocked', 'confirmed', 'displayName', 'email', 'role', 'signedUpAt', 'therapist', 'userId', 'username']);

    const profile = await haven.strapi.db.query('api::profile.profile').findOne({ where: { user: { id: client.id } } });
    const byName = await as(admin.token).get(`/accounts/accounts?q=${encodeURIComponent(profile.displayName.toLowerCase())}`);
    expect(byName.body.data.map((a: { userId: number }) => a.userId)).toEqual([client.id]);
    for (const wildcard of ['%', 'user%', '!', '%_%']) expect((await as(admin.token).get(`/accounts/accounts?q=${encodeURIComponent(wildcard)}`)).body.meta.pagination.total).toBe(0);

    await createUser(haven, 'therapist');
    const paged = await as(admin.token).get('/accounts/accounts?pageSize=1&page=2');
    expect(paged.body.data).toHaveLength(1);
    expect(paged.body.meta.pagination.total).toBeGreaterThanOrEqual(2);
    const therapists = await as(admin.token).get('/accounts/accounts?role=therapist');
    expect(therapists.body.data.every((a: { role: string; therapist: unknown }) => a.role === 'therapist' && a.therapist)).toBe(true);
  });

  it('bans: log-in, access and refresh tokens refused, chat socket closed within 2 s, upcoming sessions cancelled and the other party told; unban restores log-in', async () => {
    const pair: Pair = await bookedPair(haven, 30);
    const { client } = pair;
    const socket = await connect(haven.url, client.jwt);
    sockets.push(socket);
    const closed = new Promise<number>((resolve) => socket.on('disconnect', () => resolve(Date.now())));
    const before = await auditCount();

    const started = Date.now();
    const ban = await as(admin.token).post(`/accounts/accounts/${client.id}/ban`, { reason: 'Harassing a therapist in chat' });
    expect(ban.status).toBe(200);
    expect(ban.body.data).toMatchObject({ userId: client.id, blocked: true });
    expect(ban.body.meta.cancelledSessions).toBe(1);
    expect((await closed) - started).toBeLessThan(2000);

    const login = await logIn(client);
    expect(login.status).toBeGreaterThanOrEqual(400);
    expect(JSON.stringify(login.body)).toMatch(/blocked/i);
    expect((await api.get('/api/profiles/me', client.jwt)).status).toBe(401);
    expect((await api.post('/api/auth/refresh', { refreshToken: client.refreshToken })).status).toBeGreaterThanOrEqual(400);
    await expect(connect(haven.url, client.jwt)).rejects.toThrow();

    const booking = await haven.strapi.db.query('plugin::booking.booking').findOne({ where: { documentId: pair.bookingId } });
    expect(booking).toMatchObject({ status: 'cancelled', cancelledBy: 'system' });
    const notice = await mailbox.waitFor((m) => JSON.stringify(m.to).includes(pair.therapist.email) && /cancelled/i.test(m.subject ?? ''));
    expect(notice.text).toMatch(/cancelled by Haven/);
    expect(notice.text).not.toContain('Harassing');

    const [entry] = await entriesFor('accounts.ban', client.id);
    expect(entry).toMatchObject({ actor: { kind: 'admin', id: admin.id }, reason: 'Harassing a therapist in chat', target: { type: 'accounts.account' } });
    expect(entry.ip).toEqual(expect.any(String));
    expect(await auditCount()).toBe(before + 1);

    expect((await as(admin.token).post(`/accounts/accounts/${client.id}/ban`, { reason: 'again' })).status).toBe(409);
    const unban = await as(admin.token).post(`/accounts/accounts/${client.id}/unban`, { reason: 'Apologised; first offence' });
    expect(unban.status).toBe(200);
    expect(unban.body.data.blocked).toBe(false);
    expect((await logIn(client)).status).toBe(200);
    expect(await haven.strapi.db.query('plugin::booking.booking').findOne({ where: { documentId: pair.bookingId } })).toMatchObject({ status: 'cancelled' });
    expect(await entriesFor('accounts.unban', client.id)).toHaveLength(1);
  });

  it('features a verified therapist first in the directory, and only a verified one', async () => {
    const [first, second] = [await therapist(haven), await therapist(haven)];
    const pending = await createUser(haven, 'therapist');
    const feature = await as(admin.token).put(`/accounts/accounts/${second.id}/featured`, { featured: true, reason: 'Long-standing, great reviews' });
    expect(feature.status).toBe(200);
    expect(feature.body.data.therapist).toMatchObject({ id: second.therapistId, verificationStatus: 'verified', featured: true });
    const directory = await api.get('/api/therapists?pageSize=100');
    expect(directory.body.data[0]).toMatchObject({ id: second.therapistId, featured: true });
    expect(directory.body.data.find((t: { id: string }) => t.id === first.therapistId).featured).toBe(false);
    expect((await as(admin.token).put(`/accounts/accounts/${pending.id}/featured`, { featured: true, reason: 'Not yet verified' })).status).toBe(409);
    expect(await entriesFor('accounts.feature', second.id)).toHaveLength(1);
  });

  it('changes site roles: a client becomes a therapist (pending until verified), a demoted therapist leaves the directory', async () => {
    const client = await createUser(haven, 'client');
    const promoted = await as(admin.token).put(`/accounts/accounts/${client.id}/role`, { role: 'therapist', reason: 'Registered as client by mistake' });
    expect(promoted.status).toBe(200);
    expect(promoted.body.data).toMatchObject({ role: 'therapist', therapist: null });
    expect((await as(admin.token).put(`/accounts/accounts/${client.id}/role`, { role: 'therapist', reason: 'twice' })).status).toBe(409);

    const listed = await therapist(haven);
    const demoted = await as(admin.token).put(`/accounts/accounts/${listed.id}/role`, { role: 'client', reason: 'Stopped practising' });
    expect(demoted.body.data).toMatchObject({ role: 'client', therapist: { verificationStatus: 'rejected', featured: false } });
    expect((await api.get(`/api/therapists/${listed.therapistId}`)).status).toBe(404);
    const [entry] = await entriesFor('accounts.role', listed.id);
    expect(entry.details).toMatchObject({ from: 'therapist', to: 'client' });
  });

  it('invites an Editor by email; the link lets them register, with the Editor role only', async () => {
    const email = `new-editor-${Date.now()}@test.haven.example`;
    const invite = await as(admin.token).post('/accounts/invitations', { email, firstname: 'Noor', role: 'editor', reason: 'Joins the content team' });
    expect(invite.status).toBe(201);
    expect(invite.body.data).toEqual({ adminUserId: expect.any(Number), email, role: 'editor' });
    const mail = await mailbox.waitFor((m) => JSON.stringify(m.to).includes(email));
    const link = String(mail.text).match(/https?:\/\/\S+\/admin\/auth\/register\?registrationToken=[\w-]+/)?.[0];
    expect(link?.startsWith(haven.url)).toBe(true);
    const registrationToken = new URL(link!).searchParams.get('registrationToken');
    const register = await api.post('/admin/register', { registrationToken, userInfo: { firstname: 'Noor', lastname: 'Editor', password: 'Edit0r-Passw0rd!' } });
    expect(register.status).toBe(200);
    const token = await adminToken(haven.url, email, 'Edit0r-Passw0rd!');
    const roles = (await haven.strapi.db.query('admin::user').findOne({ where: { email }, populate: ['roles'] })).roles.map((r: { code: string }) => r.code);
    expect(roles).toEqual(['strapi-editor']);
    expect((await as(token).get('/accounts/accounts')).status).toBe(403);
    expect((await as(admin.token).post('/accounts/invitations', { email, firstname: 'Noor', role: 'editor', reason: 'Joins the content team' })).status).toBe(409);
    expect(await entriesFor('accounts.invite', invite.body.data.adminUserId)).toHaveLength(1);
  });

  it('refuses bad input with 4xx and writes nothing', async () => {
    const client = await createUser(haven, 'client');
    // An admin-panel account id that is no site account.
    const siteIds = new Set((await haven.strapi.db.query(USER).findMany({ select: ['id'] })).map((u: { id: number }) => u.id));
    let staffOnly = (await haven.strapi.db.query('admin::user').findMany({ select: ['id'] })).map((u: { id: number }) => u.id).find((id: number) => !siteIds.has(id));
    while (staffOnly === undefined) {
      const extra = await createStaff(haven, 'moderator');
      if (!siteIds.has(extra.id)) staffOnly = extra.id;
    }
    const before = await auditCount();
    const cases: [string, string, unknown, number][] = [
      ['POST', `/accounts/accounts/${client.id}/ban`, {}, 400],
      ['POST', `/accounts/accounts/${client.id}/ban`, { reason: 'ab' }, 400],
      ['POST', `/accounts/accounts/${client.id}/ban`, { reason: 'x'.repeat(100_000) }, 400],
      ['POST', `/accounts/accounts/${client.id}/ban`, { reason: 'fine reason', extra: true }, 400],
      ['POST', '/accounts/accounts/99999999/ban', { reason: 'unknown account' }, 404],
      ['POST', '/accounts/accounts/abc/ban', { reason: 'not an id' }, 404],
      ['POST', `/accounts/accounts/${staffOnly}/ban`, { reason: 'a staff account' }, 404],
      ['PUT', `/accounts/accounts/${client.id}/role`, { role: 'admin', reason: 'no such role' }, 400],
      ['PUT', `/accounts/accounts/${client.id}/featured`, { featured: true, reason: 'a client' }, 409],
      ['POST', '/accounts/invitations', { email: 'x@test.haven.example', firstname: 'X', role: 'super-admin', reason: 'too much power' }, 400],
      ['POST', '/accounts/invitations', { email: 'y'.repeat(100_000), firstname: 'Y', role: 'editor', reason: 'huge' }, 400],
      ['GET', `/accounts/accounts?q=${'q'.repeat(500)}`, undefined, 400],
    ];
    for (const [method, path, body, status] of cases) {
      const res = method === 'GET' ? await as(admin.token).get(path) : await fetchJson(method, path, admin.token, body);
      expect([path, res.status]).toEqual([path, status]);
      expect(res.body.error.message).toEqual(expect.any(String));
    }
    expect(await auditCount()).toBe(before);
    expect((await haven.strapi.db.query(USER).findOne({ where: { id: client.id } })).blocked).toBe(false);
    expect((await logIn(client)).status).toBe(200);
  });

  it('answers 403 to the editor and the moderator and 401 to site accounts and strangers', async () => {
    const client = await createUser(haven, 'client');
    for (const staff of [editor, moderator]) {
      expect((await as(staff.token).get('/accounts/accounts')).status).toBe(403);
      expect((await as(staff.token).post(`/accounts/accounts/${client.id}/ban`, { reason: 'not allowed' })).status).toBe(403);
      expect((await as(staff.token).post('/accounts/invitations', { email: 'z@test.haven.example', firstname: 'Z', role: 'editor', reason: 'not allowed' })).status).toBe(403);
    }
    expect((await as(client.jwt).get('/accounts/accounts')).status).toBe(401);
    expect((await as(client.jwt).post(`/accounts/accounts/${client.id}/ban`, { reason: 'self ban' })).status).toBe(401);
    expect((await api.get('/accounts/accounts')).status).toBe(401);
    expect((await haven.strapi.db.query(USER).findOne({ where: { id: client.id } })).blocked).toBe(false);
  });
});
