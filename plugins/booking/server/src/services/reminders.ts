/**
 * Reminder emails (by default 24 hours and 1 hour before each confirmed session), sent once even
 * across restarts and with several CMS processes on one database. Before sending, a process claims
 * the reminder by inserting its row (unique per booking and lead time): only one insert can win. The
 * row carries a lease; if the process dies before marking it sent, another takes it over when the
 * lease has run out (a conditional update, so again only one does). Sent reminders are never sent
 * again. A reminder is skipped when the session was booked after its time (the confirmation just
 * went out) or when a shorter one is already due.
 */
import crypto from 'node:crypto';
import os from 'node:os';
import type { Core } from '@strapi/strapi';
import { periodicWorker } from '@haven/shared/server/worker';
import { bookingRows, snapshot, type BookingRow } from '../db/booking-rows';
import type { ReminderRow } from '../db/rows';
import { tables } from '../db/tables';
import { isUniqueViolation, ms, msOrNull } from '../db/values';
import { config, getService } from '../get-service';

const BATCH = 100;
/** After a failed send, wait this long before the next try (the lease is moved to then). */
const RETRY_MS = 60_000;


export default ({ strapi }: { strapi: Core.Strapi }) => {
  const reminders = () => tables(strapi).reminders;
  const rows = bookingRows(strapi);
  const owner = `${os.hostname()}:${process.pid}:${crypto.randomBytes(4).toString('hex')}`;

  /** Takes the reminder for this process; false when another process has it or it was sent. */
  async function claim(bookingId: number, leadMinutes: number, now: number): Promise<boolean> {
    const leaseUntil = new Date(now + config().reminderLeaseMs);
    try {
      await reminders().create({ data: { bookingId, leadMinutes, state: 'sending', owner, leaseUntil, attempts: 1 } });
      return true;
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
    }
    const existing = (await reminders().findOne({ where: { bookingId, leadMinutes } })) as ReminderRow | null;
    if (!existing || existing.state !== 'sending') return false;
    const { count } = await reminders().updateMany({
      where: { id: existing.id, state: 'sending', leaseUntil: { $lt: new Date(now) } },
      data: { owner, leaseUntil, attempts: Number(existing.attempts ?? 0) + 1 },
    });
    return count === 1;
  }

  async function sendDue(now: number): Promise<number> {
    const leads = config().reminderLeadsMinutes; // longest first
    let sent = 0;
    for (let i = 0; i < leads.length; i++) {
      const lead = leads[i];
      const shorter = leads[i + 1] ?? 0;
      // Due: starts within `lead` minutes but not yet within the next shorter lead (that one covers it).
      const due = (await rows.query().findMany({
        where: {
          status: 'confirmed',
          startsAt: { $gt: new Date(now + shorter * 60_000), $lte: new Date(now + lead * 60_000) },
        },
        orderBy: [{ startsAt: 'asc' }],
        limit: BATCH,
      })) as (BookingRow & { confirmedAt: string | null })[];
      if (!due.length) continue;
      const known = (await reminders().findMany({ where: { bookingId: { $in: due.map((b) => b.id) }, leadMinutes: lead } })) as ReminderRow[];
      const byBooking = new Map(known.map((r) => [Number(r.bookingId), r]));
      for (const booking of due) {
        const seen = byBooking.get(booking.id);
        if (seen && (seen.state !== 'sending' || (msOrNull(seen.leaseUntil) ?? 0) >= now)) continue;
        const remindAt = ms(booking.startsAt) - lead * 60_000;
        const confirmedAt = msOrNull(booking.confirmedAt) ?? 0;
        if (!seen && confirmedAt > remindAt) {
          // Booked after this reminder's time: the confirmation mail already told them.
          try {
            await reminders().create({ data: { bookingId: booking.id, leadMinutes: lead, state: 'skipped', owner } });
          } catch (err) {
            if (!isUniqueViolation(err)) throw err;
          }
          continue;
        }
        if (!(await claim(booking.id, lead, now))) continue;
        try {
          await getService('notifications').remind(snapshot(booking), lead);
          await reminders().updateMany({ where: { bookingId: booking.id, leadMinutes: lead, owner }, data: { state: 'sent', sentAt: new Date(), leaseUntil: null } });
          sent++;
        } catch (err) {
          await reminders().updateMany({
            where: { bookingId: booking.id, leadMinutes: lead, owner },
            data: { leaseUntil: new Date(Date.now() + RETRY_MS), lastError: String((err as Error).message).slice(0, 1000) },
          });
        }
      }
    }
    return sent;
  }

  const worker = periodicWorker({
    id: 'booking.reminders',
    name: '[booking] reminders',
    pass: () => sendDue(Date.now()),
    intervalMs: () => config().reminderPollMs,
    firstDelayMs: () => 1000,
    logError: (message) => strapi.log.error(message),
  });

  return {
    /** One pass over due reminders; resolves with how many were sent by this process. */
    runOnce: (now = Date.now()): Promise<number> => worker.once(() => sendDue(now)),
    start: () => worker.start(),
    stop: () => worker.stop(),

    /** Reminder rows of a booking (tests and admin). */
    async of(bookingId: number) {
      return reminders().findMany({ where: { bookingId }, orderBy: [{ leadMinutes: 'desc' }] });
    },
  };
};
