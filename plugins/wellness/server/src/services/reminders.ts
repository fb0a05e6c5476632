/**
 * The optional daily reminder: one mail at the local time a person chose, once per local day, across
 * restarts and however many CMS processes run. Sending starts by inserting a row keyed by
 * (user, local date) under a unique index: only the process whose insert succeeds sends. A failed
 * send removes its row so a later tick tries again; a process that dies between claim and send
 * leaves the row, so that day's reminder is skipped rather than risk sending two (at most once).
 */
import { sendMail } from '@haven/shared/server/strapi';
import type { Core } from '@strapi/strapi';
import { isUniqueViolation } from '@haven/shared/server/db';
import { periodicWorker } from '@haven/shared/server/worker';
import { people } from '@haven/plugin-people/public';
import { localClock, minutesOfTime } from '../lib/dates';
import { tables } from '../db/tables';
import { config } from '../get-service';

interface DueReminder {
  userId: number;
  localDate: string;
}

export interface ReminderRun {
  due: number;
  sent: number;
  /** Already claimed for the day (here or by another process) or already checked in. */
  skipped: number;
  failed: number;
}

const BATCH = 500;

export default ({ strapi }: { strapi: Core.Strapi }) => {

  /** People whose reminder time has come today in their zone, within the grace window. */
  async function dueAt(now: Date): Promise<DueReminder[]> {
    const grace = config().reminders.graceMinutes;
    const due: DueReminder[] = [];
    let afterId = 0;
    for (;;) {
      const rows = await tables(strapi).settings.findMany({
        where: { reminderEnabled: true, id: { $gt: afterId } },
        select: ['id', 'userId', 'reminderTime'],
        orderBy: { id: 'asc' },
        limit: BATCH,
      });
      if (rows.length === 0) break;
      afterId = rows[rows.length - 1].id;
      const persons = await people.many(rows.map((row) => row.userId));
      for (const row of rows) {
        const at = minutesOfTime(row.reminderTime);
        if (at === null) continue;
        const clock = localClock(persons.get(row.userId)!.timeZone, now);
        if (clock.minutes >= at && clock.minutes - at <= grace) due.push({ userId: row.userId, localDate: clock.date });
      }
    }
    return due;
  }

  async function send(email: string): Promise<void> {
    const link = `${config().siteUrl.replace(/\/+$/, '')}/wellness`;
    await sendMail(strapi, {
      to: email,
      subject: 'Your Haven check-in for today',
      text: [
        'A gentle reminder: how are you today? Your daily check-in takes under a minute.',
        '',
        `Check in: ${link}`,
        '',
        `You asked for this reminder. To change its time or turn it off: ${link}/settings`,
      ].join('\n'),
    });
  }

  const service = {
    /** Sends every reminder due at `now` that no process has sent today. Safe to call concurrently. */
    async runDue(now: Date = new Date()): Promise<ReminderRun> {
      const run: ReminderRun = { due: 0, sent: 0, skipped: 0, failed: 0 };
      const due = await dueAt(now);
      run.due = due.length;
      if (due.length === 0) return run;
      const emails = await people.emails(due.map((d) => d.userId), { deliverableOnly: true, purpose: 'wellness' });
      for (const reminder of due) {
        const email = emails.get(reminder.userId);
        const checkedIn = await tables(strapi).entries.count({ where: { userId: reminder.userId, localDate: reminder.localDate } });
        const sentBefore = await tables(strapi).reminderSends.count({ where: { userId: reminder.userId, localDate: reminder.localDate } });
        if (!email || checkedIn > 0 || sentBefore > 0) {
          run.skipped++;
          continue;
        }
        let claim;
        try {
          claim = await tables(strapi).reminderSends.create({ data: { userId: reminder.userId, localDate: reminder.localDate, status: 'sending' } });
        } catch (err) {
          if (!isUniqueViolation(err)) throw err;
          run.skipped++; // another process claimed it a moment ago
          continue;
        }
        try {
          await send(email);
          await tables(strapi).reminderSends.update({ where: { id: claim.id }, data: { status: 'sent', sentAt: new Date() } });
          run.sent++;
        } catch (err) {
          await tables(strapi).reminderSends.delete({ where: { id: claim.id } });
          strapi.log.error(`[wellness] a daily reminder could not be sent (will retry): ${(err as Error).message}`);
          run.failed++;
        }
      }
      return run;
    },

    /** Polls for due reminders (bootstrap): one run at a time in this process, and on PostgreSQL one per poll across processes. */
    start(): void {
      if (config().reminders.enabled) worker.start();
    },

    /** Stops polling and waits for a run under way (destroy). */
    stop: (): Promise<void> => worker.stop(),
  };
  const worker = periodicWorker({
    id: 'wellness.reminders',
    name: '[wellness] reminder run',
    pass: () => service.runDue(),
    intervalMs: () => config().reminders.pollMs,
    firstDelayMs: () => 0,
    logError: (message) => strapi.log.error(message),
  });
  return service;
};
