/**
 * The admin panel's Payments page: every payment, filtered by status, provider, therapist and date,
 * with totals per currency over the filter, and staff refunds (full or partial, with a reason).
 */
import crypto from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { badRequest, notFound } from '@haven/shared/errors';
import type { AdminPaymentView, PaymentTotals } from '@haven/shared/payments';
import { adminQueries, type AdminFilters } from '../db/admin-queries';
import { OPEN, PAID, type PaymentRow, type RefundRow } from '../db/rows';
import { paymentRows } from '../db/store';
import { getService } from '../get-service';
import type { StaffActor } from '@haven/shared/server/strapi';
import { recordStaffAction } from './staff-audit';
import { adminPaymentView, adminRefundView, paymentItemView, type AdminPaymentRecord } from '../views';
import { people } from '@haven/plugin-people/public';

export type { AdminFilters, AdminPaymentView, PaymentTotals };

/** What staff may still give back of a payment flagged for a mismatch (null: not such a payment). */
function mismatchRefundable(row: PaymentRow, refunds: RefundRow[]): number | null {
  if (!row.flagged || !OPEN.includes(row.status) || !row.providerPaymentId) return null;
  const given = refunds.filter((r) => r.kind === 'mismatch' && r.status !== 'failed').reduce((sum, r) => sum + r.amountMinor, 0);
  return Math.max(0, (row.receivedMinor ?? 0) - given);
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const rows = paymentRows(strapi);
  const queries = adminQueries(strapi);

  /** Totals per currency over the filter: what was paid (not waived), refunded, net and pending. */
  async function totals(filters: AdminFilters): Promise<PaymentTotals> {
    const byCurrency = new Map<string, PaymentTotals['byCurrency'][number]>();
    let count = 0;
    for (const g of await queries.totals(filters)) {
      count += g.count;
      const entry = byCurrency.get(g.currency) ?? { currency: g.currency, payments: 0, paidMinor: 0, refundedMinor: 0, netMinor: 0, pendingMinor: 0 };
      entry.payments += g.count;
      if (!g.waived && [...PAID, 'refunded'].includes(g.status)) {
        entry.paidMinor += g.amountMinor;
        entry.refundedMinor += g.refundedMinor;
      }
      if (g.status === 'pending') entry.pendingMinor += g.amountMinor;
      entry.netMinor = entry.paidMinor - entry.refundedMinor;
      byCurrency.set(g.currency, entry);
    }
    return { count, byCurrency: [...byCurrency.values()].sort((a, b) => a.currency.localeCompare(b.currency)) };
  }

  async function views(list: PaymentRow[]): Promise<AdminPaymentView[]> {
    const persons = await people.many(list.flatMap((row) => [row.payerUserId, row.payeeUserId]));
    const out: AdminPaymentView[] = [];
    for (const row of list) {
      const refunds = await rows.refundsOf(row.id);
      const mismatch = mismatchRefundable(row, refunds);
      const refundable = mismatch ?? getService('refunds').refundable(row);
      const record: AdminPaymentRecord = {
        ...row,
        id: row.documentId,
        refundableMinor: refundable,
        payer: { userId: row.payerUserId, displayName: persons.get(row.payerUserId)?.displayName ?? 'Haven member' },
        therapist: { userId: row.payeeUserId, displayName: persons.get(row.payeeUserId)?.displayName ?? 'Haven therapist' },
        sessions: paymentItemView.pickAll(row.items),
        refunds: adminRefundView.pickAll(refunds),
        canRefund: refundable > 0 && !row.waived,
        canMark: row.provider === 'manual' && row.status === 'pending',
      };
      out.push(adminPaymentView.pick(record));
    }
    return out;
  }

  return {
    async list(filters: AdminFilters) {
      const ids = await queries.pageIds(filters);
      const found = ids.length ? (await rows.payments().findMany({ where: { id: { $in: ids } } })).map(rows.byRaw) : [];
      found.sort((a, b) => ids.indexOf(a.id) - ids.indexOf(b.id));
      const sums = await totals(filters);
      return {
        data: await views(found),
        meta: {
          totals: sums,
          therapists: await this.therapists(),
          pagination: { page: filters.page, pageSize: filters.pageSize, total: sums.count, pageCount: Math.ceil(sums.count / filters.pageSize) },
        },
      };
    },

    /** Everyone who has been paid through Haven, for the therapist filter. */
    async therapists(): Promise<{ userId: number; displayName: string }[]> {
      const ids = await queries.payeeIds();
      const persons = await people.many(ids);
      return ids.map((userId) => ({ userId, displayName: persons.get(userId)?.displayName ?? `Therapist ${userId}` })).sort((a, b) => a.displayName.localeCompare(b.displayName));
    },

    async findOne(paymentId: string): Promise<AdminPaymentView> {
      const row = await rows.byDocumentId(paymentId);
      if (!row) throw notFound('No such payment');
      return (await views([row]))[0];
    },

    /**
     * A staff refund, full or partial, with a reason; `requestId` makes a repeated click refund once.
     * A payment flagged for a mismatch was never accepted: what it received is given back through its
     * own provider payment, and once all of it is, the payment is closed as failed.
     */
    async refund(staff: StaffActor, paymentId: string, input: { amountMinor: number; reason: string; requestId?: string }): Promise<AdminPaymentView> {
      const adminId = staff.adminId;
      const row = await rows.byDocumentId(paymentId);
      if (!row) throw notFound('No such payment');
      const key = `staff:${row.documentId}:${input.requestId ?? crypto.randomUUID()}`;
      const mismatch = mismatchRefundable(row, await rows.refundsOf(row.id));
      if (mismatch === null) {
        await getService('refunds').refund({ payment: row, amountMinor: input.amountMinor, kind: 'staff', reason: input.reason, idempotencyKey: key, requestedBy: `admin:${adminId}` });
        await recordStaffAction(staff, 'refund', row.documentId, input.reason, { kind: 'staff', amountMinor: input.amountMinor, currency: row.currency, requestId: input.requestId ?? null });
        return this.findOne(paymentId);
      }
      if (input.amountMinor > mismatch) {
        throw badRequest(`amountMinor must be at most ${mismatch}: that is what is left of the amount received.`, { errors: [{ path: ['amountMinor'], message: `must be at most ${mismatch}` }], refundableMinor: mismatch });
      }
      await getService('refunds').refund({
        payment: row,
        amountMinor: input.amountMinor,
        kind: 'mismatch',
        reason: input.reason,
        idempotencyKey: key,
        requestedBy: `admin:${adminId}`,
        separateCharge: { provider: row.provider, providerPaymentId: row.providerPaymentId!, currency: row.receivedCurrency ?? row.currency },
      });
      if (input.amountMinor >= mismatch) {
        await rows.update(row.id, { status: { $in: OPEN } }, { status: 'failed', failureReason: 'The payment did not match the booking and was refunded by staff.', failedAt: new Date() });
      }
      await recordStaffAction(staff, 'refund', row.documentId, input.reason, {
        kind: 'mismatch',
        amountMinor: input.amountMinor,
        currency: row.receivedCurrency ?? row.currency,
        requestId: input.requestId ?? null,
      });
      return this.findOne(paymentId);
    },
  };
};
