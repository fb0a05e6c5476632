import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, createUser, startHaven, type Haven } from '../helpers/haven';
import { staffUser, type Staff } from './community-helpers';
import type { TherapistFigures, TherapistReport } from '@haven/shared/therapist-dashboard';

/**
 * The therapists dashboard (GET /dashboards/therapists, plugin::dashboards.therapists) against a data
 * set with known totals over one week (Monday 2025-03-03 to Sunday 2025-03-09): sessions, availability
 * and chat messages written with the Query Engine at fixed past times (an API would stamp them "now"),
 * inside and just outside the week; applications backdated. Every figure below is exact.
 */
const RANGE = '/dashboards/therapists?from=2025-03-03&to=2025-03-09';
const DAY = 86_400_000;
const at = (iso: string) => new Date(iso);
/** Clients are only ids here: the answer must never carry one. */
const [C1, C2, C3, C4] = [910_001, 910_002, 910_003, 910_004];
/** A therapist with hours and a conversation but no session in the week: counted in the totals only. */
const QUIET_THERAPIST = 919_999;

async function backdateProfile(haven: Haven, documentId: string, status: string, daysAgo: number) {
  await haven.strapi.db
    .query('api::therapist-profile.therapist-profile')
    .update({ where: { documentId }, data: { verificationStatus: status, createdAt: new Date(Date.now() - daysAgo * DAY - 3_600_000) } });
}

async function seedAvailability(haven: Haven, t1: number, t2: number) {
  const every = (days: number[], start: string, end: string) => days.map((weekday) => ({ weekday, start, end }));
  const rows = [
    // 5 × 480 + 120 − 120 (Wed 12–14 off) − 480 (Fri off) + 120 (Sat extra); dates outside the week ignored: 2040.
    {
      therapistUserId: t1,
      weeklyHours: [...every([1, 2, 3, 4, 5], '09:00', '17:00'), ...every([6], '10:00', '12:00')],
      overrides: [
        { date: '2025-03-01', kind: 'extra', start: '09:00', end: '17:00' },
        { date: '2025-03-05', kind: 'off', start: '12:00', end: '14:00' },
        { date: '2025-03-07', kind: 'off', start: null, end: null },
        { date: '2025-03-08', kind: 'extra', start: '14:00', end: '16:00' },
        { date: '2025-03-20', kind: 'off', start: null, end: null },
      ],
    },
    // Tuesday 240 + 660, minus 11:00–14:00 off overlapping both blocks by 60 each: 780.
    { therapistUserId: t2, weeklyHours: [...every([2], '08:00', '12:00'), ...every([2], '13:00', '24:00')], overrides: [{ date: '2025-03-04', kind: 'off', start: '11:00', end: '14:00' }] },
    { therapistUserId: QUIET_THERAPIST, weeklyHours: every([7], '00:00', '24:00'), overrides: [] },
  ];
  for (const row of rows) await haven.strapi.db.query('plugin::booking.availability').create({ data: { timeZone: 'UTC', ...row } });
}

async function seedSessions(haven: Haven, t1: number, t2: number, t3: number) {
  const s = (therapistUserId: number, clientUserId: number, start: string, minutes: number, status: string, extra: Record<string, unknown> = {}) => ({
    therapistUserId,
    therapistProfileId: `dash-${therapistUserId}`,
    clientUserId,
    startsAt: at(start),
    endsAt: new Date(at(start).getTime() + minutes * 60_000),
    status,
    rateMinor: 0,
    currency: 'USD',
    ...extra,
  });
  const cancelled = (by: string, extra: Record<string, unknown> = {}) => ({ cancelledBy: by, cancelledAt: at('2025-03-02T08:00:00Z'), ...extra });
  const rows = [
    // T1: held 3 (C1 twice), no-show 1, cancelled 2 (1 by the therapist), confirmed 1 (60 min); declined, lapsed, unpaid and next week's left out.
    s(t1, C1, '2025-03-03T10:00:00Z', 50, 'completed'),
    s(t1, C1, '2025-03-05T10:00:00Z', 50, 'completed'),
    s(t1, C1, '2025-03-10T10:00:00Z', 50, 'completed'),
    s(t1, C2, '2025-03-04T10:00:00Z', 50, 'completed'),
    s(t1, C3, '2025-03-06T10:00:00Z', 50, 'no_show'),
    s(t1, C2, '2025-03-07T10:00:00Z', 50, 'cancelled', cancelled('client')),
    s(t1, C4, '2025-03-08T10:00:00Z', 50, 'cancelled', cancelled('therapist')),
    s(t1, C4, '2025-03-08T12:00:00Z', 50, 'cancelled', cancelled('therapist', { declinedAt: at('2025-03-02T08:00:00Z') })),
    s(t1, C3, '2025-03-04T12:00:00Z', 50, 'expired'),
    s(t1, C1, '2025-03-09T10:00:00Z', 60, 'confirmed'),
    s(t1, C2, '2025-03-09T14:00:00Z', 50, 'pending_payment'),
    // T2: held 5 (C1 three times, one of 30 min; the last ends after midnight of the week's end), no-show outside the week.
    s(t2, C1, '2025-03-04T09:00:00Z', 50, 'completed'),
    s(t2, C1, '2025-03-04T14:00:00Z', 50, 'completed'),
    s(t2, C1, '2025-03-05T09:00:00Z', 30, 'completed'),
    s(t2, C3, '2025-03-06T09:00:00Z', 50, 'completed'),
    s(t2, C4, '2025-03-09T23:30:00Z', 50, 'completed'),
    s(t2, C4, '2025-03-02T09:00:00Z', 50, 'no_show'),
    // T3: held 1, cancelled by the system 1.
    s(t3, C2, '2025-03-03T10:00:00Z', 50, 'completed'),
    s(t3, C2, '2025-03-04T10:00:00Z', 50, 'cancelled', cancelled('system')),
  ];
  for (const data of rows) await haven.strapi.db.query('plugin::booking.booking').create({ data });
}

