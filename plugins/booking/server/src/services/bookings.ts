/**
 * Booking sessions: one, or the same weekly time for several weeks (a series). Each occurrence is
 * checked against the slot rules and reserved in a transaction that claims its time units; the
 * database's unique index on claims refuses any overlap, so concurrent requests for one slot give
 * exactly one booking. A booking that needs payment (the payment gate decides) holds its slot as
 * pending_payment until paid or until the hold runs out.
 */
import crypto from 'node:crypto';
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { badRequest, conflict, HavenError, notFound } from '@haven/shared/errors';
import type { BookingView } from '@haven/shared/booking';
import { bookingRows, snapshot, SlotTaken, type BookingRow } from '../db/booking-rows';
import { ms } from '../db/values';
import { bookedPolicy, describePolicy, policyTerms, refundFor, samePolicy, type CancellationPolicy } from '../lib/policy';
import type { AvailabilityRules } from '../lib/rules';
import { REASON_MESSAGES, weeklyOccurrences, type RejectReason } from '../lib/slots';
import { config, getService } from '../get-service';
import type { BookingSnapshot } from './events';
import { bookedPolicyView, bookingView, offeredPolicyView, otherPartyView, type ParticipantBookingRecord } from '../views';
import { people, type Therapist } from '@haven/plugin-people/public';

export interface CreateBookingInput {
  therapist: string;
  start: number;
  weeks?: number;
  skipConflicts?: boolean;
  /** The cancellation policy the client was shown; when the therapist has changed it since, nothing is booked. */
  policy?: CancellationPolicy;
}

export interface OccurrenceCheck {
  start: string;
  free: boolean;
  reason: RejectReason | null;
  message: string | null;
}

export type { BookingView };

export interface Page<T> {
  data: T[];
  meta: { pagination: { page: number; pageSize: number; total: number; pageCount: number } };
}

/** A refusal of one occurrence: 400 for what the client could not have picked, 409 for what is taken. */
export function rejection(reason: RejectReason, extra: Record<string, unknown> = {}) {
  const client = reason === 'past' || reason === 'notice' || reason === 'horizon' || reason === 'off_grid';
  return client ? badRequest(REASON_MESSAGES[reason], { reason, ...extra }) : conflict(REASON_MESSAGES[reason], { reason, ...extra });
}

class Rejected extends Error {
  constructor(readonly reason: RejectReason, readonly start: number) {
    super(reason);
  }
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const rows = bookingRows(strapi);
  const events = () => getService('events');

  async function verifiedTherapist(id: string): Promise<Therapist> {
    const therapist = await people.therapistById(id);
    if (!therapist?.inGoodStanding) throw notFound('No such therapist');
    return therapist;
  }

  /**
   * The therapist of a new booking: one whose verification was withdrawn (or never given) or whose
   * account is suspended, or whose licence has expired, takes no new bookings, said kindly; their existing sessions stay as they are.
   */
  async function bookableTherapist(id: string): Promise<Therapist> {
    const therapist = await people.therapistById(id);
    if (!therapist) throw notFound('No such therapist');
    if (!therapist.inGoodStanding) {
      throw conflict('This therapist is not taking new bookings at the moment. Sessions you already have with them are not affected. You can find another therapist in the directory.', { reason: 'not_accepting' });
    }
    return therapist;
  }

