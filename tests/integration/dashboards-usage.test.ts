import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, createUser, startHaven, type Haven } from '../helpers/haven';
import { staffUser, type Staff } from './community-helpers';
import type { UsageReport } from '@haven/shared/usage';

/**
 * The usage dashboard (GET /dashboards/usage, plugin::dashboards.read) against activity with known
 * totals. The rows are written with the Query Engine at fixed past times (an API would stamp them
 * "now"), inside and just outside a five-day window, so every figure below is exact.
 */
const at = (iso: string) => new Date(iso);
const DAYS = ['2025-03-01', '2025-03-02', '2025-03-03', '2025-03-04', '2025-03-05'];
const RANGE = '/dashboards/usage?from=2025-03-01&to=2025-03-05';
const tag = () => crypto.randomBytes(4).toString('hex');

async function seedAccounts(haven: Haven) {
  const times = ['2025-02-28T23:59:59.999Z', '2025-03-01T00:00:00.000Z', '2025-03-01T23:59:59.999Z', '2025-03-03T12:00:00.000Z', '2025-03-06T00:00:00.000Z'];
  for (const time of times) {
    const name = `dash_${tag()}`;
    await haven.strapi.db.query('plugin::users-permissions.user').create({
      data: { username: name, email: `${name}@test.haven.example`, provider: 'local', confirmed: true, blocked: false, createdAt: at(time), updatedAt: at(time) },
    });
  }
}

async function seedBookings(haven: Haven) {
  const base = { therapistUserId: 1, therapistProfileId: 'dash-therapist', clientUserId: 2, rateMinor: 0, currency: 'USD' };
  const session = (day: string) => ({ startsAt: at(`${day}T10:00:00.000Z`), endsAt: at(`${day}T10:50:00.000Z`) });
  const rows = [
    { createdAt: '2025-03-01T10:00:00.000Z', status: 'completed', ...session('2025-03-02') },
    { createdAt: '2025-03-01T11:00:00.000Z', status: 'no_show', ...session('2025-03-03') },
    { createdAt: '2025-03-02T09:00:00.000Z', status: 'cancelled', cancelledBy: 'client', cancelledAt: at('2025-03-02T15:00:00.000Z'), ...session('2025-03-09') },
    { createdAt: '2025-03-02T09:30:00.000Z', status: 'cancelled', cancelledBy: 'therapist', cancelledAt: at('2025-03-03T09:00:00.000Z'), declinedAt: at('2025-03-03T09:00:00.000Z'), ...session('2025-03-09') },
    { createdAt: '2025-03-04T08:00:00.000Z', status: 'expired', ...session('2025-03-10') },
    { createdAt: '2025-03-04T08:30:00.000Z', status: 'confirmed', ...session('2025-03-10') },
    { createdAt: '2025-02-27T08:00:00.000Z', status: 'completed', ...session('2025-03-05') },
    { createdAt: '2025-03-05T23:00:00.000Z', status: 'completed', ...session('2025-03-06') },
  ];
  for (const row of rows) {
    await haven.strapi.db.query('plugin::booking.booking').create({ data: { ...base, ...row, createdAt: at(row.createdAt), updatedAt: at(row.createdAt) } });
  }
}

