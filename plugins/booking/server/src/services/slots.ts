/** Free slots of a therapist, from their rules, their active bookings and their external busy times. */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { notFound } from '@haven/shared/errors';
import type { SlotList } from '@haven/shared/booking';
import { claimRange } from '../lib/claims';
import { describePolicy } from '../lib/policy';
import type { AvailabilityRules } from '../lib/rules';
import { earliestStart, explainStart, freeSlots, latestStart, localIsoTimes, type ActiveBooking, type Interval, type RejectReason, type SlotContext } from '../lib/slots';
import { meta, ms, UID } from '../db/uids';
import { getService } from '../get-service';
import { people, type Therapist } from '@haven/plugin-people/public';

const DAY = 86_400_000;
/** Statuses that hold a therapist's time (pending_payment only while its hold lasts). */
export const ACTIVE_STATUSES = ['pending_payment', 'confirmed', 'completed', 'no_show'] as const;

export type { SlotList };

export default ({ strapi }: { strapi: Core.Strapi }) => {
  /** Active bookings overlapping [from, to), read with plain SQL (the hot path of every slot list). */
  async function activeBookings(therapistUserId: number, from: number, to: number, now: number, trx?: Knex.Transaction, excludeBookingId?: number): Promise<ActiveBooking[]> {
    const b = meta(strapi, UID.booking);
    const query = (trx ?? strapi.db.connection)(b.table)
      .select('id', b.column('startsAt'), b.column('endsAt'), b.column('bufferBeforeMinutes'), b.column('bufferAfterMinutes'))
      .where(b.column('therapistUserId'), therapistUserId)
      .whereIn(b.column('status'), [...ACTIVE_STATUSES])
      .where(b.column('startsAt'), '<', new Date(to))
      .where(b.column('endsAt'), '>', new Date(from))
      .where((w) => w.whereNot(b.column('status'), 'pending_payment').orWhere(b.column('holdExpiresAt'), '>', new Date(now)));
    if (excludeBookingId) query.whereNot('id', excludeBookingId);
    const rows = (await query) as Record<string, unknown>[];
    return rows.map((row) => {
      const start = ms(row[b.column('startsAt')]);
      const end = ms(row[b.column('endsAt')]);
      return { start, end, units: claimRange(start, end, Number(row[b.column('bufferBeforeMinutes')] ?? 0), Number(row[b.column('bufferAfterMinutes')] ?? 0)) };
    });
  }

  async function externalBusy(therapistUserId: number, from: number, to: number, trx?: Knex.Transaction): Promise<Interval[]> {
    const x = meta(strapi, UID.busy);
    const rows = (await (trx ?? strapi.db.connection)(x.table)
      .select(x.column('startsAt'), x.column('endsAt'))
      .where(x.column('therapistUserId'), therapistUserId)
      .where(x.column('startsAt'), '<', new Date(to))
      .where(x.column('endsAt'), '>', new Date(from))) as Record<string, unknown>[];
    return rows.map((row) => ({ start: ms(row[x.column('startsAt')]), end: ms(row[x.column('endsAt')]) }));
  }

  return {
    /**
     * Everything the slot rules need for starts in [from, to). Bookings are read a week and a day
     * further on both sides, for the weekly limits and for buffers reaching into the window.
     */
    async context(therapist: Therapist, rules: AvailabilityRules, now: number, from: number, to: number, options: { trx?: Knex.Transaction; excludeBookingId?: number } = {}): Promise<SlotContext> {
      // Weekly limits need the whole weeks around the window; otherwise a day covers every buffer.
      const margin = rules.maxPerWeek ? 8 * DAY : rules.maxPerDay ? 2 * DAY : DAY;
      const [bookings, busy] = await Promise.all([
        activeBookings(therapist.userId, from - margin, to + margin, now, options.trx, options.excludeBookingId),
        externalBusy(therapist.userId, from - DAY, to + DAY, options.trx),
      ]);
      return { rules, sessionMinutes: therapist.sessionMinutes, now, bookings, externalBusy: busy };
    },

    /** GET /therapists/:id/slots: free starts of a verified therapist in [from, to), written in the viewer's zone. */
    async list(therapistId: string, window: { from: number; to: number; tz: string }, now = Date.now()): Promise<SlotList> {
      const [therapist, saved] = await Promise.all([people.therapistById(therapistId), getService('availability').savedRulesByTherapistId(therapistId)]);
      if (!therapist || !therapist.verified || therapist.blocked) throw notFound('No such therapist');
      const rules = saved ?? (await getService('availability').rulesFor(therapist.userId));
      const ctx = await this.context(therapist, rules, now, window.from, window.to);
      const starts = freeSlots(ctx, window.from, window.to);
      const locals = localIsoTimes(starts, window.tz);
      return {
        therapist: { id: therapist.id, timeZone: rules.timeZone, sessionMinutes: therapist.sessionMinutes },
        policy: { freeCancellationHours: rules.freeCancellationHours, lateCancellationRefundPercent: rules.lateCancellationRefundPercent, text: describePolicy(rules) },
        timeZone: window.tz,
        from: new Date(window.from).toISOString(),
        to: new Date(window.to).toISOString(),
        slots: starts.map((start, i) => ({ start: new Date(start).toISOString(), local: locals[i] })),
      };
    },

    /** Why a start cannot be booked now (null: it can). */
    async explain(therapist: Therapist, rules: AvailabilityRules, start: number, now: number, options: { trx?: Knex.Transaction; excludeBookingId?: number } = {}): Promise<RejectReason | null> {
      const ctx = await this.context(therapist, rules, now, start - DAY, start + DAY, options);
      return explainStart(ctx, start);
    },

    /** The first free start within the therapist's horizon, or null. Looks two weeks at a time. */
    async nextFree(therapist: Therapist, rules: AvailabilityRules, now = Date.now()): Promise<number | null> {
      if (!rules.weeklyHours.length && !rules.overrides.some((o) => o.kind === 'extra')) return null;
      const last = latestStart(rules, now) + 1;
      for (let from = earliestStart(rules, now); from < last; from += 14 * DAY) {
        const to = Math.min(last, from + 14 * DAY);
        const ctx = await this.context(therapist, rules, now, from, to);
        const found = freeSlots(ctx, from, to);
        if (found.length) return found[0];
      }
      return null;
    },
  };
};
