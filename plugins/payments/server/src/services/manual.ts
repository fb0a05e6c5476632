/**
 * Payments made outside Haven (the manual provider): the therapist paid, or staff, mark them paid or
 * waived. A conditional update makes the first mark the only one.
 */
import type { Core } from '@strapi/strapi';
import { conflict, notFound } from '@haven/shared/errors';
import { paymentRows, type PaymentRow } from '../db/rows';

export type MarkActor = { kind: 'therapist'; userId: number } | { kind: 'admin'; adminId: number };

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
      return (await rows.byId(row.id))!;
    },
  };
};
