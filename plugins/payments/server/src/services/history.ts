/**
 * What people see of payments: the payer their own, the therapist those made to them (the client by
 * display name only). Someone else's payment answers exactly like a missing one.
 */
import type { Core } from '@strapi/strapi';
import { notFound } from '@haven/shared/errors';
import { epochMs } from '@haven/shared/server/db';
import { OPEN, type PaymentRow, type PaymentStatus } from '../db/rows';
import { owedTotals, owedWhere } from '../db/owed-totals';
import { paymentRows } from '../db/store';
import { getService } from '../get-service';
import { undoDeadline } from './manual';
import { paymentRefundView, paymentView, type PaymentRecord } from '../views';
import type { PaymentSessionView, PaymentView } from '@haven/shared/payments';
import { booking } from '@haven/plugin-booking/public';
import { people } from '@haven/plugin-people/public';

export type { PaymentSessionView, PaymentView };

export interface ListQuery {
  role?: 'client' | 'therapist';
  status?: PaymentStatus;
  /** Direct payments still owed to the caller as therapist, oldest first, with totals per currency. */
  outstanding?: boolean;
  booking?: string;
  page: number;
  pageSize: number;
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const rows = paymentRows(strapi);

  return {
    /** A payment its payer or payee may see; anyone else gets the same 404 as for a missing one. */
    async findForUser(userId: number, documentId: string): Promise<PaymentRow> {
      const row = await rows.byDocumentId(documentId);
      if (!row || (row.payerUserId !== userId && row.payeeUserId !== userId)) throw notFound('No such payment');
      return row;
    },

    async views(userId: number, list: PaymentRow[], now = Date.now()): Promise<PaymentView[]> {
      const persons = await people.many(list.flatMap((row) => [row.payerUserId, row.payeeUserId]));
      const out: PaymentView[] = [];
      // Each therapist's instructions once per answer, for the payers of open direct payments.
      const instructions = new Map<number, Promise<string | null>>();
      const instructionsOf = (payee: number) => {
        if (!instructions.has(payee)) instructions.set(payee, getService('instructions').textOf(payee));
        return instructions.get(payee)!;
      };
      for (const row of list) {
        const yourRole = row.payerUserId === userId ? 'client' : 'therapist';
        const other = persons.get(yourRole === 'client' ? row.payeeUserId : row.payerUserId);
        const read = await booking.readForPayment(row.bookingId);
        const live = new Map((read?.series?.occurrences ?? (read ? [read.booking] : [])).map((b) => [b.id, b]));
        const refunds = (await rows.refundsOf(row.id)).filter((r) => r.kind !== 'duplicate');
        const open = OPEN.includes(row.status) && !row.flagged;
        // A session cancelled (or a hold expired) before payment is owed by nobody.
        const owed = row.items.some((item) => {
          const status = live.get(item.bookingId)?.status;
          return status !== 'cancelled' && status !== 'expired';
        });
        const awaitingDirect = row.provider === 'manual' && row.status === 'pending' && !row.flagged && owed;
        const undoUntil = yourRole === 'therapist' ? undoDeadline(row, userId, now) : null;
        const checkoutLive = open && row.provider !== 'manual' && Boolean(row.checkoutUrl) && epochMs(row.checkoutExpiresAt) > now;
        const sessions = row.items.map((item): PaymentSessionView => {
          const b = live.get(item.bookingId);
          return { bookingId: item.bookingId, startsAt: b?.startsAt ?? item.startsAt, endsAt: b?.endsAt ?? item.endsAt, amountMinor: item.amountMinor, status: b?.status ?? null };
        });
        const record: PaymentRecord = {
          ...row,
          id: row.documentId,
          yourRole,
          with: { displayName: other?.displayName ?? 'Haven member' },
          sessions,
          refunds: paymentRefundView.pickAll(refunds),
          notice: row.flagged
            ? 'This payment did not match the booking, so the booking was not confirmed. Our staff are checking it and will refund it.'
            : row.status === 'failed'
              ? row.failureReason
              : awaitingDirect
                ? yourRole === 'client'
                  ? `Pay ${other?.displayName ?? 'your therapist'} directly (how is below); they mark it paid here when the money arrives.`
                  : `${other?.displayName ?? 'Your client'} pays you directly: mark it paid here when the money arrives.`
                : null,
          checkoutUrl: checkoutLive && yourRole === 'client' ? row.checkoutUrl : null,
          checkoutExpiresAt: checkoutLive ? row.checkoutExpiresAt : null,
          canMark: yourRole === 'therapist' && awaitingDirect,
          instructions: yourRole === 'client' && awaitingDirect ? await instructionsOf(row.payeeUserId) : null,
          undoUntil: undoUntil === null ? null : new Date(undoUntil).toISOString(),
        };
        out.push(paymentView.pick(record));
      }
      return out;
    },

    /** GET /payments: the caller's payments as client and/or therapist, newest first. */
    async list(userId: number, query: ListQuery) {
      const mine =
        query.outstanding
          ? owedWhere(userId)
          : query.role === 'client' ? { payerUserId: userId } : query.role === 'therapist' ? { payeeUserId: userId } : { $or: [{ payerUserId: userId }, { payeeUserId: userId }] };
      const where = { $and: [mine, ...(query.status ? [{ status: query.status }] : []), ...(query.booking ? [{ bookingId: query.booking }] : [])] };
      // Outstanding: the oldest debt first (the one most likely forgotten); otherwise the newest first.
      const order = query.outstanding ? 'asc' : 'desc';
      const [found, total, totals] = await Promise.all([
        rows.payments().findMany({ where, orderBy: [{ createdAt: order }, { id: order }], offset: (query.page - 1) * query.pageSize, limit: query.pageSize }),
        rows.payments().count({ where }),
        query.outstanding ? owedTotals(strapi, userId) : Promise.resolve(undefined),
      ]);
      const list = found.map((raw) => rows.byRaw(raw));
      return {
        data: await this.views(userId, list),
        meta: { pagination: { page: query.page, pageSize: query.pageSize, total, pageCount: Math.ceil(total / query.pageSize) }, ...(totals ? { totals } : {}) },
      };
    },
  };
};