  /** Reserves one occurrence inside the caller's transaction, or throws Rejected. */
  async function reserveIn(trx: Knex.Transaction, params: {
    therapist: Therapist;
    rules: AvailabilityRules;
    clientUserId: number;
    start: number;
    now: number;
    needsPayment: boolean;
    seriesId: string | null;
  }): Promise<BookingRow> {
    const { therapist, rules, start, now } = params;
    await rows.lockTherapist(trx, therapist.userId);
    const reason = await getService('slots').explain(therapist, rules, start, now, { trx });
    if (reason) throw new Rejected(reason, start);
    const confirmed = !params.needsPayment;
    const created = (await rows.query().create({
      data: {
        therapistUserId: therapist.userId,
        therapistProfileId: therapist.id,
        clientUserId: params.clientUserId,
        startsAt: new Date(start),
        endsAt: new Date(start + therapist.sessionMinutes * 60_000),
        status: confirmed ? 'confirmed' : 'pending_payment',
        seriesId: params.seriesId,
        holdExpiresAt: confirmed ? null : new Date(now + config().paymentHoldMinutes * 60_000),
        confirmedAt: confirmed ? new Date(now) : null,
        rateMinor: therapist.rateMinor,
        currency: therapist.currency,
        // The policy shown before booking is the one that applies to this booking, whatever the therapist sets later.
        policy: policyTerms(rules),
        bufferBeforeMinutes: rules.bufferBeforeMinutes,
        bufferAfterMinutes: rules.bufferAfterMinutes,
        sequence: 0,
      },
    })) as BookingRow;
    if ((await rows.claim(trx, created)) === SlotTaken) throw new Rejected('taken', start);
    return created;
  }

  function announce(created: BookingRow[]) {
    for (const row of created) {
      const booking = snapshot(row);
      events().emit('booking.created', { booking });
      if (row.status === 'confirmed') events().emit('booking.confirmed', { booking });
    }
    if (created.length) getService('directory').invalidate(created[0].therapistUserId);
  }