/** Conversations as [therapist, client, messages ([role, ISO time], numbered from 1)]. */
async function seedChat(haven: Haven, t1: number, t2: number) {
  const conversations: [number, number, ['client' | 'therapist', string][]][] = [
    [t1, C1, [['client', '2025-03-03T10:00:00Z'], ['client', '2025-03-03T10:05:00Z'], ['therapist', '2025-03-03T10:30:00Z']]], // 30
    [t1, C2, [['therapist', '2025-03-01T09:00:00Z'], ['client', '2025-03-04T12:00:00Z'], ['therapist', '2025-03-04T13:30:00Z']]], // 90
    [t1, C3, [['client', '2025-03-05T08:00:00Z']]], // unanswered
    [t1, C4, [['client', '2025-03-01T08:00:00Z'], ['therapist', '2025-03-03T08:00:00Z'], ['client', '2025-03-04T08:00:00Z']]], // first asked before the week
    [t2, C1, [['client', '2025-03-06T09:00:00Z'], ['therapist', '2025-03-06T09:10:00Z']]], // 10
    [t2, C3, [['client', '2025-03-07T20:00:00Z'], ['therapist', '2025-03-08T20:00:00Z']]], // 1440
    [t2, C4, [['client', '2025-03-08T10:00:00Z'], ['therapist', '2025-03-08T10:45:00Z']]], // 45
    [t2, C2, [['client', '2025-03-09T23:00:00Z'], ['therapist', '2025-03-10T01:00:00Z']]], // 120, answered after the week
    [QUIET_THERAPIST, C1, [['client', '2025-03-04T00:00:00Z'], ['therapist', '2025-03-04T00:05:00Z']]], // 5
  ];
  for (const [therapistUserId, clientUserId, messages] of conversations) {
    const last = at(messages[messages.length - 1][1]);
    const conversation = await haven.strapi.db.query('plugin::chat.conversation').create({
      data: { clientUserId, therapistUserId, lastSeq: messages.length, keyVersion: 1, wrappedKey: 'not-a-key', lastMessageAt: last },
    });
    for (const [i, [role, time]] of messages.entries()) {
      await haven.strapi.db.query('plugin::chat.message').create({
        data: { conversationId: conversation.id, seq: i + 1, senderUserId: role === 'client' ? clientUserId : therapistUserId, senderRole: role, body: 'sealed', createdAt: at(time) },
      });
    }
  }
}

const figures = (f: TherapistFigures) => [f.held, f.noShow, f.cancelled, f.cancelledByTherapist, f.scheduled, f.bookedMinutes, f.offeredMinutes, f.utilisation, f.clients, f.returningClients];

