import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, createUser, startHaven, type ApiClient, type Haven } from '../helpers/haven';
import { smtpEnv, startMailbox, type Mailbox } from '../helpers/mailbox';
import { QUIET } from './payments-helpers';
import { ADMIN, AUDIT_UID, applicant, dayFromToday, footprint, staffClient, type Applicant, type StaffClient } from './applications-helpers';

const sentTo = (address: string) => (mail: { to?: unknown }) => JSON.stringify(mail.to ?? '').toLowerCase().includes(address.toLowerCase());

/**
 * Therapist applications (issue 17, item 2): staff list them by tab with flags, approve, reject or ask
 * for more with a message mailed to the applicant and an audit entry; bad decisions write nothing;
 * only super admins see any of it; an expired licence hides a therapist from the directory and is
 * told once; a renewal lists them again.
 */
describe('therapist applications', () => {
  let haven: Haven;
  let mailbox: Mailbox;
  let api: ApiClient;
  let admin: StaffClient;
  let editor: StaffClient;
  let moderator: StaffClient;

  beforeAll(async () => {
    mailbox = await startMailbox();
    haven = await startHaven({ env: { ...QUIET, ...smtpEnv(mailbox) } });
    api = apiClient(haven.url);
    [admin, editor, moderator] = await Promise.all([staffClient(haven, 'super-admin'), staffClient(haven, 'editor'), staffClient(haven, 'moderator')]);
  });
  afterAll(async () => {
    await haven?.close();
    await mailbox?.close();
  });

  const listed = async (profileId: string) => (await api.get('/api/therapists?pageSize=100')).body.data.some((t: { id: string }) => t.id === profileId);
  const tab = async (name: string, query = '') => {
    const res = await admin.api.get(`${ADMIN}?tab=${name}&pageSize=100${query}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body as { data: any[]; meta: { counts: Record<string, number>; pagination: { total: number; pageCount: number } } };
  };
  const decide = (profileId: string, body: Record<string, unknown>, client = admin.api) => client.post(`${ADMIN}/${profileId}/decision`, body);

  it('lists waiting, approved, rejected and expiring applications with duplicate, expired and expiring flags', async () => {
    const first = await applicant(haven, { licenceNumber: 'DUP-777', licenceJurisdiction: 'Ontario' });
    // The same licence in other letters' case is the same licence.
    const second = await applicant(haven, { licenceNumber: 'dup-777', licenceJurisdiction: 'ONTARIO' });
    const expired = await applicant(haven, { verificationStatus: 'verified', licenceExpiry: dayFromToday(-1) });
    const soon = await applicant(haven, { verificationStatus: 'verified', licenceExpiry: dayFromToday(10) });
    const current = await applicant(haven, { verificationStatus: 'verified', licenceExpiry: dayFromToday(400) });
    const rejected = await applicant(haven, { verificationStatus: 'rejected' });

    const waiting = await tab('waiting');
    const byId = new Map(waiting.data.map((a) => [a.id, a]));
    for (const who of [first, second]) {
      expect(byId.get(who.therapistProfile.documentId)).toMatchObject({ status: 'pending', email: who.email, licenceJurisdiction: expect.any(String), flags: { duplicate: true, sharedWith: 1, expired: false, expiringSoon: false }, document: null });
    }
    const one = byId.get(first.therapistProfile.documentId);
    expect(one).toMatchObject({ licenceNumber: 'DUP-777', licenceExpiry: '2030-01-01', waitingDays: 0 });
    expect(one.displayName).toMatch(/^Tester /);
    expect(Date.parse(one.submittedAt)).toBeGreaterThan(Date.now() - 120_000);
    expect(Object.keys(one)).not.toContain('userId');

    const expiring = await tab('expiring');
    expect(expiring.data.map((a) => a.id)).toEqual([expired.therapistProfile.documentId, soon.therapistProfile.documentId]);
    expect(expiring.data[0].flags).toMatchObject({ expired: true, expiringSoon: false, duplicate: false });
    expect(expiring.data[1].flags).toMatchObject({ expired: false, expiringSoon: true });
    const approved = (await tab('approved')).data.map((a) => a.id);
    expect(approved).toEqual(expect.arrayContaining([expired, soon, current].map((t) => t.therapistProfile.documentId)));
    expect((await tab('rejected')).data.map((a) => a.id)).toEqual([rejected.therapistProfile.documentId]);
    expect(waiting.meta.counts).toEqual({ waiting: waiting.data.length, approved: approved.length, rejected: 1, expiring: 2 });

    // Paging: one per page, every waiting application exactly once.
    const seen: string[] = [];
    for (let page = 1; page <= waiting.meta.counts.waiting; page++) {
      const res = await admin.api.get(`${ADMIN}?tab=waiting&page=${page}&pageSize=1`);
      expect(res.body.meta.pagination).toMatchObject({ page, pageSize: 1, total: waiting.meta.counts.waiting });
      seen.push(...res.body.data.map((a: { id: string }) => a.id));
    }
    expect(seen).toEqual(waiting.data.map((a) => a.id));
  });

  it('approves: the therapist is listed in the directory, mailed the message, and the decision is audited', async () => {
    const who = await applicant(haven);
    const id = who.therapistProfile.documentId;
    expect(await listed(id)).toBe(false);
    const res = await decide(id, { decision: 'approve', message: 'Welcome to Haven, your licence checks out.', reason: 'Licence confirmed with the Testland register' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.meta).toEqual({ mailed: true });
    expect(res.body.data).toMatchObject({ id, status: 'verified', verifiedBy: `Test super-admin`, decisions: [{ decision: 'approve', message: 'Welcome to Haven, your licence checks out.', decidedBy: 'Test super-admin' }] });
    expect(await listed(id)).toBe(true);
    expect((await api.get(`/api/therapists/${id}`)).status).toBe(200);

    const mail = await mailbox.waitFor(sentTo(who.email));
    expect(mail.subject).toMatch(/approved/i);
    expect(mail.text).toContain('Welcome to Haven, your licence checks out.');
    const entries = await haven.strapi.db.query(AUDIT_UID).findMany({ where: { targetId: id } });
    expect(entries).toEqual([expect.objectContaining({ action: 'applications.approve', actorKind: 'admin', actorId: admin.id, targetType: 'applications.application', reason: 'Licence confirmed with the Testland register' })]);
    // The applicant sees the message on their own page.
    const mine = await api.get('/api/applications/mine', who.jwt);
    expect(mine.body.data).toMatchObject({ status: 'verified', lastDecision: { decision: 'approve', message: 'Welcome to Haven, your licence checks out.' } });
    expect(JSON.stringify(mine.body)).not.toContain(who.therapistProfile.licenceNumber);

    // Deciding again is a wrong transition: 409, nothing more written.
    const before = await footprint(haven, id);
    expect((await decide(id, { decision: 'reject', message: 'No', reason: 'Changed my mind' })).status).toBe(409);
    expect(await footprint(haven, id)).toEqual(before);
  });

  it('rejects with a message, and asks for more (the applicant answers with a document and waits again)', async () => {
    const refused = await applicant(haven);
    const res = await decide(refused.therapistProfile.documentId, { decision: 'reject', message: 'The licence number is not in the register.', reason: 'Register lookup failed' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.data.status).toBe('rejected');
    expect((await mailbox.waitFor(sentTo(refused.email))).text).toContain('The licence number is not in the register.');
    expect(await listed(refused.therapistProfile.documentId)).toBe(false);

    const asked = await applicant(haven);
    const id = asked.therapistProfile.documentId;
    const more = await decide(id, { decision: 'more-info', message: 'Please upload a scan of your licence.', reason: 'No document yet' });
    expect(more.status, JSON.stringify(more.body)).toBe(200);
    expect(more.body.data.status).toBe('more-info');
    expect((await mailbox.waitFor(sentTo(asked.email))).text).toContain('Please upload a scan of your licence.');
    expect(await listed(id)).toBe(false);
    // more-info is not verified anywhere: no slots, no booking.
    expect((await api.get(`/api/booking/therapists/${id}/slots?from=${dayFromToday(1)}&to=${dayFromToday(8)}`)).status).toBe(404);
    // Asking twice is a wrong transition.
    expect((await decide(id, { decision: 'more-info', message: 'Again?', reason: 'Again' })).status).toBe(409);

    const form = new FormData();
    form.append('document', new Blob([new Uint8Array(Buffer.from('%PDF-1.4\n%%EOF\n'))], { type: 'application/pdf' }), 'licence.pdf');
    const upload = await api.post('/api/applications/mine/document', form, asked.jwt);
    expect(upload.status, JSON.stringify(upload.body)).toBe(200);
    expect(upload.body.data).toMatchObject({ status: 'pending', document: { fileName: 'licence.pdf', mime: 'application/pdf' } });
    const detail = await admin.api.get(`${ADMIN}/${id}`);
    expect(detail.body.data).toMatchObject({ status: 'pending', document: { mime: 'application/pdf' } });
    expect(detail.body.data.decisions.map((d: { decision: string }) => d.decision)).toEqual(['more-info']);
  });

  it('refuses bad decisions with a 4xx and writes nothing', async () => {
    const who = await applicant(haven);
    const id = who.therapistProfile.documentId;
    const before = await footprint(haven, id);
    const bad: [Record<string, unknown>, number, RegExp][] = [
      [{ decision: 'approve', reason: 'ok' }, 400, /message/],
      [{ decision: 'approve', message: '   ', reason: 'ok' }, 400, /message must not be empty/],
      [{ decision: 'approve', message: 'Welcome' }, 400, /reason/],
      [{ decision: 'promote', message: 'Welcome', reason: 'ok' }, 400, /decision must be one of/],
      [{ decision: 'approve', message: 'x'.repeat(4001), reason: 'ok' }, 400, /message must be at most 4000/],
      [{ decision: 'approve', message: 'Welcome', reason: 'ok', status: 'verified' }, 400, /unknown field/],
    ];
    for (const [body, status, message] of bad) {
      const res = await decide(id, body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(res.body.error.message).toMatch(message);
    }
    expect((await decide('nosuchapplication0000000', { decision: 'approve', message: 'Hi', reason: 'ok' })).status).toBe(404);
    expect((await admin.api.get(`${ADMIN}/nosuchapplication0000000`)).status).toBe(404);
    expect((await admin.api.get(`${ADMIN}?tab=everyone`)).status).toBe(400);
    expect((await admin.api.get(`${ADMIN}?pageSize=1000`)).status).toBe(400);
    // An expired licence is not approved.
    const lapsed = await applicant(haven, { licenceExpiry: dayFromToday(-3) });
    const lapsedBefore = await footprint(haven, lapsed.therapistProfile.documentId);
    const refused = await decide(lapsed.therapistProfile.documentId, { decision: 'approve', message: 'Welcome', reason: 'ok' });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/expired/);
    expect(await footprint(haven, lapsed.therapistProfile.documentId)).toEqual(lapsedBefore);
    expect(await footprint(haven, id)).toEqual(before);
    expect(mailbox.messages.filter(sentTo(who.email))).toHaveLength(0);
  });

  it('is for super admins only: editors and moderators get 403, site accounts and visitors 401', async () => {
    const who = await applicant(haven);
    const id = who.therapistProfile.documentId;
    const before = await footprint(haven, id);
    const client = await createUser(haven, 'client');
    const decision = { decision: 'approve', message: 'Welcome', reason: 'ok' };
    for (const staff of [editor, moderator]) {
      expect((await staff.api.get(`${ADMIN}?tab=waiting`)).status).toBe(403);
      expect((await staff.api.get(`${ADMIN}/${id}`)).status).toBe(403);
      expect((await staff.api.get(`${ADMIN}/${id}/document`)).status).toBe(403);
      expect((await decide(id, decision, staff.api)).status).toBe(403);
    }
    for (const jwt of [undefined, client.jwt, who.jwt]) {
      expect((await api.get(`${ADMIN}?tab=waiting`, jwt)).status).toBe(401);
      expect((await api.post(`${ADMIN}/${id}/decision`, decision, jwt)).status).toBe(401);
    }
    // The applicant's routes: therapists only (a client's role has no such permission; visitors neither).
    expect((await api.get('/api/applications/mine', client.jwt)).status).toBe(403);
    expect([401, 403]).toContain((await api.get('/api/applications/mine')).status);
    expect(await footprint(haven, id)).toEqual(before);
  });

  it('hides a therapist whose licence expired, tells them once, and lists them again once renewed', async () => {
    const who = await applicant(haven, { verificationStatus: 'verified' });
    const id = who.therapistProfile.documentId;
    expect(await listed(id)).toBe(true);
    await haven.strapi.db.query('api::therapist-profile.therapist-profile').update({ where: { documentId: id }, data: { licenceExpiry: dayFromToday(-1) } });
    expect(await listed(id)).toBe(false);
    expect((await api.get(`/api/therapists/${id}`)).status).toBe(404);
    expect((await api.get(`/api/booking/therapists/${id}/slots?from=${dayFromToday(1)}&to=${dayFromToday(8)}`)).status).toBe(404);

    const expiry = haven.strapi.plugin('applications').service('expiry');
    expect(await expiry.run()).toBeGreaterThanOrEqual(1);
    const notice = await mailbox.waitFor(sentTo(who.email));
    expect(notice.subject).toMatch(/expired/i);
    expect(await expiry.run()).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(mailbox.messages.filter(sentTo(who.email))).toHaveLength(1);

    // Renewal: bad dates refused, a later one lists them again at once.
    expect((await api.put('/api/applications/mine/licence', { licenceExpiry: dayFromToday(-2) }, who.jwt)).status).toBe(400);
    expect((await api.put('/api/applications/mine/licence', { licenceExpiry: '2031-02-30' }, who.jwt)).status).toBe(400);
    const renewed = await api.put('/api/applications/mine/licence', { licenceExpiry: dayFromToday(700) }, who.jwt);
    expect(renewed.status, JSON.stringify(renewed.body)).toBe(200);
    expect(renewed.body.data).toMatchObject({ status: 'verified', expired: false, licenceExpiry: dayFromToday(700) });
    expect(await listed(id)).toBe(true);
  });
});
