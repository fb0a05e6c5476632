/**
 * What provider news does to a payment. Every change is a conditional update that holds only from
 * the statuses it may change from, so duplicate, concurrent and out-of-order news changes a payment
 * once: a second "paid" finds it no longer open, an old "expired" cannot undo a success, an old
 * "paid" cannot undo a refund. The same code serves webhooks and the payer's return from checkout.
 */
import type { Core } from '@strapi/strapi';
import type { ProviderName } from '../config';
import { OPEN, PAID, type PaymentRow } from '../db/rows';
import { paymentRows } from '../db/store';
import { formatMoney } from '../lib/money';
import type { GatewayEvent } from '../providers/gateways/types';
import { getService } from '../get-service';
import { booking } from '@haven/plugin-booking/public';

export interface LedgerOutcome {
  state: 'processed' | 'ignored';
  paymentId: number | null;
  note: string;
}

const ignored = (note: string, paymentId: number | null = null): LedgerOutcome => ({ state: 'ignored', paymentId, note });

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const rows = paymentRows(strapi);

  /** The payment an event is about: by Haven's id in the provider's metadata, else by the provider's references. */
  async function find(ref: { paymentId: string | null; sessionId?: string | null; providerPaymentId?: string | null }): Promise<PaymentRow | null> {
    if (ref.paymentId && /^[A-Za-z0-9]{1,64}$/.test(ref.paymentId)) {
      const byId = await rows.byDocumentId(ref.paymentId);
      if (byId) return byId;
    }
    return rows.byProviderRef({ sessionId: ref.sessionId, providerPaymentId: ref.providerPaymentId });
  }

  /** The won transition to succeeded: confirm every session it pays for; give back what can no longer be kept. */
  async function confirmBookings(payment: PaymentRow, now: number) {
    const lost: { bookingId: string; reason: 'slot_taken' | 'cancelled' | 'already_started' }[] = [];
    for (const item of payment.items) {
      const result = await booking.markPaid(item.bookingId);
      if (!result.ok) lost.push({ bookingId: item.bookingId, reason: result.reason === 'not_found' ? 'cancelled' : result.reason });
    }
    if (!lost.length) return;
    // Paid after the hold ran out and the time was taken (or the session was cancelled meanwhile): refund those sessions.
    const fresh = (await rows.byId(payment.id))!;
    for (const { bookingId, reason } of lost) {
      const item = payment.items.find((i) => i.bookingId === bookingId)!;
      try {
        const { created } = await getService('refunds').refund(
          {
            payment: (await rows.byId(payment.id))!,
            amountMinor: item.amountMinor,
            kind: 'late_payment',
            reason: reason === 'slot_taken' ? 'Paid after the hold ran out and the time was booked by someone else' : reason === 'cancelled' ? 'The session was cancelled before the payment arrived' : 'The session time had passed when the payment arrived',
            idempotencyKey: `late:${payment.documentId}:${bookingId}`,
            bookingId,
            requestedBy: 'system',
          },
          now,
        );
        if (created) await getService('notifications').refundedAutomatically(fresh, item.amountMinor, reason, [bookingId]);
      } catch (err) {
        strapi.log.error(`[payments] automatic refund of ${payment.documentId} for ${bookingId} failed: ${(err as Error).message}`);
      }
    }
  }

  async function paid(provider: ProviderName, event: Extract<GatewayEvent, { kind: 'paid' }>, now: number): Promise<LedgerOutcome> {
    const payment = await find(event);
    if (!payment) return ignored('no payment of Haven matches this event (unknown booking): recorded and ignored');

    if (OPEN.includes(payment.status) && !payment.flagged) {
      if (event.amountMinor !== payment.amountMinor || event.currency !== payment.currency) {
        const flagged = await rows.update(payment.id, { status: { $in: OPEN }, flagged: false }, {
          flagged: true,
          flagReason: `Received ${formatMoney(event.amountMinor, event.currency)} but the booking costs ${formatMoney(payment.amountMinor, payment.currency)}; the booking was not confirmed.`,
          receivedMinor: event.amountMinor,
          receivedCurrency: event.currency,
          providerPaymentId: event.providerPaymentId,
          provider,
        });
        if (flagged) await getService('notifications').needsStaff(payment, `Amount or currency mismatch: received ${formatMoney(event.amountMinor, event.currency)} for a payment of ${formatMoney(payment.amountMinor, payment.currency)}. Check it and refund it from the admin.`);
        return { state: 'processed', paymentId: payment.id, note: flagged ? 'amount or currency mismatch: flagged for staff, booking not confirmed' : 'already flagged' };
      }
      const won = await rows.update(payment.id, { status: { $in: OPEN }, flagged: false }, {
        status: 'succeeded',
        provider,
        paidAt: new Date(now),
        providerPaymentId: event.providerPaymentId,
        ...(event.sessionId ? { checkoutSessionId: event.sessionId } : {}),
        receivedMinor: event.amountMinor,
        receivedCurrency: event.currency,
        failureReason: null,
        settledBy: 'provider',
        checkoutUrl: null,
      });
      if (won) {
        const fresh = (await rows.byId(payment.id))!;
        await confirmBookings(fresh, now);
        // A refund reported before the payment itself (out of order) now counts.
        if (fresh.refundedMinor > 0) await rows.settleRefundStatus(payment.id, now);
        return { state: 'processed', paymentId: payment.id, note: 'paid: bookings confirmed' };
      }
    }

    const current = (await rows.byId(payment.id))!;
    if (current.providerPaymentId === event.providerPaymentId) return ignored('this payment was already recorded', payment.id);
    if (current.flagged && OPEN.includes(current.status)) return ignored('the payment is flagged for staff', payment.id);
    // Money for a purchase that was already paid (another tab, an older checkout): give it back.
    const key = `duplicate:${provider}:${event.providerPaymentId}`;
    try {
      const { created } = await getService('refunds').refund(
        {
          payment: current,
          amountMinor: event.amountMinor,
          kind: 'duplicate',
          reason: 'This purchase was already paid; the second payment is given back',
          idempotencyKey: key,
          requestedBy: 'system',
          separateCharge: { provider, providerPaymentId: event.providerPaymentId, currency: event.currency },
        },
        now,
      );
      if (created) await getService('notifications').refundedAutomatically(current, event.amountMinor, 'duplicate', current.items.map((i) => i.bookingId));
    } catch (err) {
      strapi.log.error(`[payments] refund of a duplicate payment on ${payment.documentId} failed: ${(err as Error).message}`);
    }
    return { state: 'processed', paymentId: payment.id, note: 'a second payment for a paid purchase: refunded' };
  }

  async function failed(provider: ProviderName, event: Extract<GatewayEvent, { kind: 'failed' }>, now: number): Promise<LedgerOutcome> {
    const payment = await find(event);
    if (!payment) return ignored('no payment of Haven matches this event: recorded and ignored');
    const changed = await rows.update(payment.id, { status: 'pending' }, { status: 'failed', failureReason: event.message.slice(0, 500), failedAt: new Date(now) });
    return changed ? { state: 'processed', paymentId: payment.id, note: 'payment attempt failed' } : ignored(`payment is ${payment.status}: a failure changes nothing`, payment.id);
  }

  async function checkoutExpired(event: Extract<GatewayEvent, { kind: 'checkout_expired' }>, now: number): Promise<LedgerOutcome> {
    const payment = await find({ paymentId: event.paymentId, sessionId: event.sessionId });
    if (!payment) return ignored('no payment of Haven matches this checkout: recorded and ignored');
    const changed = await rows.update(payment.id, { status: 'pending', checkoutSessionId: event.sessionId }, {
      status: 'failed',
      failureReason: 'The checkout closed before payment.',
      failedAt: new Date(now),
      checkoutUrl: null,
    });
    return changed ? { state: 'processed', paymentId: payment.id, note: 'checkout expired' } : ignored('an older checkout, or the payment is no longer open', payment.id);
  }

  async function refunded(event: Extract<GatewayEvent, { kind: 'refunded' }>): Promise<LedgerOutcome> {
    const payment = await find({ paymentId: event.paymentId, providerPaymentId: event.providerPaymentId });
    if (!payment) return ignored('no payment of Haven matches this refund: recorded and ignored');
    if (payment.providerPaymentId && payment.providerPaymentId !== event.providerPaymentId) return ignored('a refund of another charge (a duplicate Haven gave back)', payment.id);
    if (![...PAID, 'refunded'].includes(payment.status)) return ignored(`payment is ${payment.status}`, payment.id);
    const result = await getService('refunds').recordProviderRefund(payment, { refundId: event.refundId, amountMinor: event.amountMinor, total: event.refundedMinor, currency: event.currency });
    return { state: result === 'recorded' ? 'processed' : 'ignored', paymentId: payment.id, note: result === 'recorded' ? 'refund made at the provider recorded' : 'refund already known' };
  }

  async function refundSettled(event: Extract<GatewayEvent, { kind: 'refund_settled' }>, now: number): Promise<LedgerOutcome> {
    const result = await getService('refunds').settlePending(event, now);
    if (!result.changed) return ignored('no refund of Haven waits on this news (already settled, or made elsewhere)', result.paymentId);
    return { state: 'processed', paymentId: result.paymentId, note: event.outcome === 'succeeded' ? 'a pending refund went through' : 'a pending refund failed: released, staff told' };
  }

  return {
    /** Applies what a provider said. Safe to call any number of times with the same news. */
    async apply(provider: ProviderName, event: GatewayEvent, now = Date.now()): Promise<LedgerOutcome> {
      switch (event.kind) {
        case 'paid':
          return paid(provider, event, now);
        case 'failed':
          return failed(provider, event, now);
        case 'checkout_expired':
          return checkoutExpired(event, now);
        case 'refunded':
          return refunded(event);
        case 'refund_settled':
          return refundSettled(event, now);
        case 'ignored':
          return ignored(event.reason);
      }
    },
  };
};
