/**
 * Changes to existing bookings: cancel (one session, or it and the rest of its series), decline (the
 * therapist's "no" to a booking, with a kind message and a full refund), reschedule (same booking,
 * same calendar UID, SEQUENCE raised) and the therapist's outcome of a past session. The policy each
 * booking was made under (not the therapist's current one) decides refunds and whether a client may
 * still reschedule; a move keeps the booking's policy, since moving is part of the deal made then.
 */
import type { Core } from '@strapi/strapi';
import { people } from '@haven/plugin-people/public';
import { conflict, forbidden, HavenError, notFound } from '@haven/shared/errors';
import { bookingRows, snapshot, SlotTaken, type BookingRow } from '../db/booking-rows';
import { tables } from '../db/tables';
import { ms } from '../db/values';
import { bookedPolicy, refundFor, type CancelledBy, type Refund } from '../lib/policy';
import type { RejectReason } from '../lib/slots';
import { getService } from '../get-service';
import { rejection } from './bookings';

const OPEN = ['pending_payment', 'confirmed'];

/** The notice on sessions Haven cancels because an account was blocked (participants see it; the staff's reason stays in the audit log). */
export const HAVEN_CANCELLED = 'Cancelled by Haven: this account can no longer take sessions.';
/**
 * The notice on sessions cancelled because one participant's account is being erased (issue 20). True
 * as written: a cancellation by 'system' refunds 100% under any policy (lib/policy.ts refundFor), and
 * payments closes an unpaid checkout instead ("nothing is owed").
 */
export const ACCOUNT_CLOSED = 'Cancelled: the other person closed their Haven account. Nothing is owed; any payment is refunded in full.';

/** Why Haven cancels someone's upcoming sessions: staff blocked the account, or it is being erased. */
export type HavenCancellation = 'blocked' | 'account-closed';
const HAVEN_NOTICES: Record<HavenCancellation, string> = { blocked: HAVEN_CANCELLED, 'account-closed': ACCOUNT_CLOSED };

class Rejected extends Error {
  constructor(readonly reason: RejectReason) {
    super(reason);
  }
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const rows = bookingRows(strapi);
  const events = () => getService('events');

  const roleOf = (row: BookingRow, userId: number): CancelledBy => (row.therapistUserId === userId ? 'therapist' : 'client');

  function assertOpen(row: BookingRow, now: number, action: string) {
    if (!OPEN.includes(row.status)) throw conflict(`This session is ${row.status.replace('_', ' ')}; it cannot be ${action}.`, { reason: 'not_open', status: row.status });
    if (row.status === 'pending_payment' && ms(row.holdExpiresAt) <= now) throw conflict(`This booking was not paid in time; it cannot be ${action}.`, { reason: 'not_open', status: 'expired' });
    if (ms(row.startsAt) <= now) throw conflict(`This session has already started; it cannot be ${action}.`, { reason: 'started' });
  }

