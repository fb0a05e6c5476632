/** Free slots of a therapist, from their rules, their active bookings and their external busy times. */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { notFound } from '@haven/shared/errors';
import type { SlotList } from '@haven/shared/booking';
import { describePolicy } from '../lib/policy';
import type { AvailabilityRules } from '../lib/rules';
import { earliestStart, explainStart, freeSlots, latestStart, localIsoTimes, type RejectReason, type SlotContext } from '../lib/slots';
import { activeBookingsIn, externalBusyIn } from '../db/slot-inputs';
import { getService } from '../get-service';
import { offeredPolicyView, slotTherapistView } from '../views';
import { people, type Therapist } from '@haven/plugin-people/public';

const DAY = 86_400_000;
export { ACTIVE_STATUSES } from '../db/slot-inputs';

export type { SlotList };

export default ({ strapi }: { strapi: Core.Strapi }) => {
  return {
    /**
     * Everything the slot rules need for starts in [from, to). Bookings are read a week and a day
     * further on both sides, for the weekly limits and for buffers reaching into the window.
     */
    async context(therapist: Therapist, rules: AvailabilityRules, now: number, from: number, to: number, options: { trx?: Knex.Transaction; excludeBookingId?: number } = {}): Promise<SlotContext> {
      // Weekly limits need the whole weeks around the window; otherwise a day covers every buffer.
      const margin = rules.maxPerWeek ? 8 * DAY : rules.maxPerDay ? 2 * DAY : DAY;
      const [bookings, busy] = await Promise.all([
        activeBookingsIn(strapi, { therapistUserId: therapist.userId, from: from - margin, to: to + margin }, now, options.trx, options.excludeBookingId),
        externalBusyIn(strapi, { therapistUserId: therapist.userId, from: from - DAY, to: to + DAY }, options.trx),
      ]);
      return { rules, sessionMinutes: therapist.sessionMinutes, now, bookings, externalBusy: busy };
    },

    /** GET /therapists/:id/slots: free starts of a verified therapist in [from, to), written in the viewer's zone. */
    async list(therapistId: string, window: { from: number; to: number; tz: string }, now = Date.now()): Promise<SlotList> {
      const [therapist, saved] = await Promise.all([people.therapistById(therapistId), getService('availability').savedRulesByTherapistId(therapistId)]);
      if (!therapist?.inGoodStanding) throw notFound('No such therapist');
      const rules = saved ?? (await getService('availability').rulesFor(therapist.userId));
      const ctx = await this.context(therapist, rules, now, window.from, window.to);
      const starts = freeSlots(ctx, window.from, window.to);
      const locals = localIsoTimes(starts, window.tz);
      return {
        therapist: slotTherapistView.pick({ ...therapist, timeZone: rules.timeZone }),
        policy: offeredPolicyView.pick({ ...rules, text: describePolicy(rules) }),
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