describe('therapists dashboard', () => {
  let haven: Haven;
  let admin: Staff;
  let moderator: Staff;
  let editor: Staff;
  let names: string[];
  let clientJwt: string;

  beforeAll(async () => {
    haven = await startHaven();
    [admin, moderator, editor] = await Promise.all([staffUser(haven, 'strapi-super-admin'), staffUser(haven, 'haven-moderator'), staffUser(haven, 'strapi-editor')]);
    const therapists = [];
    for (let i = 0; i < 3; i++) therapists.push(await createUser(haven, 'therapist', { verificationStatus: 'verified' }));
    const profileName = async (id: number) => (await haven.strapi.db.query('api::profile.profile').findOne({ where: { user: id } })).displayName as string;
    names = await Promise.all(therapists.map((t) => profileName(t.id)));
    // Waiting: pending 10 days, more asked 4 days, pending 1 day; a rejected one (20 days) does not wait.
    for (const [status, days] of [['pending', 10], ['more-info', 4], ['pending', 1], ['rejected', 20]] as const) {
      const applicant = await createUser(haven, 'therapist');
      await backdateProfile(haven, applicant.therapistProfile.documentId, status, days);
    }
    clientJwt = (await createUser(haven, 'client')).jwt;
    const [t1, t2, t3] = therapists.map((t) => t.id);
    await seedAvailability(haven, t1, t2);
    await seedSessions(haven, t1, t2, t3);
    await seedChat(haven, t1, t2);
  });
  afterAll(async () => haven?.close());

  it('ranks the busiest therapists by name with exact sessions, rates, utilisation and returning clients', async () => {
    const res = await admin.api.get(RANGE);
    expect(res.status).toBe(200);
    const report = res.body.data as TherapistReport;
    expect(Object.keys(report).sort()).toEqual(['applications', 'countedAt', 'range', 'therapists', 'totals']);
    expect(report.range).toEqual({ from: '2025-03-03', to: '2025-03-09', days: 7 });
    expect(report.therapists.map((t) => t.displayName)).toEqual([names[1], names[0], names[2]]);
    expect(Object.keys(report.therapists[0]).sort()).toEqual(
      ['bookedMinutes', 'cancelled', 'cancelledByTherapist', 'clients', 'displayName', 'firstReply', 'held', 'noShow', 'offeredMinutes', 'profileId', 'returningClients', 'scheduled', 'utilisation'].sort(),
    );
    //                                         held noShow canc byT sched booked offered util clients returning
    expect(figures(report.therapists[0])).toEqual([5, 0, 0, 0, 5, 230, 780, 0.295, 3, 1]);
    expect(figures(report.therapists[1])).toEqual([3, 1, 2, 1, 7, 260, 2040, 0.127, 2, 1]);
    expect(figures(report.therapists[2])).toEqual([1, 0, 1, 0, 2, 50, 0, null, 1, 0]);
    expect(report.totals.therapists).toBe(3);
    expect(figures(report.totals)).toEqual([9, 1, 3, 1, 14, 540, 4260, 0.127, 6, 2]);
  });

  it('measures time to first reply from the client first message, per therapist and for all', async () => {
    const report = (await admin.api.get(RANGE)).body.data as TherapistReport;
    expect(report.therapists.map((t) => t.firstReply)).toEqual([
      { conversations: 4, replied: 4, medianMinutes: 82.5 },
      { conversations: 3, replied: 2, medianMinutes: 60 },
      { conversations: 0, replied: 0, medianMinutes: null },
    ]);
    expect(report.totals.firstReply).toEqual({ conversations: 8, replied: 7, medianMinutes: 45 });
  });

  it('counts applications waiting now (pending or more asked) with the oldest and median wait in days', async () => {
    const report = (await admin.api.get(RANGE)).body.data as TherapistReport;
    expect(report.applications).toEqual({ count: 3, oldestDays: 10, medianDays: 4 });
  });

  it('names therapists only: no client id, email or licence in the answer', async () => {
    const text = JSON.stringify((await admin.api.get(RANGE)).body);
    for (const client of [C1, C2, C3, C4]) expect(text).not.toContain(String(client));
    expect(text).not.toMatch(/clientUserId|email|licence|@test\.haven/i);
  });

  it('answers from the cache for a while, zeros outside any activity, and refuses bad ranges', async () => {
    const first = (await admin.api.get(RANGE)).body.data as TherapistReport;
    expect((await admin.api.get(RANGE)).body.data.countedAt).toBe(first.countedAt);
    const quiet = (await admin.api.get('/dashboards/therapists?from=2025-01-01&to=2025-01-31')).body.data as TherapistReport;
    expect(quiet.therapists).toEqual([]);
    expect(quiet.totals).toMatchObject({ therapists: 0, held: 0, scheduled: 0, bookedMinutes: 0, utilisation: 0, firstReply: { conversations: 0, replied: 0, medianMinutes: null } });
    expect(quiet.totals.offeredMinutes).toBeGreaterThan(0);
    const recent = await admin.api.get('/dashboards/therapists');
    expect(recent.status).toBe(200);
    expect(recent.body.data.range.days).toBe(30);
    for (const query of ['from=2025-03-09&to=2025-03-03', 'from=2024-01-01&to=2025-06-01', 'from=2025-02-30', 'to=soon', 'limit=50']) {
      const res = await admin.api.get(`/dashboards/therapists?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body.error.message, query).toBeTruthy();
    }
  });

  it('is for the Super Admin only: moderator and editor 403, a site client or nobody 401', async () => {
    expect((await moderator.api.get(RANGE)).status).toBe(403);
    expect((await editor.api.get(RANGE)).status).toBe(403);
    expect((await apiClient(haven.url).get(RANGE, clientJwt)).status).toBe(401);
    expect((await apiClient(haven.url).get(RANGE)).status).toBe(401);
  });
});