async function seedMoney(haven: Haven) {
  const payments = [
    { key: 'p1', currency: 'USD', amountMinor: 8000, status: 'succeeded', paidAt: '2025-03-01T12:00:00.000Z' },
    { key: 'p2', currency: 'USD', amountMinor: 5000, status: 'partially_refunded', paidAt: '2025-03-02T12:00:00.000Z' },
    { key: 'p3', currency: 'EUR', amountMinor: 7000, status: 'refunded', paidAt: '2025-03-02T13:00:00.000Z' },
    { key: 'p4', currency: 'EUR', amountMinor: 6000, status: 'succeeded', paidAt: '2025-03-03T12:00:00.000Z', waived: true },
    { key: 'p5', currency: 'USD', amountMinor: 9000, status: 'pending', paidAt: null },
    { key: 'p6', currency: 'USD', amountMinor: 4000, status: 'succeeded', paidAt: '2025-03-06T00:00:00.000Z' },
    { key: 'p7', currency: 'USD', amountMinor: 3000, status: 'failed', paidAt: null },
    // Outstanding direct payments: manual and still pending (p5 too, created now); an online one pending is not direct.
    { key: 'p8', currency: 'EUR', amountMinor: 4500, status: 'pending', paidAt: null, createdAt: '2025-03-02T08:00:00.000Z' },
    { key: 'p9', currency: 'USD', amountMinor: 2500, status: 'pending', paidAt: null, createdAt: '2025-03-03T23:59:59.999Z' },
    { key: 'p10', currency: 'USD', amountMinor: 7000, status: 'pending', paidAt: null, createdAt: '2025-03-03T12:00:00.000Z', provider: 'stripe' },
  ];
  const ids = new Map<string, number>();
  for (const p of payments) {
    const row = await haven.strapi.db.query('plugin::payments.payment').create({
      data: {
        purchaseKey: `dash-${p.key}-${tag()}`,
        bookingId: `dash-${p.key}`,
        items: [],
        payerUserId: 2,
        payeeUserId: 1,
        amountMinor: p.amountMinor,
        currency: p.currency,
        provider: p.provider ?? 'manual',
        status: p.status,
        waived: p.waived ?? false,
        paidAt: p.paidAt ? at(p.paidAt) : null,
        ...(p.createdAt ? { createdAt: at(p.createdAt) } : {}),
      },
    });
    ids.set(p.key, row.id);
  }
  const refunds = [
    { payment: 'p2', currency: 'USD', amountMinor: 2000, status: 'succeeded', createdAt: '2025-03-03T10:00:00.000Z' },
    { payment: 'p3', currency: 'EUR', amountMinor: 7000, status: 'succeeded', createdAt: '2025-03-04T10:00:00.000Z' },
    { payment: 'p2', currency: 'USD', amountMinor: 1000, status: 'failed', createdAt: '2025-03-04T11:00:00.000Z' },
    { payment: 'p2', currency: 'USD', amountMinor: 500, status: 'pending', createdAt: '2025-03-04T12:00:00.000Z' },
  ];
  for (const r of refunds) {
    await haven.strapi.db.query('plugin::payments.refund').create({
      data: { paymentId: ids.get(r.payment), amountMinor: r.amountMinor, currency: r.currency, kind: 'staff', idempotencyKey: `dash-${tag()}`, provider: 'manual', status: r.status, createdAt: at(r.createdAt) },
    });
  }
}

type SiteUser = Awaited<ReturnType<typeof createUser>>;

/** Activity rows of one day (tests only: the API only ever counts them). */
const activityOn = (haven: Haven, day: string) => haven.strapi.db.query('plugin::people.activity').findMany({ where: { day } });

/**
 * Back-dated activity, written through the people plugin (the requests that record activity happen
 * now), in recent weeks (activity is kept 400 days): `activityDay(0)` is a Saturday about eight weeks
 * ago, so its ISO week starts on `activityDay(-5)` and the next one on `activityDay(2)`.
 */
const SATURDAY_MS = (() => {
  const at = new Date(Date.now() - 56 * 86_400_000);
  at.setUTCHours(0, 0, 0, 0);
  return at.getTime() - ((at.getUTCDay() + 1) % 7) * 86_400_000;
})();
const activityDay = (offset: number) => new Date(SATURDAY_MS + offset * 86_400_000).toISOString().slice(0, 10);
const ACTIVITY_RANGE = `/dashboards/usage?from=${activityDay(0)}&to=${activityDay(4)}`;

async function seedActivity(haven: Haven, [a, b, c]: SiteUser[]) {
  const days = (userId: number, offsets: number[]) => offsets.map((offset) => ({ userId, day: activityDay(offset) }));
  const rows = [...days(a.id, [-1, 0, 1, 3, 7]), ...days(b.id, [0, 0, 4]), ...days(c.id, [5, 9])];
  const activity = haven.strapi.plugin('people').service('activity');
  await activity.record(rows);
  await activity.record(rows); // again: nothing doubles
}

