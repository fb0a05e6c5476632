/**
 * Payments made outside Haven (the manual provider): the therapist paid, or staff, mark them paid or
 * waived. A conditional update makes the first mark the only one. The sessions are then marked paid
 * in booking too, so that they no longer count toward a client's limit of unpaid sessions (a waived
 * session is settled as well: the therapist chose to take it without payment).
 */
import type { Core } from '@strapi/strapi';
import { conflict, notFound } from '@haven/shared/errors';
import type { PaymentRow } from '../db/rows';
import { paymentRows } from '../db/store';
import { booking } from '@haven/plugin-booking/public';
import type { StaffActor } from '@haven/shared/server/strapi';
import { recordStaffAction } from './staff-audit';

export type MarkActor = { kind: 'therapist'; userId: number } | ({ kind: 'admin' } & StaffActor);

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const rows = paymentRows(strapi);

  return {
    async mark(actor: MarkActor, paymentId: string, input: { outcome: 'paid' | 'waived'; note?: string }, now = Date.now()): Promise<PaymentRow> {
      const row = await rows.byDocumentId(paymentId);
      if (!row || (actor.kind === 'therapist' && row.payeeUserId !== actor.userId)) throw notFound('No such payment');
      if (row.provider !== 'manual') throw conflict('This payment is made online; it is marked paid by the payment provider.', { reason: 'online' });
      const marked = await rows.update(row.id, { status: 'pending' }, {
        status: 'succeeded',
        waived: input.outcome === 'waived',
        paidAt: new Date(now),
        failureReason: null,
        settledBy: actor.kind === 'therapist' ? `therapist:${actor.userId}` : `admin:${actor.adminId}`,
        note: input.note?.trim() || null,
      });
      if (!marked) throw conflict(`This payment is already ${row.status.replace('_', ' ')}.`, { reason: 'not_open', status: row.status });
      for (const item of row.items) {
        // A cancelled or past session answers not ok: there is nothing to settle in booking then.
        const settled = await booking.markPaid(item.bookingId);
        if (!settled.ok && settled.reason !== 'cancelled' && settled.reason !== 'already_started') strapi.log.warn(`[payments] booking ${item.bookingId} could not be marked paid: ${settled.message}`);
      }
      if (actor.kind === 'admin') {
        // The page asks no reason for marking; the note, when given, is the reason, else what was done.
        const reason = input.note?.trim() || (input.outcome === 'paid' ? 'Marked as paid from the Payments page' : 'Waived from the Payments page');
        await recordStaffAction(actor, input.outcome === 'paid' ? 'mark-paid' : 'waive', row.documentId, reason, { outcome: input.outcome, amountMinor: row.amountMinor, currency: row.currency });
      }
      return (await rows.byId(row.id))!;
    },
  };
};
