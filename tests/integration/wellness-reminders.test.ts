/**
 * The daily reminder: sent by the worker at the chosen local time, once per local day, not again
 * after a restart on the same database, not twice when two runs race, not to someone who already
 * checked in; due times follow the person's zone across DST changes.
 */
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, createUser, startHaven, type Haven } from '../helpers/haven';
import { smtpEnv, startMailbox, type Mailbox } from '../helpers/mailbox';
import { setTimeZone, todayIn, waitAwayFromMidnight } from './wellness-helpers';

type User = Awaited<ReturnType<typeof createUser>>;

describe('wellness reminders', () => {
  let mailbox: Mailbox;
  let haven: Haven;
  let api: ReturnType<typeof apiClient>;
  const masterKeys = `1:${Buffer.alloc(32, 7).toString('base64')}`;
  const mailsTo = (user: User) => mailbox.messages.filter((m) => JSON.stringify(m.to).includes(user.email) && m.subject === 'Your Haven check-in for today');
  const reminders = () => haven.strapi.plugin('wellness').service('reminders');

  async function withReminder(zone: string, time: string, beforeEnabling?: (user: User) => Promise<void>): Promise<User> {
    const user = await createUser(haven, 'client');
    await setTimeZone(haven, user, zone);
    await beforeEnabling?.(user);
    const res = await api.put('/api/wellness/settings', { reminderEnabled: true, reminderTime: time }, user.jwt);
    expect(res.status).toBe(200);
    expect(res.body.data.reminder).toEqual({ enabled: true, time });
    return user;
  }

  beforeAll(async () => {
    mailbox = await startMailbox();
  });
  afterAll(async () => {
    await haven?.close();
    await mailbox?.close();
  });

  let due: User;
  let checkedIn: User;
  let later: User;

  it('the worker sends a due reminder once, and skips people who checked in or whose time has not come', async () => {
    haven = await startHaven({ env: { ...smtpEnv(mailbox), WELLNESS_MASTER_KEYS: masterKeys, WELLNESS_REMINDER_POLL_MS: '200' } });
    api = apiClient(haven.url);
    const zone = 'Asia/Kolkata';
    await waitAwayFromMidnight([zone], 180);
    const now = DateTime.now().setZone(zone);
    const minuteAgo = now.minus({ minutes: 1 }).toFormat('HH:mm');
    due = await withReminder(zone, minuteAgo);
    // Checked in before the reminder is switched on: the worker polls every 200 ms, and a reminder
    // already due when switched on may go out before a check-in written after it.
    checkedIn = await withReminder(zone, minuteAgo, async (user) => {
      expect((await api.put(`/api/wellness/entries/${todayIn(zone)}`, { mood: 3 }, user.jwt)).status).toBe(201);
    });
    later = await withReminder(zone, now.plus({ minutes: 60 }).toFormat('HH:mm'));

    const mail = await mailbox.waitFor((m) => JSON.stringify(m.to).includes(due.email), 10_000);
    expect(mail.text).toContain('/wellness');
    await new Promise((resolve) => setTimeout(resolve, 1200)); // several more polls
    expect(mailsTo(due)).toHaveLength(1);
    expect(mailsTo(checkedIn)).toHaveLength(0);
    expect(mailsTo(later)).toHaveLength(0);
    const rows = await haven.strapi.db.query('plugin::wellness.reminder-send').findMany({ where: { userId: due.id } });
    expect(rows).toEqual([expect.objectContaining({ localDate: todayIn(zone), status: 'sent' })]);
  });

  it('does not send it again after a restart on the same database', async () => {
    await haven.close({ keepDatabase: true });
    // The second process runs no worker of its own: the test runs its tick by hand, at a known moment.
    haven = await startHaven({ database: haven.database, env: { ...smtpEnv(mailbox), WELLNESS_MASTER_KEYS: masterKeys, WELLNESS_REMINDERS_ENABLED: 'false' } });
    api = apiClient(haven.url);
    const run = await reminders().runDue(new Date());
    expect(run).toMatchObject({ sent: 0, failed: 0 });
    expect(run.due).toBeGreaterThanOrEqual(2); // `due` and `checkedIn` are still inside their window
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(mailsTo(due)).toHaveLength(1);
    expect(mailsTo(checkedIn)).toHaveLength(0);
  });

  it('sends once when two runs race for the same reminder', async () => {
    const racer = await withReminder('Europe/Paris', '07:30');
    const at = new Date('2024-06-03T05:45:00Z'); // 07:45 in Paris (CEST)
    await Promise.all([reminders().runDue(at), reminders().runDue(at), reminders().runDue(at)]);
    // Only the racer's own sends count (others of this file may be due at that instant too).
    expect(await haven.strapi.db.query('plugin::wellness.reminder-send').count({ where: { userId: racer.id, status: 'sent' } })).toBe(1);
    await mailbox.waitFor((m) => JSON.stringify(m.to).includes(racer.email));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(mailsTo(racer)).toHaveLength(1);
    // The next local day is a new day.
    await reminders().runDue(new Date('2024-06-04T05:45:00Z'));
    await mailbox.waitFor((m) => JSON.stringify(m.to).includes(racer.email) && mailsTo(racer).length === 2);
  });

  it('follows the local clock across DST changes, within the grace window', async () => {
    const nyc = await withReminder('America/New_York', '08:00');
    // Other people of this file have reminders too (set relative to the real clock): count New York's sends only.
    const sends = () => haven.strapi.db.query('plugin::wellness.reminder-send').count({ where: { userId: nyc.id, status: 'sent' } });
    const sentAt = async (iso: string) => {
      const before = await sends();
      await reminders().runDue(new Date(iso));
      return (await sends()) - before;
    };
    expect(await sentAt('2024-03-09T12:59:00Z')).toBe(0); // 07:59 EST
    expect(await sentAt('2024-03-09T13:00:00Z')).toBe(1); // 08:00 EST
    expect(await sentAt('2024-03-10T11:59:00Z')).toBe(0); // 07:59 EDT, the day clocks went forward
    expect(await sentAt('2024-03-10T12:00:00Z')).toBe(1); // 08:00 EDT
    expect(await sentAt('2024-11-03T13:00:00Z')).toBe(1); // 08:00 EST, the day clocks went back
    expect(await sentAt('2024-11-04T15:01:00Z')).toBe(0); // 10:01 EST: more than 120 minutes late, skipped
    const days = await haven.strapi.db.query('plugin::wellness.reminder-send').findMany({ where: { userId: nyc.id }, orderBy: { localDate: 'asc' } });
    expect(days.map((d: { localDate: string }) => d.localDate)).toEqual(['2024-03-09', '2024-03-10', '2024-11-03']);
  });

  it('refuses a reminder without a time, or a time that is not HH:MM, writing nothing', async () => {
    const user = await createUser(haven, 'client');
    for (const body of [{ reminderEnabled: true }, { reminderEnabled: true, reminderTime: '25:00' }, { reminderTime: '8am' }, { reminderEnabled: 'yes' }]) {
      const res = await api.put('/api/wellness/settings', body, user.jwt);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/reminderTime|reminderEnabled/);
    }
    expect(await haven.strapi.db.query('plugin::wellness.setting').count({ where: { userId: user.id } })).toBe(0);
    const off = await api.put('/api/wellness/settings', { reminderEnabled: false }, user.jwt);
    expect(off.body.data.reminder).toEqual({ enabled: false, time: null });
  });
});
