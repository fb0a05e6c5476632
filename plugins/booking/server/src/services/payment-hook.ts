/**
 * What the payments plugin plugs into. It registers a payment gate at start; the gate decides whether
 * a new booking waits for payment (`pending_payment`, slot held for BOOKING_PAYMENT_HOLD_MINUTES) or
 * is confirmed at once. Without a gate every booking is confirmed at once ("pay your therapist
 * directly"), unless BOOKING_REQUIRE_PAYMENT=true. Payments then calls markPaid() and reads bookings
 * with readForPayment(). Unpaid holds are released by a sweeper (status expired, slot free, event
 * booking.expired) and also just before anyone books the same therapist.
 */
import type { Core } from '@strapi/strapi';
import { periodicWorker } from '@haven/shared/server/worker';
import { bookingRows, snapshot, SlotTaken, type BookingRow } from '../db/booking-rows';
import { ms } from '../db/values';
import { config, getService } from '../get-service';
import type { BookingSnapshot } from './events';

/** What the gate is asked about a booking that is about to be written. */
export interface PaymentQuote {
  therapistUserId: number;
  therapistId: string;
  clientUserId: number;
  startsAt: string;
  rateMinor: number;
  currency: string;
  seriesId: string | null;
}

export interface PaymentGate {
  /** Shown in logs and in GET /api/booking/health. */
  name: string;
  /** true: the booking is created pending_payment and holds its slot until paid or expired. */
  requiresPayment(quote: PaymentQuote): boolean | Promise<boolean>;
}

export type MarkPaidResult =
  | { ok: true; booking: BookingSnapshot; alreadyPaid: boolean }
  /** slot_taken: the hold ran out and someone else booked the time (refund the payment). */
  | { ok: false; reason: 'not_found' | 'slot_taken' | 'cancelled' | 'already_started'; booking: BookingSnapshot | null; message: string };

export interface BookingForPayment {
  booking: BookingSnapshot;
  /** The series this booking belongs to, every occurrence in order (null for a single session). */
  series: { id: string; occurrences: BookingSnapshot[] } | null;
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const rows = bookingRows(strapi);
  let gate: PaymentGate | null = null;

