/**
 * What one client may hold and how fast they may book. Without an online payment provider a booking
 * is confirmed without payment, so nothing else stops one account from filling a therapist's
 * calendar (and their mailbox). Two rules, both counted from the bookings table itself, so they hold
 * across several CMS processes and restarts:
 * - upcoming sessions not paid yet (confirmed without payment, or waiting for payment while the hold
 *   lasts) per client: at most `maxUnpaidPerTherapist` with one therapist and `maxUnpaidTotal` in all.
 *   Paid sessions do not count; cancelled, declined, expired and past ones free their place.
 * - booking requests per client: at most `createPerWindow` in `createWindowMinutes` (a weekly series
 *   is one request). Requests that booked nothing do not count; cancelling does not give one back,
 *   so booking and cancelling in a loop (a mail to the therapist each time) stops too.
 * The checks run once before any work and again inside the booking's transaction, after the
 * therapist's and the client's rows are locked (PostgreSQL), so concurrent requests cannot pass together.
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { conflict, tooMany } from '@haven/shared/errors';
import { config } from '../get-service';
import { recentRequestTimes, unpaidCounts } from '../db/limit-counts';

export interface LimitCheck {
  clientUserId: number;
  therapistUserId: number;
  /** Sessions this request would add. */
  adding: number;
  /** The series being booked (its weeks already written count as this one request). */
  seriesId: string | null;
  now: number;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export default ({ strapi }: { strapi: Core.Strapi }) => {
  return {
    /** Throws 429 (with Retry-After) or 409 with a kind message when the request would pass a limit. */
    async check(trx: Knex.Transaction | null, input: LimitCheck) {
      const limits = config().limits;
      const windowMs = limits.createWindowMinutes * 60_000;
      // Request times are the rows' own creation times, written by the database layer in real time.
      const real = Date.now();
      const recent = await recentRequestTimes(strapi, trx, input.clientUserId, real - windowMs, input.seriesId, limits.createPerWindow);
      if (recent.length >= limits.createPerWindow) {
        const retryAt = new Date(recent[limits.createPerWindow - 1] + windowMs);
        const minutes = Math.max(1, Math.ceil((retryAt.getTime() - real) / 60_000));
        throw tooMany(
          `You have made ${plural(limits.createPerWindow, 'booking')} in the last ${plural(limits.createWindowMinutes, 'minute')}, which is as many as we allow, to keep therapists' calendars fair for everyone. You can book again in about ${plural(minutes, 'minute')}. Your sessions are not affected.`,
          retryAt,
          { reason: 'booking_rate', limit: limits.createPerWindow, windowMinutes: limits.createWindowMinutes },
        );
      }
      const [mine, total] = await unpaidCounts(strapi, trx, input.clientUserId, input.therapistUserId, input.now);
      const left = (max: number, held: number) =>
        held >= max ? 'Please pay for or cancel one of them first.' : `You can book ${plural(max - held, 'more session')} now: please choose fewer weeks.`;
      if (mine + input.adding > limits.maxUnpaidPerTherapist) {
        throw conflict(
          `You have ${plural(mine, 'upcoming session')} with this therapist that ${mine === 1 ? 'is' : 'are'} not paid yet, and you can hold up to ${limits.maxUnpaidPerTherapist} at a time. ${left(limits.maxUnpaidPerTherapist, mine)}`,
          { reason: 'unpaid_limit', scope: 'therapist', limit: limits.maxUnpaidPerTherapist, held: mine },
        );
      }
      if (total + input.adding > limits.maxUnpaidTotal) {
        throw conflict(
          `You have ${plural(total, 'upcoming session')} that ${total === 1 ? 'is' : 'are'} not paid yet, and you can hold up to ${limits.maxUnpaidTotal} at a time with all therapists together. ${left(limits.maxUnpaidTotal, total)}`,
          { reason: 'unpaid_limit', scope: 'total', limit: limits.maxUnpaidTotal, held: total },
        );
      }
    },
  };
};
