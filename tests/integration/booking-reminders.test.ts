import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, createUser, startHaven, type Haven } from '../helpers/haven';
import { smtpEnv, startMailbox, type Mailbox } from '../helpers/mailbox';
import { startSecondCms, type SecondCms } from '../helpers/second-cms';
import { hourFromNow, therapist } from './booking-helpers';

describe('reminders', () => {
  let haven: Haven;
  let mailbox: Mailbox;
  // Another CMS process on the same database (SQLite file or PostgreSQL database), running its workers.
  let other: SecondCms | undefined;

  beforeAll(async () => {
    mailbox = await startMailbox();
    haven = await startHaven({ env: { ...smtpEnv(mailbox), BOOKING_REMINDER_POLL_MS: '150', BOOKING_REMINDER_LEADS_MINUTES: '1440,60', BOOKING_CALENDAR_POLL_MS: '3600000' } });
  });
  afterAll(async () => {
    await other?.stop();
    await haven?.close();
    await mailbox?.close();
  });

  it('two CMS processes on one database send each reminder exactly once, and a restart sends nothing again', async () => {
    const api = apiClient(haven.url);
    const t = await therapist(haven);
    const client = await createUser(haven, 'client');
    const bookings = haven.strapi.db.query('plugin::booking.booking');
    const book = async (hours: number) => (await api.post('/api/booking/bookings', { therapist: t.therapistId, start: hourFromNow(hours) }, client.jwt)).body.data[0].id as string;
    const ids = { soon: await book(100), tomorrow: await book(101), lateBooked: await book(102) };
    // The second process starts once the people and bookings exist: on one SQLite file, a write of
    // the test's own set-up that meets the other process's start-up writes is refused ("database is
    // locked"), which is about the set-up, not about what this test checks.
    other = await startSecondCms();
    // Move the sessions close in time (the clock cannot be turned forward); confirmed two days ago,
    // except the last, booked an hour ago: inside its 24-hour reminder time already.
    const now = Date.now();
    const place = async (id: string, startsInMinutes: number, confirmedMinutesAgo: number) =>
      bookings.update({
        where: { documentId: id },
        data: { startsAt: new Date(now + startsInMinutes * 60_000), endsAt: new Date(now + (startsInMinutes + 50) * 60_000), confirmedAt: new Date(now - confirmedMinutesAgo * 60_000) },
      });
    await Promise.all([place(ids.soon, 40, 2 * 1440), place(ids.tomorrow, 20 * 60, 2 * 1440), place(ids.lateBooked, 21 * 60, 60)]);

    const reminders = () => mailbox.messages.filter((m) => (m.subject ?? '').startsWith('Reminder:'));
    const deadline = Date.now() + 20_000;
    while (reminders().length < 4 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    // Give both processes several more passes to make any duplicate.
    await new Promise((resolve) => setTimeout(resolve, 1500));

    const subjects = reminders().map((m) => `${m.to?.value?.[0]?.address} ${m.subject}`).sort();
    expect(reminders()).toHaveLength(4);
    expect(subjects.filter((s) => s.startsWith(client.email))).toHaveLength(2);
    expect(subjects.filter((s) => s.startsWith(t.email))).toHaveLength(2);
    expect(subjects.some((s) => /in an hour/.test(s))).toBe(true);
    expect(subjects.some((s) => /tomorrow/.test(s))).toBe(true);

    const rows = await haven.strapi.db.query('plugin::booking.reminder').findMany({});
    const owners = new Set(rows.filter((r: any) => r.state === 'sent').map((r: any) => r.owner));
    expect(rows.map((r: any) => r.state).sort()).toEqual(['sent', 'sent', 'skipped']);
    expect(owners.size).toBeGreaterThanOrEqual(1);

    // A moved session gets its reminders again, for its new time.
    const soonRow = await bookings.findOne({ where: { documentId: ids.soon } });
    expect(await haven.strapi.db.query('plugin::booking.reminder').count({ where: { bookingId: soonRow.id } })).toBe(1);
    expect((await api.post(`/api/booking/bookings/${ids.soon}/reschedule`, { start: hourFromNow(150) }, t.jwt)).status).toBe(200);
    expect(await haven.strapi.db.query('plugin::booking.reminder').count({ where: { bookingId: soonRow.id } })).toBe(0);

    // Restart the other process: it finds the reminders already sent.
    await other.stop();
    other = await startSecondCms();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(reminders()).toHaveLength(4);
  });
});