  const service = {
    /** Called by the payments plugin in its bootstrap. The last registration wins. */
    registerPaymentGate(next: PaymentGate) {
      gate = next;
      strapi.log.info(`[booking] payment gate "${next.name}" registered`);
    },

    gateName(): string {
      return config().requirePayment ? 'forced (BOOKING_REQUIRE_PAYMENT)' : gate?.name ?? 'none (pay the therapist directly)';
    },

    async needsPayment(quote: PaymentQuote): Promise<boolean> {
      if (config().requirePayment) return true;
      return gate ? Boolean(await gate.requiresPayment(quote)) : false;
    },

    /**
     * pending_payment → confirmed, atomically (a conditional update: two calls confirm once). A hold
     * that ran out is confirmed too when its time is still free (claimed again); when someone else
     * booked it meanwhile the answer says slot_taken so that payments can refund.
     */
    async markPaid(bookingId: string, now = Date.now()): Promise<MarkPaidResult> {
      const row = await rows.byDocumentId(bookingId);
      if (!row) return { ok: false, reason: 'not_found', booking: null, message: 'No such booking' };
      if (row.paidAt && (row.status === 'confirmed' || row.status === 'completed' || row.status === 'no_show')) {
        return { ok: true, booking: snapshot(row), alreadyPaid: true };
      }
      if (row.status === 'cancelled') return { ok: false, reason: 'cancelled', booking: snapshot(row), message: 'The booking was cancelled before it was paid.' };
      if (row.status === 'expired' && ms(row.startsAt) <= now) {
        return { ok: false, reason: 'already_started', booking: snapshot(row), message: 'The session time has passed.' };
      }

      const outcome = await strapi.db.transaction(async ({ trx }) => {
        const data = { status: 'confirmed' as const, paidAt: new Date(now), confirmedAt: new Date(now), holdExpiresAt: null };
        if (row.status === 'pending_payment' || row.status === 'confirmed') {
          const { count } = await rows.query().updateMany({ where: { id: row.id, status: { $in: ['pending_payment', 'confirmed'] }, paidAt: { $null: true } }, data });
          return count ? 'confirmed' : 'raced';
        }
        // expired: the slot was released; claim it again if nobody took it.
        await rows.lockTherapist(trx, row.therapistUserId);
        const { count } = await rows.query().updateMany({ where: { id: row.id, status: 'expired' }, data: { ...data, cancelledAt: null, cancelledBy: null, cancelReason: null } });
        if (!count) return 'raced';
        if ((await rows.claim(trx, row)) === SlotTaken) throw SlotTaken;
        return 'confirmed';
      }).catch((err: unknown) => {
        if (err === SlotTaken) return 'taken' as const;
        throw err;
      });

      const fresh = (await rows.byId(row.id))!;
      if (outcome === 'taken') {
        return { ok: false, reason: 'slot_taken', booking: snapshot(fresh), message: 'The hold ran out and someone else booked this time; refund the payment.' };
      }
      if (outcome === 'raced') return this.markPaid(bookingId, now);
      const booking = snapshot(fresh);
      // Confirmed only now if it was waiting for payment; a booking confirmed before stays announced once.
      if (row.status !== 'confirmed') getService('events').emit('booking.confirmed', { booking });
      getService('directory').invalidate(row.therapistUserId);
      return { ok: true, booking, alreadyPaid: false };
    },

    /**
     * Takes back a direct payment's mark (the therapist's undo): the booking is unpaid again, as it was
     * before. Only a mark made at or after `markedAt` is cleared (conditional update), so a booking
     * paid earlier by another payment keeps its payment. Confirmed bookings stay confirmed: without an
     * online gateway they were confirmed before any payment. Whether it changed.
     */
    async markUnpaid(bookingId: string, markedAt: Date): Promise<boolean> {
      const row = await rows.byDocumentId(bookingId);
      if (!row) return false;
      const { count } = await rows.query().updateMany({ where: { id: row.id, paidAt: { $gte: markedAt } }, data: { paidAt: null } });
      if (count) getService('directory').invalidate(row.therapistUserId);
      return count > 0;
    },

    /** A booking with its rate, currency and series, for checkout and receipts. */
    async readForPayment(bookingId: string): Promise<BookingForPayment | null> {
      const row = await rows.byDocumentId(bookingId);
      if (!row) return null;
      let series: BookingForPayment['series'] = null;
      if (row.seriesId) {
        const all = (await rows.query().findMany({ where: { seriesId: row.seriesId }, orderBy: [{ startsAt: 'asc' }] })) as BookingRow[];
        series = { id: row.seriesId, occurrences: all.map(snapshot) };
      }
      return { booking: snapshot(row), series };
    },

    /** Releases holds that ran out (all therapists, or one); each is released once even with several processes. */
    async releaseExpiredHolds(options: { therapistUserId?: number; now?: number } = {}): Promise<number> {
      const now = options.now ?? Date.now();
      const due = (await rows.query().findMany({
        where: { status: 'pending_payment', holdExpiresAt: { $lte: new Date(now) }, ...(options.therapistUserId ? { therapistUserId: options.therapistUserId } : {}) },
        limit: 200,
        orderBy: [{ id: 'asc' }],
      })) as BookingRow[];
      let released = 0;
      for (const row of due) {
        const done = await strapi.db.transaction(async ({ trx }) => {
          const { count } = await rows.query().updateMany({
            where: { id: row.id, status: 'pending_payment', holdExpiresAt: { $lte: new Date(now) } },
            data: { status: 'expired', cancelledAt: new Date(now), cancelledBy: 'system', cancelReason: 'Payment was not completed in time.' },
          });
          if (count) await rows.release(trx, [row.id]);
          return count > 0;
        });
        if (done) {
          released++;
          getService('events').emit('booking.expired', { booking: snapshot({ ...row, status: 'expired' }) });
          getService('directory').invalidate(row.therapistUserId);
        }
      }
      return released;
    },

    /** Starts the sweeper and the hourly pruning of past slot claims (on PostgreSQL each pass runs in one process). */
    startSweeper() {
      sweeper.start();
      pruner.start();
    },

    async stopSweeper(): Promise<void> {
      await Promise.all([sweeper.stop(), pruner.stop()]);
    },
  };
  const sweeper = periodicWorker({
    id: 'booking.hold-sweeper',
    name: '[booking] releasing expired holds failed',
    pass: () => service.releaseExpiredHolds(),
    intervalMs: () => config().holdSweepMs,
    firstDelayMs: () => config().holdSweepMs,
    logError: (message) => strapi.log.error(message),
  });
  const pruner = periodicWorker({
    id: 'booking.claim-prune',
    name: '[booking] pruning past slot claims failed',
    pass: () => rows.pruneClaims(Date.now()),
    intervalMs: () => 3_600_000,
    firstDelayMs: () => config().holdSweepMs,
    logError: (message) => strapi.log.warn(message),
  });
  return service;
};