describe('usage dashboard', () => {
  let haven: Haven;
  let people: SiteUser[];
  let admin: Staff;
  let moderator: Staff;
  let editor: Staff;

  beforeAll(async () => {
    haven = await startHaven();
    admin = await staffUser(haven, 'strapi-super-admin');
    moderator = await staffUser(haven, 'haven-moderator');
    editor = await staffUser(haven, 'strapi-editor');
    await seedAccounts(haven);
    await seedBookings(haven);
    await seedMoney(haven);
    people = [await createUser(haven, 'client'), await createUser(haven, 'client'), await createUser(haven, 'therapist')];
    await seedActivity(haven, people);
  });
  afterAll(async () => haven?.close());

  it('counts sign-ups and sessions per UTC day, exactly, with every day of the range present', async () => {
    const res = await admin.api.get(RANGE);
    expect(res.status).toBe(200);
    const report = res.body.data;
    expect(Object.keys(report).sort()).toEqual(['countedAt', 'days', 'money', 'outstanding', 'range', 'totals', 'weeks']);
    expect(report.range).toEqual({ from: '2025-03-01', to: '2025-03-05', days: 5 });
    expect(report.days).toEqual([
      { day: DAYS[0], signups: 2, active: 0, booked: 2, held: 0, cancelled: 0, declined: 0, noShow: 0 },
      { day: DAYS[1], signups: 0, active: 0, booked: 2, held: 1, cancelled: 1, declined: 0, noShow: 0 },
      { day: DAYS[2], signups: 1, active: 0, booked: 0, held: 0, cancelled: 0, declined: 1, noShow: 1 },
      { day: DAYS[3], signups: 0, active: 0, booked: 1, held: 0, cancelled: 0, declined: 0, noShow: 0 },
      { day: DAYS[4], signups: 0, active: 0, booked: 1, held: 1, cancelled: 0, declined: 0, noShow: 0 },
    ]);
    expect(report.totals).toEqual({ signups: 3, active: 0, booked: 6, held: 2, cancelled: 1, declined: 1, noShow: 1 });
  });

  it('sums revenue and refunds per currency in minor units, never across currencies', async () => {
    const { money } = (await admin.api.get(RANGE)).body.data as UsageReport;
    expect(money.map((m) => [m.currency, m.revenueMinor, m.payments, m.refundsMinor, m.refunds])).toEqual([
      ['EUR', 7000, 1, 7000, 1],
      ['USD', 13000, 2, 2000, 1],
    ]);
    const usd = money.find((m) => m.currency === 'USD')!;
    expect(usd.days.map((d) => [d.revenueMinor, d.refundsMinor])).toEqual([[8000, 0], [5000, 0], [0, 2000], [0, 0], [0, 0]]);
    const eur = money.find((m) => m.currency === 'EUR')!;
    expect(eur.days.map((d) => [d.revenueMinor, d.refundsMinor])).toEqual([[0, 0], [7000, 0], [0, 0], [0, 7000], [0, 0]]);
  });

  it('answers a range from the cache for a while, and a range outside any activity with zeros', async () => {
    const first = (await admin.api.get(RANGE)).body.data;
    const again = (await admin.api.get(RANGE)).body.data;
    expect(again.countedAt).toBe(first.countedAt);
    const quiet = (await admin.api.get('/dashboards/usage?from=2025-01-01&to=2025-01-31')).body.data;
    expect(quiet.days).toHaveLength(31);
    expect(quiet.totals).toEqual({ signups: 0, active: 0, booked: 0, held: 0, cancelled: 0, declined: 0, noShow: 0 });
    expect(quiet.weeks.every((w: { active: number }) => w.active === 0)).toBe(true);
    expect(quiet.money).toEqual([]);
  });

  it('defaults to the last 30 days and refuses bad ranges', async () => {
    const recent = await admin.api.get('/dashboards/usage');
    expect(recent.status).toBe(200);
    expect(recent.body.data.range.days).toBe(30);
    expect(recent.body.data.range.to).toBe(new Date().toISOString().slice(0, 10));
    for (const query of ['from=2025-03-05&to=2025-03-01', 'from=2024-01-01&to=2025-06-01', 'from=2025-02-30', 'from=yesterday', 'user=1']) {
      expect((await admin.api.get(`/dashboards/usage?${query}`)).status, query).toBe(400);
    }
  });

  it('is for the Super Admin only: a moderator and an editor get 403, no session 401', async () => {
    expect((await moderator.api.get(RANGE)).status).toBe(403);
    expect((await editor.api.get(RANGE)).status).toBe(403);
    expect((await apiClient(haven.url).get(RANGE)).status).toBe(401);
  });

  it('counts active people per day, per ISO week (whole weeks) and over the range, each person once', async () => {
    const report = (await admin.api.get(ACTIVITY_RANGE)).body.data as UsageReport;
    expect(new Date(`${activityDay(0)}T00:00:00Z`).getUTCDay()).toBe(6);
    expect(report.days.map((d) => d.active)).toEqual([2, 1, 0, 1, 1]);
    expect(report.weeks).toEqual([
      { week: activityDay(-5), active: 2 },
      { week: activityDay(2), active: 3 },
    ]);
    expect(report.totals.active).toBe(2);
    expect(await activityOn(haven, activityDay(0))).toHaveLength(2);
  });

  it('lists outstanding direct payments per currency now, with the days they were created', async () => {
    const { outstanding } = (await admin.api.get(RANGE)).body.data as UsageReport;
    const zero = { count: 0, amountMinor: 0 };
    expect(outstanding).toEqual([
      { currency: 'EUR', count: 1, amountMinor: 4500, days: DAYS.map((day) => ({ day, ...(day === '2025-03-02' ? { count: 1, amountMinor: 4500 } : zero) })) },
      { currency: 'USD', count: 2, amountMinor: 11500, days: DAYS.map((day) => ({ day, ...(day === '2025-03-03' ? { count: 1, amountMinor: 2500 } : zero) })) },
    ]);
  });

  it("records a site account's activity once a day, and never anonymous visitors, bad tokens or staff sessions", async () => {
    const today = new Date().toISOString().slice(0, 10);
    const api = apiClient(haven.url);
    const [a, b, c] = people;
    // Staff (whose admin ids may equal site ids), anonymous visitors and a forged token leave no trace.
    expect((await admin.api.get('/dashboards/usage')).status).toBe(200);
    expect((await api.get('/api/therapists')).status).toBe(200);
    expect((await api.get('/api/profiles/me', `${a.jwt}x`)).status).toBe(401);
    expect(await activityOn(haven, today)).toEqual([]);

    for (const user of [a, a, b]) expect((await api.get('/api/profiles/me', user.jwt)).status).toBe(200);
    const rows = await activityOn(haven, today);
    expect(rows.map((r: { userId: number }) => r.userId).sort()).toEqual([a.id, b.id].sort());
    expect(rows.every((r: { week: string }) => r.week <= today)).toBe(true);

    const report = (await admin.api.get(`/dashboards/usage?from=${today}&to=${today}`)).body.data as UsageReport;
    expect(report.days).toEqual([expect.objectContaining({ day: today, signups: 3, active: 2 })]);
    expect(report.totals.active).toBe(2);
    expect(c.id).not.toBe(a.id);
  });

  it('refuses back-dated activity that is not a past day', async () => {
    const activity = haven.strapi.plugin('people').service('activity');
    await expect(activity.record([{ userId: people[0].id, day: '2025-02-30' }])).rejects.toThrow(/YYYY-MM-DD/);
    await expect(activity.record([{ userId: people[0].id, day: '2999-01-01' }])).rejects.toThrow(/past/);
  });

  it('recounts days and weeks from activity rows written directly (as a benchmark writes them)', async () => {
    const activity = haven.strapi.plugin('people').service('activity');
    const day = activityDay(21);
    const at = (d: string) => new Date(`${d}T00:00:00.000Z`);
    for (const user of people) await haven.strapi.db.query('plugin::people.activity').create({ data: { userId: user.id, day, week: activityDay(16) } });
    expect(await activity.perDay(at(day), at(activityDay(22)))).toEqual([]);
    await activity.recount(at(activityDay(14)), at(activityDay(28)));
    expect(await activity.perDay(at(day), at(activityDay(22)))).toEqual([{ day, count: 3 }]);
    expect(await activity.perWeek(at(day), at(activityDay(22)))).toEqual([{ day: activityDay(16), count: 3 }]);
  });

  it('forgets activity after 400 days', async () => {
    const activity = haven.strapi.plugin('people').service('activity');
    const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
    await activity.record([
      { userId: people[1].id, day: daysAgo(401) },
      { userId: people[1].id, day: daysAgo(399) },
    ]);
    expect(await activity.prune()).toBe(1);
    expect(await activityOn(haven, daysAgo(401))).toEqual([]);
    expect(await activityOn(haven, daysAgo(399))).toHaveLength(1);
  });
});