  /**
   * Ends a session (scope one) or it and every later open session of its series (scope following).
   * A therapist's decline refunds in full whatever the policy says.
   */
  async function end(userId: number, row: BookingRow, input: { reason?: string; scope: 'one' | 'following'; declined: boolean; by?: CancelledBy }, now: number): Promise<BookingRow[]> {
    const by = input.by ?? roleOf(row, userId);
    const current = await getService('availability').rulesFor(row.therapistUserId);
    let targets = [row];
    if (input.scope === 'following' && row.seriesId) {
      targets = (await rows.query().findMany({
        where: { seriesId: row.seriesId, clientUserId: row.clientUserId, therapistUserId: row.therapistUserId, status: { $in: OPEN }, startsAt: { $gte: new Date(ms(row.startsAt)) } },
        orderBy: [{ startsAt: 'asc' }],
      })) as BookingRow[];
    }
    const reason = input.reason?.trim() || null;
    const cancelled: { row: BookingRow; refund: Refund }[] = [];
    await strapi.db.transaction(async ({ trx }) => {
      for (const target of targets) {
        const rate = Number(target.rateMinor ?? 0);
        const currency = target.currency || 'USD';
        const refund: Refund = input.declined
          ? { kind: 'full', percent: 100, amountMinor: rate, currency }
          : refundFor(bookedPolicy(target.policy, current).policy, by, ms(target.startsAt), now, rate, currency);
        const { count } = await rows.query().updateMany({
          where: { id: target.id, status: { $in: OPEN } },
          data: {
            status: 'cancelled',
            cancelledAt: new Date(now),
            cancelledBy: by,
            cancelReason: reason,
            refund,
            declinedAt: input.declined ? new Date(now) : null,
            sequence: Number(target.sequence ?? 0) + 1,
            holdExpiresAt: null,
          },
        });
        if (!count) continue; // cancelled meanwhile by the other party: nothing more to do
        await rows.release(trx, [target.id]);
        cancelled.push({ row: target, refund });
      }
    });
    const fresh = (await rows.query().findMany({ where: { id: { $in: cancelled.map((c) => c.row.id) } }, orderBy: [{ startsAt: 'asc' }] })) as BookingRow[];
    for (const c of cancelled) {
      const updated = fresh.find((f) => f.id === c.row.id)!;
      events().emit('booking.cancelled', { booking: snapshot(updated), cancelledBy: by, reason, refund: c.refund, declined: input.declined });
    }
    if (!cancelled.length) throw conflict('This session was already cancelled.', { reason: 'not_open' });
    getService('directory').invalidate(row.therapistUserId);
    return fresh;
  }

