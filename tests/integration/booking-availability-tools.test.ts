import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import { apiClient, createUser, startHaven, type Haven } from '../helpers/haven';
import { ALWAYS_OPEN, therapist, type User } from './booking-helpers';

/**
 * The therapist's tools around availability (issue 18): ranges of days off, the preview of the free
 * times that unsaved hours give (the booking path's slot code, nothing written), and the week's
 * schedule of one's own sessions. Who may call: the preview and days off are the therapist's own.
 */
describe('availability tools', () => {
  let haven: Haven;
  let api: ReturnType<typeof apiClient>;
  let t: Awaited<ReturnType<typeof therapist>>;
  let other: Awaited<ReturnType<typeof therapist>>;
  let client: User;
  const AVAILABILITY = 'plugin::booking.availability';
  const zone = 'Europe/Berlin';
  const today = () => DateTime.now().setZone(zone).startOf('day');
  const rowOf = (user: User) => haven.strapi.db.query(AVAILABILITY).findOne({ where: { therapistUserId: user.id } });

  beforeAll(async () => {
    haven = await startHaven();
    api = apiClient(haven.url);
    // Monday to Friday 09:00–12:00 in Berlin, hourly, no notice.
    const hours = { ...ALWAYS_OPEN, timeZone: zone, weeklyHours: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '09:00', end: '12:00' })) };
    t = await therapist(haven, { availability: hours, sessionLengthMinutes: 50 });
    other = await therapist(haven);
    client = await createUser(haven, 'client');
  });
  afterAll(async () => haven?.close());

  it('previews the free times of unsaved hours with the slot code of booking, and saves nothing', async () => {
    const before = await rowOf(t);
    const res = await api.post('/api/booking/availability/preview', { weeklyHours: [{ weekday: 1, start: '14:00', end: '16:00' }] }, t.jwt);
    expect(res.status).toBe(200);
    const { data } = res.body;
    expect(data.timeZone).toBe(zone);
    expect(data.days).toHaveLength(14);
    expect(data.days[0].date).toBe(today().toISODate());
    const all = data.days.flatMap((d: { slots: { local: string }[] }) => d.slots);
    // Only Mondays 14:00 and 15:00 local (the 50-minute session fits twice), for the two weeks.
    expect(all.length).toBeGreaterThanOrEqual(2);
    for (const slot of all) {
      const local = DateTime.fromISO(slot.local, { setZone: true }).setZone(zone);
      expect(local.weekday).toBe(1);
      expect(['14:00', '15:00']).toContain(local.toFormat('HH:mm'));
    }
    // The saved rules are untouched, and the public slots still follow them.
    expect((await rowOf(t)).weeklyHours).toEqual(before.weeklyHours);
    const from = today().plus({ days: 1 }).toISODate();
    const to = today().plus({ days: 13 }).toISODate();
    const pub = await api.get(`/api/booking/therapists/${t.therapistId}/slots?from=${from}&to=${to}&tz=${zone}`);
    expect(pub.status).toBe(200);
    expect(pub.body.data.slots.every((s: { local: string }) => ['09:00', '10:00', '11:00'].includes(s.local.slice(11, 16)))).toBe(true);
  });

  it('matches the public slot list when the edits equal the saved rules', async () => {
    const res = await api.post('/api/booking/availability/preview', {}, t.jwt);
    expect(res.status).toBe(200);
    const previewStarts = res.body.data.days.flatMap((d: { slots: { start: string }[] }) => d.slots.map((s) => s.start));
    const first = res.body.data.days[0].date;
    const last = res.body.data.days[13].date;
    const pub = await api.get(`/api/booking/therapists/${t.therapistId}/slots?from=${first}&to=${last}&tz=${zone}`);
    expect(pub.body.data.slots.map((s: { start: string }) => s.start)).toEqual(previewStarts);
  });

  it('lets only therapists preview (403 signed out and for clients) and refuses bad hours with a 400', async () => {
    expect((await api.post('/api/booking/availability/preview', {})).status).toBe(403); // Strapi: no public permission
    expect((await api.post('/api/booking/availability/preview', {}, client.jwt)).status).toBe(403);
    const bad = await api.post('/api/booking/availability/preview', { weeklyHours: [{ weekday: 1, start: '12:00', end: '09:00' }] }, t.jwt);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/end must be later than start/);
    const unknown = await api.post('/api/booking/availability/preview', { daysOff: [] }, t.jwt);
    expect(unknown.status).toBe(400);
  });

  it('adds a range of days off whose days vanish from the public slots, and removes it again', async () => {
    // The next Monday to Wednesday (at least two days ahead, so "today" never matters).
    const monday = today().plus({ days: 2 }).plus({ weeks: 1 }).startOf('week');
    const range = { from: monday.toISODate(), to: monday.plus({ days: 2 }).toISODate(), note: 'Conference' };
    const slotsOfWeek = async () => {
      const res = await api.get(`/api/booking/therapists/${t.therapistId}/slots?from=${monday.toISODate()}&to=${monday.plus({ days: 4 }).toISODate()}&tz=${zone}`);
      expect(res.status).toBe(200);
      return res.body.data.slots.map((s: { local: string }) => s.local.slice(0, 10)) as string[];
    };
    const beforeDays = new Set(await slotsOfWeek());
    expect(beforeDays.size).toBe(5);

    const added = await api.post('/api/booking/availability/days-off', range, t.jwt);
    expect(added.status).toBe(201);
    expect(added.body.data.daysOff).toEqual([{ id: expect.any(String), ...range }]);
    const afterDays = new Set(await slotsOfWeek());
    expect([...afterDays].sort()).toEqual([monday.plus({ days: 3 }).toISODate(), monday.plus({ days: 4 }).toISODate()]);

    // The preview reads the saved ranges too.
    const preview = await api.post('/api/booking/availability/preview', {}, t.jwt);
    const offDay = preview.body.data.days.find((d: { date: string }) => d.date === range.from);
    if (offDay) expect(offDay.slots).toEqual([]);

    // The staff dashboard's offered hours lose those three days (3 × 180 minutes).
    const usage = haven.strapi.plugin('booking').service('usage');
    const offered = async () => (await usage.offeredMinutes(monday.toISODate(), monday.plus({ days: 6 }).toISODate())).byTherapist.get(t.id);
    expect(await offered()).toBe(2 * 180);

    const id = added.body.data.daysOff[0].id;
    const removed = await api.del(`/api/booking/availability/days-off/${id}`, t.jwt);
    expect(removed.status).toBe(200);
    expect(removed.body.data.daysOff).toEqual([]);
    expect(new Set(await slotsOfWeek()).size).toBe(5);
    expect(await offered()).toBe(5 * 180);
    expect((await api.del(`/api/booking/availability/days-off/${id}`, t.jwt)).status).toBe(404);
  });

  it('refuses bad ranges with a clear 400 and writes nothing', async () => {
    const start = today().plus({ days: 20 });
    const ok = await api.post('/api/booking/availability/days-off', { from: start.toISODate(), to: start.plus({ days: 1 }).toISODate() }, t.jwt);
    expect(ok.status).toBe(201);
    const saved = (await rowOf(t)).daysOff;
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ from: start.plus({ days: 5 }).toISODate(), to: start.plus({ days: 4 }).toISODate() }, /on or after the first/],
      [{ from: today().minus({ days: 1 }).toISODate(), to: today().toISODate() }, /cannot start in the past/],
      [{ from: start.plus({ days: 1 }).toISODate(), to: start.plus({ days: 3 }).toISODate() }, /overlap your days off/],
      [{ from: '2027-02-30', to: '2027-03-01' }, /not a real date/],
      [{ from: start.plus({ days: 40 }).toISODate(), to: start.plus({ days: 40 + 400 }).toISODate() }, /at most 366 days/],
      [{ from: start.plus({ days: 40 }).toISODate(), to: start.plus({ days: 41 }).toISODate(), note: 'x'.repeat(201) }, /at most 200 characters/],
      [{ from: start.plus({ days: 40 }).toISODate(), to: start.plus({ days: 41 }).toISODate(), kind: 'off' }, /./],
    ];
    for (const [body, message] of cases) {
      const res = await api.post('/api/booking/availability/days-off', body, t.jwt);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.message).toMatch(message);
    }
    expect((await rowOf(t)).daysOff).toEqual(saved);
  });

  it('bounds the number of ranges', async () => {
    const base = today().plus({ days: 100 });
    // `other` starts with none; 50 single days, then the 51st is refused.
    for (let i = 0; i < 50; i++) {
      const day = base.plus({ days: i * 2 }).toISODate();
      const res = await api.post('/api/booking/availability/days-off', { from: day, to: day }, other.jwt);
      expect(res.status).toBe(201);
    }
    const day = base.plus({ days: 200 }).toISODate();
    const res = await api.post('/api/booking/availability/days-off', { from: day, to: day }, other.jwt);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/at most 50 ranges/);
  });

  it('lets only the therapist change their own days off', async () => {
    const day = today().plus({ days: 30 }).toISODate();
    expect((await api.post('/api/booking/availability/days-off', { from: day, to: day })).status).toBe(403);
    expect((await api.post('/api/booking/availability/days-off', { from: day, to: day }, client.jwt)).status).toBe(403);
    const mine = (await rowOf(t)).daysOff[0].id;
    // Another therapist cannot remove it: it is not theirs (404, nothing removed).
    expect((await api.del(`/api/booking/availability/days-off/${mine}`, other.jwt)).status).toBe(404);
    expect((await rowOf(t)).daysOff.map((r: { id: string }) => r.id)).toContain(mine);
    expect((await api.del('/api/booking/availability/days-off/not-an-id', t.jwt)).status).toBe(404);
  });

  it('lists a week of one\'s own sessions only (GET /schedule)', async () => {
    const start = today().plus({ days: 7 }).startOf('week').plus({ days: 3, hours: 10 }); // a Thursday 10:00 Berlin
    const booked = await api.post('/api/booking/bookings', { therapist: t.therapistId, start: start.toUTC().toISO() }, client.jwt);
    expect(booked.status).toBe(201);
    const week = `from=${encodeURIComponent(start.startOf('week').toISO()!)}&to=${encodeURIComponent(start.startOf('week').plus({ weeks: 1 }).toISO()!)}`;
    for (const user of [t, client]) {
      const res = await api.get(`/api/booking/schedule?${week}`, user.jwt);
      expect(res.status).toBe(200);
      expect(res.body.data.map((b: { id: string }) => b.id)).toEqual([booked.body.data[0].id]);
    }
    const stranger = await createUser(haven, 'client');
    expect((await api.get(`/api/booking/schedule?${week}`, stranger.jwt)).body.data).toEqual([]);
    expect((await api.get(`/api/booking/schedule?${week}`, other.jwt)).body.data).toEqual([]);
    expect((await api.get(`/api/booking/schedule?${week}`)).status).toBe(403);
    const tooLong = await api.get(`/api/booking/schedule?from=2027-01-01T00:00:00Z&to=2027-03-01T00:00:00Z`, client.jwt);
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.message).toMatch(/at most 31 days/);
    expect((await api.get(`/api/booking/schedule?from=2027-01-02T00:00:00Z&to=2027-01-01T00:00:00Z`, client.jwt)).status).toBe(400);
  });
});
