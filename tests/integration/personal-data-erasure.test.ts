/**
 * Erasing an account (issue 20) against one real Strapi: the person asks with their password (a wrong
 * one writes nothing), is signed out everywhere and mailed the date; logging in before then cancels it;
 * the worker, run for an instant past the grace period, runs every plugin's hook and deletes the
 * account row, leaving an anonymous record. Then every module's own check, and a generic scan of every
 * table and column of the database and of the upload folder for anything left of the client. Staff
 * schedule (with a reason, in the audit log), erase now and cancel.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, createUser, randomClientAddress, startHaven, type ApiClient, type Haven } from '../helpers/haven';
import { smtpEnv, startMailbox, type Mailbox } from '../helpers/mailbox';
import { createStaff, type Staff } from '../helpers/staff';
import { hourFromNow, therapist as bookingTherapist, type User } from './booking-helpers';
import { bookingPaymentsModule } from './personal-data/booking-payments';
import { chatWellnessModule } from './personal-data/chat-wellness';
import { communityPeopleModule } from './personal-data/community-people';
import { createWorld, type PersonalDataModule, type World } from './personal-data/world';

const MODULES: PersonalDataModule[] = [bookingPaymentsModule, chatWellnessModule, communityPeopleModule];
const ERASURE = 'plugin::privacy.erasure-request';
const USER = 'plugin::users-permissions.user';
const DAY_MS = 86_400_000;
const GRACE_DAYS = 14;
const load = createRequire(__filename);
/** What the other person of a session an erasure cancelled reads (booking's ACCOUNT_CLOSED), and a ban's notice. */
const ACCOUNT_CLOSED = 'Cancelled: the other person closed their Haven account. Nothing is owed; any payment is refunded in full.';
const BANNED = 'Cancelled by Haven: this account can no longer take sessions.';

/**
 * Tables whose rows may name the erased client, each with the reason it is allowed. Nothing else may.
 * (The audit log's entries are staff's record of what staff did; none is written about the world's
 * client in this file, so the log is not exempt here.)
 */
const EXEMPT_TABLES: Record<string, string> = {};

/** What the scan reads of Strapi's metadata: each content type's table and its relations' join columns and tables. */
type JoinColumn = { name: string };
type RelationMeta = { type: string; target?: string; joinColumn?: JoinColumn; joinTable?: { name: string; joinColumn: JoinColumn; inverseJoinColumn: JoinColumn } };
type ModelMeta = { uid: string; tableName: string; attributes?: Record<string, RelationMeta> };

interface Hit {
  table: string;
  column: string;
  why: string;
}