  return {
    /** Checks every week of a series without writing anything. */
    async checkSeries(therapistId: string, start: number, weeks: number, now = Date.now()): Promise<{ occurrences: OccurrenceCheck[]; maxSeriesWeeks: number }> {
      const therapist = await verifiedTherapist(therapistId);
      const rules = await getService('availability').rulesFor(therapist.userId);
      if (weeks > rules.maxSeriesWeeks) throw badRequest(`weeks must be at most ${rules.maxSeriesWeeks}: this therapist takes series of up to ${rules.maxSeriesWeeks} weeks.`, { errors: [{ path: ['weeks'], message: `must be at most ${rules.maxSeriesWeeks}` }] });
      const occurrences: OccurrenceCheck[] = [];
      for (const at of weeklyOccurrences(start, weeks, rules.timeZone)) {
        const reason = await getService('slots').explain(therapist, rules, at, now);
        occurrences.push({ start: new Date(at).toISOString(), free: !reason, reason, message: reason ? REASON_MESSAGES[reason] : null });
      }
      return { occurrences, maxSeriesWeeks: rules.maxSeriesWeeks };
    },

    /**
     * Books one session (weeks absent or 1) or a weekly series. When some weeks of a series are not
     * free: 409 listing them and nothing written, unless skipConflicts, which books the free ones.
     */
    async create(clientUserId: number, input: CreateBookingInput, now = Date.now()): Promise<{ bookings: BookingRow[]; skipped: OccurrenceCheck[] }> {
      const therapist = await bookableTherapist(input.therapist);
      if (therapist.userId === clientUserId) throw badRequest('You cannot book a session with yourself.');
      const rules = await getService('availability').rulesFor(therapist.userId);
      const weeks = input.weeks ?? 1;
      if (weeks > rules.maxSeriesWeeks) {
        throw badRequest(`weeks must be at most ${rules.maxSeriesWeeks}: this therapist takes series of up to ${rules.maxSeriesWeeks} weeks.`, { errors: [{ path: ['weeks'], message: `must be at most ${rules.maxSeriesWeeks}` }] });
      }
      if (input.policy && !samePolicy(input.policy, rules)) {
        const text = describePolicy(rules);
        throw conflict(`This therapist changed their cancellation policy since you opened the page, so nothing was booked. It is now: ${text}`, {
          reason: 'policy_changed',
          policy: offeredPolicyView.pick({ ...rules, text }),
        });
      }
      const limits = getService('limits');
      // Checked before any work, and again under the locks of the transaction that writes.
      await limits.check(null, { clientUserId, therapistUserId: therapist.userId, adding: weeks, seriesId: null, now });
      await getService('payment-hook').releaseExpiredHolds({ therapistUserId: therapist.userId, now });
      const seriesId = weeks > 1 ? crypto.randomUUID() : null;
      const needsPayment = await getService('payment-hook').needsPayment({
        therapistUserId: therapist.userId,
        therapistId: therapist.id,
        clientUserId,
        startsAt: new Date(input.start).toISOString(),
        rateMinor: therapist.rateMinor,
        currency: therapist.currency,
        seriesId,
      });
      const starts = weeklyOccurrences(input.start, weeks, rules.timeZone);
      const params = { therapist, rules, clientUserId, now, needsPayment, seriesId };

      // The first week decides whether the request makes sense at all (grid, notice, horizon).
      const firstReason = await getService('slots').explain(therapist, rules, starts[0], now);
      if (firstReason && firstReason !== 'taken' && firstReason !== 'busy' && firstReason !== 'day_limit' && firstReason !== 'week_limit') throw rejection(firstReason);

      if (weeks === 1 || !input.skipConflicts) {
        try {
          const created = await strapi.db.transaction(async ({ trx }) => {
            await rows.lockTherapist(trx, therapist.userId);
            await rows.lockClient(trx, clientUserId);
            await limits.check(trx, { clientUserId, therapistUserId: therapist.userId, adding: starts.length, seriesId, now });
            const out: BookingRow[] = [];
            for (const start of starts) out.push(await reserveIn(trx, { ...params, start }));
            return out;
          });
          announce(created);
          return { bookings: created, skipped: [] };
        } catch (err) {
          if (!(err instanceof Rejected)) throw err;
          if (weeks === 1) throw rejection(err.reason);
          // Tell the client every week that is not free, so they can book the rest or none.
          const { occurrences } = await this.checkSeries(therapist.id, input.start, weeks, now);
          const taken = occurrences.filter((o) => !o.free);
          if (!taken.length) taken.push({ start: new Date(err.start).toISOString(), free: false, reason: err.reason, message: REASON_MESSAGES[err.reason] });
          throw conflict(`${taken.length} of the ${weeks} weeks ${taken.length === 1 ? 'is' : 'are'} not free. Book the other weeks, or choose another time.`, {
            reason: 'series_conflict',
            conflicts: taken,
            occurrences,
          });
        }
      }

      // skipConflicts: each week in its own transaction, so a taken week does not undo the others.
      const created: BookingRow[] = [];
      const skipped: OccurrenceCheck[] = [];
      for (const start of starts) {
        try {
          created.push(
            await strapi.db.transaction(async ({ trx }) => {
              await rows.lockTherapist(trx, therapist.userId);
              await rows.lockClient(trx, clientUserId);
              await limits.check(trx, { clientUserId, therapistUserId: therapist.userId, adding: 1, seriesId, now });
              return reserveIn(trx, { ...params, start });
            }),
          );
        } catch (err) {
          // A limit reached half-way (another request of the same client won the race): keep the weeks booked so far.
          if (err instanceof HavenError && created.length) {
            skipped.push({ start: new Date(start).toISOString(), free: false, reason: null, message: err.message });
            continue;
          }
          if (!(err instanceof Rejected)) throw err;
          skipped.push({ start: new Date(start).toISOString(), free: false, reason: err.reason, message: REASON_MESSAGES[err.reason] });
        }
      }
      if (!created.length) throw conflict('None of these weeks is free. Please choose another time.', { reason: 'series_conflict', conflicts: skipped });
      announce(created);
      return { bookings: created, skipped };
    },

    /** A participant's view of bookings (the other party by display name only). */
    async views(userId: number, list: BookingRow[], now = Date.now()): Promise<BookingView[]> {
      const persons = await people.many(list.flatMap((row) => [row.clientUserId, row.therapistUserId]));
      const rulesByTherapist = await getService('availability').rulesForMany([...new Set(list.map((row) => row.therapistUserId))]);
      const fallback = async (therapistUserId: number) => rulesByTherapist.get(therapistUserId) ?? (await getService('availability').rulesFor(therapistUserId));
      const out: BookingView[] = [];
      for (const row of list) {
        const { policy, asBooked } = bookedPolicy(row.policy, await fallback(row.therapistUserId));
        const yourRole = row.therapistUserId === userId ? 'therapist' : 'client';
        const other = persons.get(yourRole === 'therapist' ? row.clientUserId : row.therapistUserId);
        const start = ms(row.startsAt);
        const active = (row.status === 'confirmed' || row.status === 'pending_payment') && start > now;
        const inWindow = start - now >= policy.freeCancellationHours * 3_600_000;
        const snap = snapshot(row);
        const record: ParticipantBookingRecord = {
          ...snap,
          yourRole,
          with: other ? otherPartyView.pick(other) : { displayName: 'Haven member' },
          cancelledBy: row.cancelledBy ?? null,
          cancelReason: row.cancelReason ?? null,
          refund: row.refund ?? null,
          declined: Boolean(row.declinedAt),
          policy: bookedPolicyView.pick({ ...policy, text: describePolicy(policy), asBooked }),
          canCancel: active,
          canDecline: active && yourRole === 'therapist',
          canReschedule: active && (yourRole === 'therapist' || inWindow),
          refundIfCancelledNow: active ? refundFor(policy, yourRole, start, now, snap.rateMinor, snap.currency) : null,
        };
        // The record also holds both accounts and the calendar sequence; only the named fields leave.
        out.push(bookingView.pick(record));
      }
      return out;
    },

    /** A booking its client or therapist may see; anyone else gets the same 404 as for a missing one. */
    async findForParticipant(userId: number, documentId: string): Promise<BookingRow> {
      const row = await rows.byDocumentId(documentId);
      if (!row || (row.clientUserId !== userId && row.therapistUserId !== userId)) throw notFound('No such booking');
      return row;
    },

    /**
     * GET /bookings?scope=upcoming|past|cancelled: the caller's sessions as client or therapist.
     * upcoming: open sessions still to come, soonest first. past: sessions whose time is over (and ones
     * marked completed or missed early), newest first. cancelled: cancelled sessions whose time is still
     * ahead, soonest first; kept apart from past, where their later dates would sort above what happened.
     */
    async list(userId: number, query: { scope: 'upcoming' | 'past' | 'cancelled'; page: number; pageSize: number }, now = Date.now()): Promise<Page<BookingView>> {
      const mine = { $or: [{ clientUserId: userId }, { therapistUserId: userId }] };
      const nowDate = new Date(now);
      const where =
        query.scope === 'upcoming'
          ? {
              $and: [
                mine,
                { endsAt: { $gt: nowDate } },
                { $or: [{ status: 'confirmed' }, { status: 'pending_payment', holdExpiresAt: { $gt: nowDate } }] },
              ],
            }
          : query.scope === 'cancelled'
            ? { $and: [mine, { status: 'cancelled' }, { endsAt: { $gt: nowDate } }] }
            : {
                $and: [
                  mine,
                  { status: { $ne: 'expired' } },
                  { $or: [{ endsAt: { $lte: nowDate } }, { status: { $in: ['completed', 'no_show'] } }] },
                ],
              };
      const [found, total] = await Promise.all([
        rows.query().findMany({
          where,
          orderBy: [{ startsAt: query.scope === 'past' ? 'desc' : 'asc' }, { id: 'asc' }],
          offset: (query.page - 1) * query.pageSize,
          limit: query.pageSize,
        }),
        rows.query().count({ where }),
      ]);
      return {
        data: await this.views(userId, found as BookingRow[], now),
        meta: { pagination: { page: query.page, pageSize: query.pageSize, total, pageCount: Math.ceil(total / query.pageSize) } },
      };
    },
  };
};
