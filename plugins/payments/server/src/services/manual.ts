/**
 * Payments made outside Haven (the manual provider): the therapist paid, or staff, mark them paid or
 * waived. A conditional update makes the first mark the only one. The sessions are then marked paid
 * in booking too, so that they no longer count toward a client's limit of unpaid sessions (a waived
 * session is settled as well: the therapist chose to take it without payment). A payment whose
 * sessions were all cancelled is owed by nobody: it cannot be marked. The therapist who marked a
 * payment may undo the mark for PAYMENT_UNDO_MINUTES (a slip of the finger on the wrong row); after
 * that it stays, and only staff can correct it. Every mark and undo is in the audit log.
 */
import type { Core } from '@strapi/strapi';
import { conflict, notFound } from '@haven/shared/errors';
import { PAYMENT_UNDO_MINUTES } from '@haven/shared/payments';
import { epochMs } from '@haven/shared/server/db';
import type { PaymentRow } from '../db/rows';
import { paymentRows, type PaymentStore } from '../db/store';
import { booking, type BookingSnapshot } from '@haven/plugin-booking/public';
import type { StaffActor } from '@haven/shared/server/strapi';
import { recordStaffAction, recordTherapistAction } from './staff-audit';

export type MarkActor = { kind: 'therapist'; userId: number } | ({ kind: 'admin' } & StaffActor);

export const UNDO_MS = PAYMENT_UNDO_MINUTES * 60_000;

/**
 * The payment a session paid directly asks for, as it starts: its whole price, from its client to its
 * therapist, pending, nothing refunded. Keyed by the booking, so it is written once however often it
 * is asked for (booking-sync.ts when a session is confirmed; past-payments.ts for the demo's history).
 */
export function directPaymentOf(session: BookingSnapshot): Parameters<PaymentStore['createOnce']>[0] {
  return {
    purchaseKey: `booking:${session.id}`,
    bookingId: session.id,
    seriesId: session.seriesId,
    items: [{ bookingId: session.id, startsAt: session.startsAt, endsAt: session.endsAt, amountMinor: session.rateMinor }],
    payerUserId: session.clientUserId,
    payeeUserId: session.therapistUserId,
    therapistId: session.therapistId,
    amountMinor: session.rateMinor,
    currency: session.currency,
    provider: 'manual',
    status: 'pending',
    refundedMinor: 0,
    attempt: 0,
    flagged: false,
    waived: false,
  };
}

/** Until when the therapist `userId` may undo their mark of this payment (epoch ms), or null. */
export function undoDeadline(row: PaymentRow, userId: number, now: number): number | null {
  if (row.provider !== 'manual' || row.status !== 'succeeded' || row.refundedMinor > 0 || row.settledBy !== `therapist:${userId}` || !row.paidAt) return null;
  const until = epochMs(row.paidAt) + UNDO_MS;
  return until > now ? until : null;
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const rows = paymentRows(strapi);

  return {
    async mark(actor: MarkActor, paymentId: string, input: { outcome: 'paid' | 'waived'; note?: string | null }, now = Date.now()): Promise<PaymentRow> {
      const row = await rows.byDocumentId(paymentId);
      if (!row || (actor.kind === 'therapist' && row.payeeUserId !== actor.userId)) throw notFound('No such payment');
      if (row.provider !== 'manual') throw conflict('This payment is made online; it is marked paid by the payment provider.', { reason: 'online' });
      const read = await booking.readForPayment(row.bookingId);
      const live = new Map((read?.series?.occurrences ?? (read ? [read.booking] : [])).map((b) => [b.id, b.status]));
      if (row.items.every((item) => live.get(item.bookingId) === 'cancelled' || live.get(item.bookingId) === 'expired')) {
        throw conflict('This session was cancelled before it was paid: nothing is owed, so there is nothing to mark.', { reason: 'cancelled' });
      }
      const note = input.note?.trim() || null;
      const marked = await rows.update(row.id, { status: 'pending', flagged: false }, {
        status: 'succeeded',
        waived: input.outcome === 'waived',
        paidAt: new Date(now),
        failureReason: null,
        settledBy: actor.kind === 'therapist' ? `therapist:${actor.userId}` : `admin:${actor.adminId}`,
        note,
      });
      if (!marked) throw conflict(`This payment is already ${row.status.replace('_', ' ')}.`, { reason: 'not_open', status: row.status });
      for (const item of row.items) {
        // A cancelled or past session answers not ok: there is nothing to settle in booking then.
        const settled = await booking.markPaid(item.bookingId);
        if (!settled.ok && settled.reason !== 'cancelled' && settled.reason !== 'already_started') strapi.log.warn(`[payments] booking ${item.bookingId} could not be marked paid: ${settled.message}`);
      }
      const details = { outcome: input.outcome, amountMinor: row.amountMinor, currency: row.currency, withNote: note !== null };
      if (actor.kind === 'admin') {
        // The page asks no reason for marking; the note, when given, is the reason, else what was done.
        const reason = note || (input.outcome === 'paid' ? 'Marked as paid from the Payments page' : 'Waived from the Payments page');
        await recordStaffAction(actor, input.outcome === 'paid' ? 'mark-paid' : 'waive', row.documentId, reason, details);
      } else {
        await recordTherapistAction(actor.userId, input.outcome === 'paid' ? 'mark-paid' : 'waive', row.documentId, input.outcome === 'paid' ? 'Marked as paid by the therapist' : 'Waived by the therapist', details);
      }
      return (await rows.byId(row.id))!;
    },

    /**
     * Undoes the therapist's own mark within the undo window: back to pending, as if never marked.
     * The conditional update holds only while the mark is theirs, recent and nothing was refunded, so a
     * late or concurrent undo changes nothing and answers 409.
     */
    async unmark(userId: number, paymentId: string, now = Date.now()): Promise<PaymentRow> {
      const row = await rows.byDocumentId(paymentId);
      if (!row || row.payeeUserId !== userId) throw notFound('No such payment');
      if (row.provider !== 'manual' || row.status !== 'succeeded' || row.settledBy !== `therapist:${userId}`) {
        throw conflict('Only a payment you marked yourself can be undone here.', { reason: 'not_marked_by_you' });
      }
      if (undoDeadline(row, userId, now) === null) {
        throw conflict(`The ${PAYMENT_UNDO_MINUTES} minutes to undo this mark have passed. If it is wrong, ask Haven's staff to correct it.`, { reason: 'undo_expired' });
      }
      const undone = await rows.update(
        row.id,
        { status: 'succeeded', settledBy: `therapist:${userId}`, refundedMinor: 0, paidAt: { $gt: new Date(now - UNDO_MS) } },
        { status: 'pending', waived: false, paidAt: null, settledBy: null, note: null },
      );
      if (!undone) throw conflict(`The ${PAYMENT_UNDO_MINUTES} minutes to undo this mark have passed. If it is wrong, ask Haven's staff to correct it.`, { reason: 'undo_expired' });
      // The sessions this mark paid are unpaid again (they count toward the client's unpaid allowance).
      if (row.paidAt) for (const item of row.items) await booking.markUnpaid(item.bookingId, new Date(row.paidAt));
      await recordTherapistAction(userId, 'undo-mark', row.documentId, 'Mark undone by the therapist', { outcome: row.waived ? 'waived' : 'paid', amountMinor: row.amountMinor, currency: row.currency });
      return (await rows.byId(row.id))!;
    },
  };
};
