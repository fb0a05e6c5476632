/**
 * Payments of sessions that already happened, written as they were settled (the demo seed's history,
 * beside booking.recordPastSession): a direct payment the therapist marked paid when the session was
 * held, one still awaiting confirmation, or one paid and later refunded. Live payments follow booking's
 * events instead (booking-sync.ts); these sessions were recorded after the fact, without events.
 * Idempotent per session: the purchase key is the booking's, as for a live payment.
 */
import type { Core } from '@strapi/strapi';
import { badRequest } from '@haven/shared/errors';
import type { BookingSnapshot } from '@haven/plugin-booking/public';
import type { PaymentStatus } from '../db/rows';
import { paymentRows } from '../db/store';
import { tables } from '../db/tables';
import { directPaymentOf } from './manual';

export interface PastPaymentInput {
  /** The session as booking recorded it. */
  session: BookingSnapshot;
  /** When the payment was asked for (when the session was booked). */
  createdAt: Date;
  /** When the therapist marked it paid; null: it still awaits confirmation. */
  paidAt: Date | null;
  /** Money given back later (at most what was paid), e.g. after a late cancellation. */
  refund?: { amountMinor: number; at: Date; reason: string };
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const rows = paymentRows(strapi);

  return {
    /** Writes the payment (and refund) of a past session; answers false when it was written before. */
    async record(input: PastPaymentInput): Promise<boolean> {
      const { session, paidAt, refund } = input;
      if (refund && (!paidAt || refund.amountMinor <= 0 || refund.amountMinor > session.rateMinor)) {
        throw badRequest('A refund needs a paid payment and an amount between 1 and what was paid.');
      }
      const refunded = refund?.amountMinor ?? 0;
      const status: PaymentStatus = !paidAt ? 'pending' : refunded >= session.rateMinor ? 'refunded' : refunded > 0 ? 'partially_refunded' : 'succeeded';
      const { row, created } = await rows.createOnce({
        ...directPaymentOf(session),
        status,
        refundedMinor: refunded,
        paidAt,
        refundedAt: status === 'refunded' && refund ? refund.at : null,
        settledBy: paidAt ? `therapist:${session.therapistUserId}` : null,
        createdAt: input.createdAt,
        updatedAt: refund?.at ?? paidAt ?? input.createdAt,
      });
      if (!created) return false;
      if (refund) {
        await tables(strapi).refunds.create({
          data: {
            paymentId: row.id,
            bookingId: session.id,
            amountMinor: refund.amountMinor,
            currency: session.currency,
            kind: 'cancellation',
            reason: refund.reason,
            idempotencyKey: `cancel:${session.id}`,
            provider: 'manual',
            providerPaymentId: `manual_${row.documentId}`,
            status: 'succeeded',
            requestedBy: 'system',
            createdAt: refund.at,
          },
        });
      }
      return true;
    },
  };
};