describe('personal data: erasure', () => {
  let haven: Haven;
  let mailbox: Mailbox;
  let api: ApiClient;
  let world: World;
  let admin: Staff;
  let editor: Staff;

  beforeAll(async () => {
    mailbox = await startMailbox();
    // The background worker looks rarely: the test runs due requests itself, at the instant it chooses.
    haven = await startHaven({ env: { ...smtpEnv(mailbox), ERASURE_GRACE_DAYS: String(GRACE_DAYS), ERASURE_WORKER_INTERVAL_MS: '3600000' } });
    api = apiClient(haven.url, { 'x-forwarded-for': randomClientAddress() });
    world = await createWorld(haven);
    for (const module of MODULES) await module.seed(world);
    [admin, editor] = await Promise.all([createStaff(haven, 'super-admin'), createStaff(haven, 'editor')]);
  }, 180_000);
  afterAll(async () => {
    await haven?.close();
    await mailbox?.close();
  });

  const erasureService = () => haven.strapi.plugin('privacy').service('erasure');
  const requestsOf = (userId: number) => haven.strapi.db.query(ERASURE).findMany({ where: { userId } });
  const logIn = (user: User) => apiClient(haven.url, { 'x-forwarded-for': randomClientAddress() }).post('/api/auth/local', { identifier: user.email, password: user.password });
  const staffCall = async (method: string, urlPath: string, token: string, body?: unknown) => {
    const res = await fetch(haven.url + urlPath, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };

  it('refuses a wrong password or a missing community choice with a clear sentence, and writes nothing', async () => {
    const user = await createUser(haven, 'client');
    const wrong = await api.post('/api/privacy/erasure', { password: 'not-my-password', community: 'erase' }, user.jwt);
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.message).toBe('That password is not right');
    const noChoice = await api.post('/api/privacy/erasure', { password: user.password }, user.jwt);
    expect(noChoice.status).toBe(400);
    expect(noChoice.body.error.message).toMatch(/community/i);
    const badChoice = await api.post('/api/privacy/erasure', { password: user.password, community: 'everything' }, user.jwt);
    expect(badChoice.status).toBe(400);
    expect(await requestsOf(user.id)).toHaveLength(0);
    expect((await api.get('/api/privacy/erasure', user.jwt)).body.data).toMatchObject({ state: 'none', dueAt: null });
    // Still signed in: the refresh token works.
    expect((await api.post('/api/auth/refresh', { refreshToken: user.refreshToken })).status).toBe(200);
    expect(await api.post('/api/privacy/erasure', { password: user.password, community: 'erase' })).toMatchObject({ status: 403 });
  });

  it('schedules the grace period ahead, signs out everywhere and mails the date; logging in cancels it and says so once', async () => {
    const user = await createUser(haven, 'client');
    const before = Date.now();
    const asked = await api.post('/api/privacy/erasure', { password: user.password, community: 'keep-as-former-member' }, user.jwt);
    expect(asked.status).toBe(201);
    expect(asked.body.data).toMatchObject({ state: 'scheduled', community: 'keep-as-former-member', cancelledNotice: false });
    const dueAt = Date.parse(asked.body.data.dueAt);
    expect(dueAt).toBeGreaterThanOrEqual(before + GRACE_DAYS * DAY_MS);
    expect(dueAt).toBeLessThan(Date.now() + GRACE_DAYS * DAY_MS + 1000);
    // Every session ended: the refresh token no longer mints access tokens.
    expect((await api.post('/api/auth/refresh', { refreshToken: user.refreshToken })).status).toBeGreaterThanOrEqual(400);
    const mail = await mailbox.waitFor((m) => m.subject === 'Your Haven account will be deleted' && JSON.stringify(m.to).includes(user.email));
    expect(mail.text).toMatch(/Log in before then and the deletion is cancelled/);
    expect(mail.text).toContain(String(new Date(dueAt).getUTCFullYear()));
    // Every session ended, the access token in hand too (so asking twice cannot happen: logging in cancels).
    expect((await api.post('/api/privacy/erasure', { password: user.password, community: 'erase' }, user.jwt)).status).toBe(401);
    expect((await api.get('/api/privacy/erasure', user.jwt)).status).toBe(401);

    const login = await logIn(user);
    expect(login.status).toBe(200);
    const after = await api.get('/api/privacy/erasure', login.body.jwt);
    expect(after.body.data).toMatchObject({ state: 'cancelled', cancelledBy: 'login', cancelledNotice: true, dueAt: null });
    expect((await api.post('/api/privacy/erasure/notice', {}, login.body.jwt)).status).toBe(200);
    expect((await api.get('/api/privacy/erasure', login.body.jwt)).body.data.cancelledNotice).toBe(false);
    // A due pass changes nothing for a cancelled request.
    await erasureService().runDue(new Date(dueAt + DAY_MS));
    expect(await haven.strapi.db.query(USER).count({ where: { id: user.id } })).toBe(1);

    // Asked again from the new session: that session ends too (DELETE with its token is refused), and
    // the next log-in cancels again; with nothing scheduled, DELETE answers 404.
    const again = await api.post('/api/privacy/erasure', { password: user.password, community: 'erase' }, login.body.jwt);
    expect(again.status).toBe(201);
    expect((await api.del('/api/privacy/erasure', login.body.jwt)).status).toBe(401);
    const relogin = await logIn(user);
    expect(relogin.status).toBe(200);
    expect((await api.get('/api/privacy/erasure', relogin.body.jwt)).body.data).toMatchObject({ state: 'cancelled', cancelledBy: 'login' });
    expect((await api.del('/api/privacy/erasure', relogin.body.jwt)).status).toBe(404);
  });

  it("erases the world's client past the grace period: every hook, then the account row; nothing of them left in any table or the upload folder", async () => {
    const { client } = world;
    // An avatar, so the upload folder has a file of theirs.
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
    const form = new FormData();
    form.append('avatar', new Blob([png], { type: 'image/png' }), 'me.png');
    const avatar = await api.post('/api/profiles/me/avatar', form, client.jwt);
    expect(avatar.status).toBe(200);
    const uploadsRoot = haven.strapi.dirs.static.public as string;
    const clientFiles = await uploadedFilesOf(client.id);
    expect(clientFiles.length).toBeGreaterThan(0);
    for (const file of clientFiles) expect(fs.existsSync(path.join(uploadsRoot, file))).toBe(true);

    // An export of theirs waits too: the erasure deletes it (and its sealed archive).
    expect((await api.post('/api/privacy/exports', {}, client.jwt)).status).toBe(202);
    expect(await haven.strapi.db.query('plugin::privacy.export-job').count({ where: { userId: client.id } })).toBe(1);

    const asked = await api.post('/api/privacy/erasure', { password: client.password, community: 'erase' }, client.jwt);
    expect(asked.status).toBe(201);
    const dueAt = Date.parse(asked.body.data.dueAt);

    // Not yet due: nothing runs.
    expect(await erasureService().runDue(new Date(dueAt - 60_000))).toEqual([]);
    expect(await haven.strapi.db.query(USER).count({ where: { id: client.id } })).toBe(1);

    // Two passes at once (as two CMS processes would): the claim lets exactly one of them run it.
    const passes = await Promise.all([erasureService().runDue(new Date(dueAt + 1000)), erasureService().runDue(new Date(dueAt + 1000))]);
    const runs = passes.flat();
    expect(runs).toEqual([expect.objectContaining({ done: true })]);
    expect(await haven.strapi.db.query(USER).count({ where: { id: client.id } })).toBe(0);
    // Idempotent: another pass finds nothing to do.
    expect(await erasureService().runDue(new Date(dueAt + 2000))).toEqual([]);

    // The anonymous record: when and counts per plugin, no account link.
    const record = await haven.strapi.db.query(ERASURE).findOne({ where: { id: runs[0].requestId } });
    expect(record).toMatchObject({ state: 'done', userId: null, owner: null, failedPlugin: null });
    expect(new Date(record.completedAt).getTime()).toBe(dueAt + 1000);
    expect(Object.keys(record.outcome).sort()).toEqual(['account', 'applications', 'booking', 'chat', 'community', 'exports', 'identity', 'library', 'payments', 'people', 'wellness']);
    expect(record.outcome.account).toEqual({ erased: 1 });
    expect(record.outcome.exports).toEqual({ erased: 1 });

    for (const module of MODULES) await module.checkErased(world);

    const hits = await scanDatabase(client);
    expect(hits).toEqual([]);
    for (const file of clientFiles) expect(fs.existsSync(path.join(uploadsRoot, file)), file).toBe(false);
  });

  it('keeps the erased client\'s stripped sessions and payments for ACCOUNTING_RETENTION_YEARS, then deletes them; records still linked to someone stay', async () => {
    const booking = haven.strapi.db.metadata.get('plugin::booking.booking');
    const payment = haven.strapi.db.metadata.get('plugin::payments.payment');
    const knex = haven.strapi.db.connection;
    const col = (meta: { attributes: Record<string, { columnName?: string }> }, attribute: string) => meta.attributes[attribute]?.columnName ?? attribute;
    const count = async (table: string, where: (q: Knex.QueryBuilder) => unknown) => Number((await knex(table).where(where).count({ n: '*' }))[0].n);
    const keptBookings = () => count(booking.tableName, (q) => q.whereNull(col(booking, 'clientUserId')));
    const keptPayments = () => count(payment.tableName, (q) => q.whereNull(col(payment, 'payerUserId')));
    const bystanderBookings = () => count(booking.tableName, (q) => q.where(col(booking, 'clientUserId'), world.bystander.id));
    const kept = { bookings: await keptBookings(), payments: await keptPayments() };
    // The erasure above kept the client's past session and its payment, linked to nobody.
    expect(kept.bookings).toBeGreaterThan(0);
    expect(kept.payments).toBeGreaterThan(0);
    const bystander = await bystanderBookings();
    expect(bystander).toBeGreaterThan(0);

    const retention = haven.strapi.plugin('privacy').service('retention');
    const years = (n: number) => new Date(Date.now() + n * 365.25 * DAY_MS);
    // Nine years on, the law still asks for them.
    const early = await retention.expire(years(9));
    expect(early.deleted.payments).toEqual({ payments: 0, refunds: 0 });
    expect(early.deleted.booking.bookings).toBe(0);
    expect({ bookings: await keptBookings(), payments: await keptPayments() }).toEqual(kept);
    // Eleven years on (the default is ten), they go; the bystander's own sessions stay.
    const late = await retention.expire(years(11));
    expect(late.deleted.payments.payments).toBe(kept.payments);
    expect(late.deleted.booking.bookings).toBe(kept.bookings);
    expect({ bookings: await keptBookings(), payments: await keptPayments() }).toEqual({ bookings: 0, payments: 0 });
    expect(await bystanderBookings()).toBe(bystander);
    // Idempotent.
    expect((await retention.expire(years(11))).deleted.booking.bookings).toBe(0);
  });

  it('stops at a hook that fails, before the account row, records which plugin, and finishes on the retry', async () => {
    const user = await createUser(haven, 'client');
    const asked = await api.post('/api/privacy/erasure', { password: user.password, community: 'erase' }, user.jwt);
    expect(asked.status).toBe(201);
    const dueAt = Date.parse(asked.body.data.dueAt);
    // A real failure: the wellness plugin's table is away while the worker runs.
    const knex = haven.strapi.db.connection;
    await knex.schema.renameTable('wellness_entries', 'wellness_entries_away');
    let failed: { requestId: number; done: boolean; failedPlugin?: string }[] = [];
    try {
      failed = await erasureService().runDue(new Date(dueAt + 1000));
    } finally {
      await knex.schema.renameTable('wellness_entries_away', 'wellness_entries');
    }
    expect(failed).toEqual([{ requestId: expect.any(Number), done: false, failedPlugin: 'wellness' }]);
    expect(await haven.strapi.db.query(USER).count({ where: { id: user.id } })).toBe(1);
    expect(await haven.strapi.db.query(ERASURE).findOne({ where: { id: failed[0].requestId } })).toMatchObject({ state: 'scheduled', userId: user.id, failedPlugin: 'wellness', attempts: 1, owner: null });
    // Retried later, not at once.
    expect(await erasureService().runDue(new Date(dueAt + 2000))).toEqual([]);
    const retried = await erasureService().runDue(new Date(dueAt + 1000 + 5 * 60_000 + 1));
    expect(retried).toEqual([{ requestId: failed[0].requestId, done: true }]);
    expect(await haven.strapi.db.query(USER).count({ where: { id: user.id } })).toBe(0);
    expect(await haven.strapi.db.query(ERASURE).findOne({ where: { id: failed[0].requestId } })).toMatchObject({ state: 'done', userId: null, failedPlugin: null, attempts: 2 });
  });

  it('lets a super admin schedule an erasure with a reason (audit log), erase now, and cancel; editors and bad input are refused with nothing written', async () => {
    const user = await createUser(haven, 'client');
    const forEditor = await staffCall('POST', `/privacy/accounts/${user.id}/erasure`, editor.token, { reason: 'Asked by email' });
    expect(forEditor.status).toBe(403);
    const noReason = await staffCall('POST', `/privacy/accounts/${user.id}/erasure`, admin.token, {});
    expect(noReason.status).toBe(400);
    expect(await requestsOf(user.id)).toHaveLength(0);
    expect((await staffCall('POST', '/privacy/accounts/99999999/erasure', admin.token, { reason: 'Asked by email' })).status).toBe(404);

    const scheduled = await staffCall('POST', `/privacy/accounts/${user.id}/erasure`, admin.token, { reason: 'Asked by email, identity checked' });
    expect(scheduled.status).toBe(201);
    expect(Date.parse(scheduled.body.data.dueAt)).toBeGreaterThan(Date.now() + (GRACE_DAYS - 1) * DAY_MS);
    const status = await staffCall('GET', `/privacy/accounts/${user.id}/erasure`, admin.token);
    expect(status.body.data).toMatchObject({ state: 'scheduled' });
    const entries = await haven.strapi.db.query('plugin::audit.entry').findMany({ where: { action: 'privacy.erasure.schedule' } });
    expect(entries.find((e: { targetId: string }) => e.targetId === String(user.id))).toMatchObject({ reason: 'Asked by email, identity checked', actorKind: 'admin' });

    expect((await staffCall('POST', `/privacy/accounts/${user.id}/erasure/cancel`, admin.token, {})).status).toBe(400);
    const cancelled = await staffCall('POST', `/privacy/accounts/${user.id}/erasure/cancel`, admin.token, { reason: 'They wrote again: keep it' });
    expect(cancelled.status).toBe(200);
    expect((await requestsOf(user.id))[0]).toMatchObject({ state: 'cancelled', cancelledBy: 'staff' });
    expect(await haven.strapi.db.query('plugin::audit.entry').count({ where: { action: 'privacy.erasure.cancel', reason: 'They wrote again: keep it' } })).toBe(1);

    // Erase now (a request staff verified): due at once.
    const now = await staffCall('POST', `/privacy/accounts/${user.id}/erasure`, admin.token, { reason: 'Verified written request', when: 'now' });
    expect(now.status).toBe(201);
    await erasureService().runDue(new Date(Date.now() + 1000));
    await expect.poll(() => haven.strapi.db.query(USER).count({ where: { id: user.id } }), { timeout: 10_000 }).toBe(0);
    expect(await haven.strapi.db.query('plugin::audit.entry').count({ where: { action: 'privacy.erasure.now', reason: 'Verified written request' } })).toBe(1);
  });

  it('limits wrong passwords to 5 per account per 15 minutes (429, a plain sentence); malformed ones are refused unhashed and do not count; nothing is written', async () => {
    const user = await createUser(haven, 'client');
    const ask = (body: unknown) => api.post('/api/privacy/erasure', body, user.jwt);
    // Refused by validation before any hashing: not guesses, so they do not count towards the limit.
    for (const password of ['', 'x'.repeat(201), 12345678, ['a', 'b'], { value: 'a' }, null, true]) {
      const res = await ask({ password, community: 'erase' });
      expect(res.status, JSON.stringify(password)).toBe(400);
      expect(res.body.error.message).toMatch(/password/i);
    }
    expect((await ask({ community: 'erase' })).status).toBe(400);
    // Five wrong ones are each told so.
    for (let i = 0; i < 5; i += 1) {
      const wrong = await ask({ password: `not-my-password-${i}`, community: 'erase' });
      expect(wrong.status).toBe(400);
      expect(wrong.body.error.message).toBe('That password is not right');
    }
    // The sixth waits, and so does the right password: a guess that happens to be right is not told so.
    const limited = await ask({ password: 'not-my-password-5', community: 'erase' });
    expect(limited.status).toBe(429);
    expect(limited.body.error.message).toBe('Too many wrong passwords for this account. For your safety, wait 15 minutes and try again.');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(14 * 60);
    expect(Date.parse(limited.body.error.details.retryAt)).toBeGreaterThan(Date.now() + 14 * 60_000);
    const right = await ask({ password: user.password, community: 'erase' });
    expect(right.status).toBe(429);
    // Nothing was written, and the person is still signed in.
    expect(await requestsOf(user.id)).toHaveLength(0);
    expect((await api.get('/api/privacy/erasure', user.jwt)).body.data).toMatchObject({ state: 'none' });
    expect((await api.post('/api/auth/refresh', { refreshToken: user.refreshToken })).status).toBe(200);
    // Per account: another person's form is not affected.
    const other = await createUser(haven, 'client');
    expect((await api.post('/api/privacy/erasure', { password: 'not-theirs', community: 'erase' }, other.jwt)).status).toBe(400);
    const theirs = await api.post('/api/privacy/erasure', { password: other.password, community: 'erase' }, other.jwt);
    expect(theirs.status).toBe(201);
    expect((await api.del('/api/privacy/erasure', (await logIn(other)).body.jwt)).status).toBe(404);
  });

  it("erases a therapist (keeping community posts as a former member): their profile, application, licence documents and availability go; their client's past session and payment stay, stripped of them; upcoming sessions are cancelled with the account-closed notice", async () => {
    const { applications }: typeof import('@haven/plugin-applications/public') = load('@haven/plugin-applications/public');
    const therapist = await bookingTherapist(haven);
    const client = await createUser(haven, 'client');
    const banned = await createUser(haven, 'client');
    const booking = haven.strapi.plugin('booking');
    const tag = Math.random().toString(36).slice(2, 8);
    const clientName = (await api.get('/api/profiles/me', client.jwt)).body.data.displayName as string;

    // The application's licence document, through the applications contract (as the demo seed stores it).
    const pdf = Buffer.from(`%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% ${tag}\ntrailer << /Root 1 0 R >>\n%%EOF\n`);
    await applications.storeDocument(therapist.id, pdf, `licence-${tag}.pdf`);
    expect(await haven.strapi.db.query('plugin::applications.document').count({ where: { userId: therapist.id } })).toBe(1);
    expect(await haven.strapi.db.query('plugin::booking.availability').count({ where: { therapistUserId: therapist.id } })).toBe(1);

    // A past session, held and paid (the demo's history path).
    const startsAt = new Date(Date.now() - 10 * DAY_MS);
    startsAt.setUTCMinutes(0, 0, 0);
    const past = await booking.service('past-sessions').record({ therapistId: therapist.therapistId, clientUserId: client.id, startsAt, outcome: 'completed' });
    await haven.strapi.plugin('payments').service('past-payments').record({ session: past, createdAt: new Date(startsAt.getTime() - DAY_MS), paidAt: new Date(startsAt.getTime() + 3_600_000) });
    const pastPayment = await haven.strapi.db.query('plugin::payments.payment').findOne({ where: { bookingId: past.id } });
    expect(pastPayment).toMatchObject({ payerUserId: client.id, payeeUserId: therapist.id, status: 'succeeded' });

    // Upcoming: the client's session with them, and another client's (who is then banned: the ban keeps its own notice).
    const upcoming = await api.post('/api/booking/bookings', { therapist: therapist.therapistId, start: hourFromNow(700) }, client.jwt);
    expect(upcoming.status, JSON.stringify(upcoming.body)).toBe(201);
    const bannedSession = await api.post('/api/booking/bookings', { therapist: therapist.therapistId, start: hourFromNow(702) }, banned.jwt);
    expect(bannedSession.status, JSON.stringify(bannedSession.body)).toBe(201);
    await booking.service('events').idle();
    const { booking: contract }: typeof import('@haven/plugin-booking/public') = load('@haven/plugin-booking/public');
    expect(await contract.cancelUpcomingFor(banned.id)).toBe(1);
    const bannedRow = await haven.strapi.db.query('plugin::booking.booking').findOne({ where: { documentId: bannedSession.body.data[0].id } });
    expect(bannedRow).toMatchObject({ status: 'cancelled', cancelledBy: 'system', cancelReason: BANNED });

    // A community post of theirs, to be kept as a former member's.
    const postTitle = `Therapist post ${tag}`;
    const post = await api.post('/api/community/posts', { category: 'general', title: postTitle, body: `Notes on rest ${tag}: small breaks add up.` }, therapist.jwt);
    expect(post.status, JSON.stringify(post.body)).toBe(201);
    const alias = post.body.data.author.alias as string;
    const memberId = (await haven.strapi.db.query('plugin::community.member').findOne({ where: { userId: therapist.id } })).id as number;

    // The client's check-in whose crisis reflection told this therapist (and one other): the client keeps the entry, without the erased therapist's id.
    const today = new Date().toISOString().slice(0, 10);
    expect((await api.put(`/api/wellness/entries/${today}`, { mood: 2 }, client.jwt)).status).toBeLessThan(300);
    await haven.strapi.db.query('plugin::wellness.entry').updateMany({ where: { userId: client.id }, data: { crisisToldIds: [therapist.id, 987654] } });

    const asked = await api.post('/api/privacy/erasure', { password: therapist.password, community: 'keep-as-former-member' }, therapist.jwt);
    expect(asked.status, JSON.stringify(asked.body)).toBe(201);
    const request = (await requestsOf(therapist.id))[0];
    const runs = await erasureService().runDue(new Date(Date.parse(asked.body.data.dueAt) + 1000));
    expect(runs).toContainEqual({ requestId: request.id, done: true });
    await booking.service('events').idle();
    expect(await haven.strapi.db.query(USER).count({ where: { id: therapist.id } })).toBe(0);

    // Their profile (the application with its licence), licence documents, decisions and availability are gone.
    expect(await haven.strapi.db.query('api::therapist-profile.therapist-profile').count({ where: { documentId: therapist.therapistId } })).toBe(0);
    expect(await haven.strapi.db.query('plugin::applications.document').count({ where: { userId: therapist.id } })).toBe(0);
    expect(await haven.strapi.db.query('plugin::applications.decision').count({ where: { userId: therapist.id } })).toBe(0);
    expect(await haven.strapi.db.query('plugin::booking.availability').count({ where: { therapistUserId: therapist.id } })).toBe(0);
    const toldEntry = await haven.strapi.db.query('plugin::wellness.entry').findOne({ where: { userId: client.id } });
    expect(toldEntry.crisisToldIds).toEqual([987654]);

    // The client's past session and its payment stay (the accounting record), linked to the client and to nobody else.
    const pastRow = await haven.strapi.db.query('plugin::booking.booking').findOne({ where: { documentId: past.id } });
    expect(pastRow).toMatchObject({ status: 'completed', clientUserId: client.id, therapistUserId: null, therapistProfileId: null, rateMinor: 9000 });
    expect(await haven.strapi.db.query('plugin::payments.payment').findOne({ where: { id: pastPayment.id } })).toMatchObject({ payerUserId: client.id, payeeUserId: null, amountMinor: 9000, status: 'succeeded' });

    // The upcoming session was cancelled by Haven with the account-closed notice, which the client reads on the session.
    const cancelled = await haven.strapi.db.query('plugin::booking.booking').findOne({ where: { documentId: upcoming.body.data[0].id } });
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelledBy: 'system', cancelReason: ACCOUNT_CLOSED, clientUserId: client.id, therapistUserId: null });
    expect(cancelled.refund).toMatchObject({ kind: 'full', percent: 100 });
    const seen = await api.get(`/api/booking/bookings/${upcoming.body.data[0].id}`, client.jwt);
    expect(seen.status, JSON.stringify(seen.body)).toBe(200);
    expect(seen.body.data).toMatchObject({ status: 'cancelled', cancelReason: ACCOUNT_CLOSED });
    // The ban's notice on the other client's session is untouched by the erasure.
    expect(await haven.strapi.db.query('plugin::booking.booking').findOne({ where: { id: bannedRow.id } })).toMatchObject({ cancelReason: BANNED });

    // The client's own data is intact: they sign in, their profile reads as before.
    const again = await logIn(client);
    expect(again.status).toBe(200);
    expect((await api.get('/api/profiles/me', again.body.jwt)).body.data.displayName).toBe(clientName);

    // Kept as a former member: the post stays readable under "Former member", linked to no account or member.
    expect(await haven.strapi.db.query('plugin::community.member').count({ where: { userId: therapist.id } })).toBe(0);
    const read = await api.get(`/api/community/posts/${post.body.data.id}`, client.jwt);
    expect(read.status).toBe(200);
    expect(read.body.data.title).toBe(postTitle);
    expect(read.body.data.author.alias).toBe('Former member');
    expect(JSON.stringify(read.body)).not.toContain(alias);
    const postRow = await haven.strapi.db.query('plugin::community.post').findOne({ where: { documentId: post.body.data.id } });
    // The post keeps the id of a member row that no longer exists (community's design): no alias, no member, no account behind it.
    expect(postRow).toMatchObject({ authorAlias: null, state: expect.not.stringMatching(/^deleted$/) });
    expect(await haven.strapi.db.query('plugin::community.member').count({ where: { id: memberId } })).toBe(0);
    expect(await haven.strapi.db.query('plugin::community.alias').count({ where: { alias, memberId: { $notNull: true } } })).toBe(0);
  });

  /** Paths (under the public folder) of every upload file attached to the client's profile, with its resized formats. */
  async function uploadedFilesOf(userId: number): Promise<string[]> {
    const profile = await haven.strapi.db.query('api::profile.profile').findOne({ where: { user: { id: userId } }, populate: ['avatar'] });
    const files = profile?.avatar ? [profile.avatar] : [];
    const paths: string[] = [];
    for (const file of files) {
      paths.push(file.url);
      for (const format of Object.values((file.formats ?? {}) as Record<string, { url: string }>)) paths.push(format.url);
    }
    return paths.filter((url) => url.startsWith('/uploads/'));
  }

  /**
   * Every table of the database (from its catalogue) and every column: no text or JSON value contains
   * the client's email or username, and no user-reference column (a users relation's join column,
   * a `*_user_id` column, a link table to up_users) holds the client's id.
   */
  async function scanDatabase(client: User): Promise<Hit[]> {
    const knex = haven.strapi.db.connection;
    const isPg = haven.dbClient === 'postgres';
    const tables: string[] = isPg
      ? (await knex.raw("select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'")).rows.map((r: { table_name: string }) => r.table_name)
      : (await knex.raw("select name from sqlite_master where type = 'table' and name not like 'sqlite_%'")).map((r: { name: string }) => r.name);
    expect(tables.length).toBeGreaterThan(30);

    // Join columns of every relation that points at a site account, from Strapi's own metadata.
    const userColumns = new Map<string, Set<string>>();
    const addUserColumn = (table: string, column: string) => {
      if (!userColumns.has(table)) userColumns.set(table, new Set());
      userColumns.get(table)!.add(column);
    };
    // Join columns of relations to admin-panel users (staff): their ids are another numbering.
    const staffColumns = new Set<string>();
    for (const [, meta] of haven.strapi.db.metadata as Map<string, ModelMeta>) {
      for (const attribute of Object.values(meta.attributes ?? {})) {
        if (attribute.type === 'relation' && attribute.target === 'admin::user') {
          if (attribute.joinTable) staffColumns.add(`${attribute.joinTable.name}.${attribute.joinTable.inverseJoinColumn.name}`);
          if (attribute.joinColumn) staffColumns.add(`${meta.tableName}.${attribute.joinColumn.name}`);
        }
        if (meta.uid === 'admin::user' && attribute.type === 'relation' && attribute.joinTable) staffColumns.add(`${attribute.joinTable.name}.${attribute.joinTable.joinColumn.name}`);
        if (attribute.type !== 'relation' || attribute.target !== USER) continue;
        if (attribute.joinTable) addUserColumn(attribute.joinTable.name, attribute.joinTable.inverseJoinColumn.name);
        if (attribute.joinColumn) addUserColumn(meta.tableName, attribute.joinColumn.name);
      }
      // Relations declared on the account itself (its role, …) keep the account's id in their own join column.
      if (meta.uid === USER) {
        for (const attribute of Object.values(meta.attributes ?? {})) {
          if (attribute.type === 'relation' && attribute.joinTable) addUserColumn(attribute.joinTable.name, attribute.joinTable.joinColumn.name);
        }
      }
    }

    const needles = [client.email.toLowerCase(), client.username.toLowerCase()];
    const hits: Hit[] = [];
    for (const table of tables) {
      if (EXEMPT_TABLES[table]) continue;
      // Strapi's sessions table holds admin-panel sessions too (origin 'admin'), whose user_id numbers staff.
      const rows: Record<string, unknown>[] = table === 'strapi_sessions' ? await knex(table).select('*').whereNot('origin', 'admin') : await knex(table).select('*');
      for (const row of rows) {
        for (const [column, value] of Object.entries(row)) {
          if (value === null || value === undefined) continue;
          const byName = (/(^|_)user_id$/i.test(column) || /^user$/i.test(column)) && !staffColumns.has(`${table}.${column}`);
          if ((byName || userColumns.get(table)?.has(column)) && Number(value) === client.id) hits.push({ table, column, why: `holds the client's id ${client.id}` });
          const text = typeof value === 'string' ? value : Buffer.isBuffer(value) ? '' : typeof value === 'object' ? JSON.stringify(value) : '';
          const lower = text.toLowerCase();
          if (needles.some((needle) => lower.includes(needle))) hits.push({ table, column, why: "contains the client's email or username" });
        }
      }
    }
    return hits;
  }
});
