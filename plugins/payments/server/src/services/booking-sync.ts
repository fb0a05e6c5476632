/**
 * Payments follow bookings through booking's events (plugins/booking/README.md):
 * - booking.cancelled: refund what the policy the session was booked under grants, once (idempotency
 *   key per booking), and in full when the therapist declined it; an unpaid checkout is closed instead.
 * - booking.expired: the hold ran out unpaid; the checkout is closed so that it cannot take money
 *   for a slot that is no longer held (Stripe's sessions outlive a 15-minute hold, see stripe/).
 * - booking.confirmed without payment (manual: "pay your therapist directly"): a payment to be
 *   marked paid or waived by the therapist is recorded.
 * - booking.rescheduled: the payment's sessions show the new time.
 * - booking.created, confirmed at once with a price (manual: no online gateway): the client is mailed
 *   how to pay (notifications.howToPay); a weekly series once, for all of its sessions.
 * Handlers run after booking's write committed; a failure is logged by booking and never undoes it.
 */
import type { Core } from '@strapi/strapi';
import { OPEN, PAID, type PaymentRow } from '../db/rows';
import { paymentRows } from '../db/store';
import { getService } from '../get-service';
import { directPaymentOf } from './manual';
import { booking, type BookingEvents } from '@haven/plugin-booking/public';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const rows = paymentRows(strapi);
  let unsubscribe: (() => void)[] = [];

  /** Closes the open checkout of a payment nobody can pay any more. */
  async function closeUnpaid(payment: PaymentRow, reason: string) {
    if (!OPEN.includes(payment.status) || payment.flagged) return;
    if (payment.checkoutSessionId && payment.provider !== 'manual') {
      try {
        const outcome = await getService('gateways').get(payment.provider).expireCheckout(payment.checkoutSessionId);
        if (outcome === 'already_paid') {
          // The payer finished just before: reconcile now (the ledger confirms or refunds).
          const event = await getService('gateways').get(payment.provider).completeReturn(payment.checkoutSessionId, `haven-capture-${payment.documentId}-${payment.attempt}`);
          await getService('ledger').apply(payment.provider, event);
          return;
        }
      } catch (err) {
        strapi.log.warn(`[payments] could not close checkout of ${payment.documentId}: ${(err as Error).message}`);
      }
    }
    await rows.update(payment.id, { status: { $in: OPEN }, attempt: payment.attempt }, { status: 'failed', failureReason: reason, failedAt: new Date(), checkoutUrl: null });
  }

  async function onCancelled({ booking: b, cancelledBy, reason, refund, declined }: BookingEvents['booking.cancelled']) {
    const payment = await rows.coveringBooking(b.id, b.seriesId);
    if (!payment) return;
    if (!PAID.includes(payment.status)) {
      const left = payment.items.filter((item) => item.bookingId !== b.id);
      await closeUnpaid(
        payment,
        left.length ? 'A session was cancelled before payment: start the payment again for the others.' : 'The session was cancelled before it was paid: nothing is owed.',
      );
      return;
    }
    const item = payment.items.find((i) => i.bookingId === b.id);
    // A declined booking is refunded in full, whatever the policy would grant a cancellation.
    const percent = declined ? 100 : refund.percent;
    if (!item || percent <= 0) return;
    // That percentage of what was paid for this session (the rate may have changed since).
    const amount = Math.min(Math.round((item.amountMinor * percent) / 100), getService('refunds').refundable(payment));
    if (amount <= 0) return;
    const who = cancelledBy === 'therapist' ? 'the therapist' : cancelledBy === 'client' ? 'the client' : 'Haven';
    await getService('refunds').refund({
      payment,
      amountMinor: amount,
      kind: 'cancellation',
      reason: declined
        ? `Declined by the therapist${reason ? `: ${reason}` : ''} (full refund)`
        : `Cancelled by ${who}${reason ? `: ${reason}` : ''} (${percent}% refund under the cancellation policy)`,
      idempotencyKey: `cancel:${b.id}`,
      bookingId: b.id,
      requestedBy: 'system',
    });
  }

  async function onExpired({ booking: b }: BookingEvents['booking.expired']) {
    const payment = await rows.coveringBooking(b.id, b.seriesId);
    if (payment) await closeUnpaid(payment, 'The time held for you ran out before the payment was made.');
  }

  async function onConfirmed({ booking: b }: BookingEvents['booking.confirmed']) {
    if (b.paidAt || b.rateMinor <= 0) return;
    if (await rows.coveringBooking(b.id, b.seriesId)) return;
    await rows.createOnce(directPaymentOf(b));
  }

  /** Series whose occurrences are being announced: booking emits one booking.created per occurrence, one after another. */
  const seriesMailed = new Map<string, number>();

  async function onCreated({ booking: b }: BookingEvents['booking.created']) {
    if (b.status !== 'confirmed' || b.paidAt || b.rateMinor <= 0 || getService('gateways').online().length) return;
    if (!b.seriesId) return getService('notifications').howToPay([b]);
    // One mail per series: the first occurrence announced sends it, listing every occurrence booked.
    const now = Date.now();
    for (const [id, at] of seriesMailed) if (now - at > 3_600_000) seriesMailed.delete(id);
    if (seriesMailed.has(b.seriesId)) return;
    seriesMailed.set(b.seriesId, now);
    const read = await booking.readForPayment(b.id);
    const occurrences = (read?.series?.occurrences ?? [b]).filter((o) => o.status === 'confirmed' && !o.paidAt);
    await getService('notifications').howToPay(occurrences.length ? occurrences : [b]);
  }

  async function onRescheduled({ booking: b }: BookingEvents['booking.rescheduled']) {
    const payment = await rows.coveringBooking(b.id, b.seriesId);
    if (!payment) return;
    const items = payment.items.map((item) => (item.bookingId === b.id ? { ...item, startsAt: b.startsAt, endsAt: b.endsAt } : item));
    await rows.update(payment.id, {}, { items });
  }

  return {
    subscribe() {
      unsubscribe = [
        booking.on('booking.cancelled', onCancelled),
        booking.on('booking.expired', onExpired),
        booking.on('booking.confirmed', onConfirmed),
        booking.on('booking.rescheduled', onRescheduled),
        booking.on('booking.created', onCreated),
      ];
    },

    unsubscribe() {
      for (const off of unsubscribe) off();
      unsubscribe = [];
    },

    /** Online gateways make every priced booking wait for payment; without them bookings are confirmed at once. */
    registerGate() {
      const online = getService('gateways').online();
      if (!online.length) return;
      booking.registerPaymentGate({ name: online.join('+'), requiresPayment: (quote) => quote.rateMinor > 0 });
    },
  };
};