  return {
    /** Cancels a session (scope one) or it and every later open session of its series (scope following). */
    async cancel(userId: number, bookingId: string, input: { reason?: string; scope: 'one' | 'following' }, now = Date.now()): Promise<BookingRow[]> {
      const row = await getService('bookings').findForParticipant(userId, bookingId);
      assertOpen(row, now, 'cancelled');
      return end(userId, row, { ...input, declined: false }, now);
    },

    /**
     * The therapist declines an upcoming booking (or it and the rest of its series): the client is
     * told kindly, with the therapist's message if they wrote one, refunded in full and the time is
     * free again. Only the booking's therapist may; the client is told to cancel instead.
     */
    async decline(userId: number, bookingId: string, input: { message?: string; scope: 'one' | 'following' }, now = Date.now()): Promise<BookingRow[]> {
      const row = await getService('bookings').findForParticipant(userId, bookingId);
      if (row.therapistUserId !== userId) throw forbidden('Only the therapist can decline a booking. You can cancel it instead.', { reason: 'not_therapist' });
      assertOpen(row, now, 'declined');
      return end(userId, row, { reason: input.message, scope: input.scope, declined: true }, now);
    },

    /**
     * Haven cancels every upcoming session of an account staff have blocked (`why` 'blocked') or that
     * is being erased ('account-closed'), as a therapist's cancellation would be (cancelledBy 'system',
     * full refund through payments' listener), and each participant is told by mail. The participants
     * read the neutral notice of `why` (a ban's staff reason stays in the audit log). Sessions cancelled
     * meanwhile are skipped; the answer is how many were cancelled.
     */
    async cancelUpcomingFor(userId: number, why: HavenCancellation = 'blocked', now = Date.now()): Promise<number> {
      const upcoming = (await rows.query().findMany({
        where: { $or: [{ clientUserId: userId }, { therapistUserId: userId }], status: { $in: OPEN }, startsAt: { $gt: new Date(now) } },
        orderBy: [{ startsAt: 'asc' }],
      })) as BookingRow[];
      let cancelled = 0;
      for (const row of upcoming) {
        if (row.status === 'pending_payment' && ms(row.holdExpiresAt) <= now) continue; // expiring anyway: the sweeper releases it
        try {
          cancelled += (await end(userId, row, { reason: HAVEN_NOTICES[why], scope: 'one', declined: false, by: 'system' }, now)).length;
        } catch (err) {
          if (!(err instanceof HavenError && err.status === 409)) throw err;
        }
      }
      return cancelled;
    },

    /**
     * Moves a session to another free start of the same therapist. Clients may do so only inside the
     * free-cancellation window; therapists any time before it starts.
     */
    async reschedule(userId: number, bookingId: string, start: number, now = Date.now()): Promise<BookingRow> {
      const row = await getService('bookings').findForParticipant(userId, bookingId);
      assertOpen(row, now, 'rescheduled');
      const by = roleOf(row, userId);
      const rules = await getService('availability').rulesFor(row.therapistUserId);
      // The booking's own policy (a move keeps it): the deal was made when it was booked.
      const policy = bookedPolicy(row.policy, rules).policy;
      if (by === 'client' && ms(row.startsAt) - now < policy.freeCancellationHours * 3_600_000) {
        throw conflict(`Sessions can be moved up to ${policy.freeCancellationHours} hours before they start. Please contact your therapist, or cancel under the policy.`, { reason: 'too_late' });
      }
      const person = await people.therapistByUserId(row.therapistUserId);
      if (!person) throw notFound('No such booking');
      // The session keeps its length even if the therapist has changed theirs since.
      const therapist = { ...person, sessionMinutes: Math.round((ms(row.endsAt) - ms(row.startsAt)) / 60_000) };
      const previous = { startsAt: snapshot(row).startsAt, endsAt: snapshot(row).endsAt };
      try {
        await strapi.db.transaction(async ({ trx }) => {
          await rows.lockTherapist(trx, row.therapistUserId);
          const reason = await getService('slots').explain(therapist, rules, start, now, { trx, excludeBookingId: row.id });
          if (reason) throw new Rejected(reason);
          const { count } = await rows.query().updateMany({
            where: { id: row.id, status: { $in: OPEN } },
            data: {
              startsAt: new Date(start),
              endsAt: new Date(start + therapist.sessionMinutes * 60_000),
              bufferBeforeMinutes: rules.bufferBeforeMinutes,
              bufferAfterMinutes: rules.bufferAfterMinutes,
              sequence: Number(row.sequence ?? 0) + 1,
            },
          });
          if (!count) throw conflict('This session was cancelled meanwhile.', { reason: 'not_open' });
          await rows.release(trx, [row.id]);
          // Reminders follow the new time: those of the old time are forgotten.
          await tables(strapi).reminders.deleteMany({ where: { bookingId: row.id } });
          const moved = (await rows.byId(row.id))!;
          if ((await rows.claim(trx, moved)) === SlotTaken) throw new Rejected('taken');
        });
      } catch (err) {
        if (err instanceof Rejected) throw rejection(err.reason);
        throw err;
      }
      const moved = (await rows.byId(row.id))!;
      events().emit('booking.rescheduled', { booking: snapshot(moved), previous });
      getService('directory').invalidate(row.therapistUserId);
      return moved;
    },

    /** The therapist marks a session that has started as completed or no-show. */
    async setOutcome(userId: number, bookingId: string, outcome: 'completed' | 'no_show', now = Date.now()): Promise<BookingRow> {
      const row = await getService('bookings').findForParticipant(userId, bookingId);
      if (row.therapistUserId !== userId) throw notFound('No such booking');
      if (!['confirmed', 'completed', 'no_show'].includes(row.status)) throw conflict(`This session is ${row.status.replace('_', ' ')}; it has no outcome.`, { reason: 'not_open' });
      if (ms(row.startsAt) > now) throw conflict('A session can be marked completed or no-show once it has started.', { reason: 'not_started' });
      await rows.query().updateMany({ where: { id: row.id, status: { $in: ['confirmed', 'completed', 'no_show'] } }, data: { status: outcome, outcomeAt: new Date(now) } });
      const updated = (await rows.byId(row.id))!;
      events().emit('booking.outcome', { booking: snapshot(updated), outcome });
      return updated;
    },
  };
};
