/**
 * Reads and writes of payments and refunds whose correctness the database enforces: unique keys
 * (purchase keys, refund idempotency keys) and conditional updates (a status changes only from the
 * statuses it may change from; refunds never exceed what was paid, see refund-totals.ts).
 */
import type { Core } from '@strapi/strapi';
import { isUniqueViolation } from '@haven/shared/server/db';
import { refundTotals } from './refund-totals';
import { toPayment, toRefund, type PaymentRow, type PaymentStatus, type RefundRow, type StoredPaymentRow, type StoredRefundRow } from './rows';
import { tables } from './tables';

export function paymentRows(strapi: Core.Strapi) {
  const t = tables(strapi);
  const totals = refundTotals(strapi);
  const payments = () => t.payments;
  const refunds = () => t.refunds;
  const events = () => t.events;

  return {
    payments,
    refunds,
    events,

    byRaw: (raw: StoredPaymentRow): PaymentRow => toPayment(raw)!,

    async byDocumentId(documentId: string): Promise<PaymentRow | null> {
      return toPayment(await payments().findOne({ where: { documentId } }));
    },

    async byId(id: number): Promise<PaymentRow | null> {
      return toPayment(await payments().findOne({ where: { id } }));
    },

    async byPurchaseKey(purchaseKey: string): Promise<PaymentRow | null> {
      return toPayment(await payments().findOne({ where: { purchaseKey } }));
    },

    /** The payment a provider's reference belongs to (a checkout session / order, or a payment intent / capture). */
    async byProviderRef(ref: { sessionId?: string | null; providerPaymentId?: string | null }): Promise<PaymentRow | null> {
      if (ref.providerPaymentId) {
        const found = toPayment(await payments().findOne({ where: { providerPaymentId: ref.providerPaymentId } }));
        if (found) return found;
      }
      if (ref.sessionId) return toPayment(await payments().findOne({ where: { checkoutSessionId: ref.sessionId } }));
      return null;
    },

    /** The payment that covers a booking: its own, or its series' when the series was paid in one checkout. */
    async coveringBooking(bookingId: string, seriesId: string | null): Promise<PaymentRow | null> {
      const own = await this.byPurchaseKey(`booking:${bookingId}`);
      if (own) return own;
      if (!seriesId) return null;
      const series = await this.byPurchaseKey(`series:${seriesId}`);
      return series && series.items.some((item) => item.bookingId === bookingId) ? series : null;
    },

    /** Inserts a payment unless one with its purchase key exists; either way returns the one that exists. */
    async createOnce(data: Omit<Partial<StoredPaymentRow>, 'id' | 'documentId'> & { purchaseKey: string }): Promise<{ row: PaymentRow; created: boolean }> {
      try {
        return { row: toPayment(await payments().create({ data }))!, created: true };
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
        const existing = await this.byPurchaseKey(data.purchaseKey);
        if (!existing) throw err;
        return { row: existing, created: false };
      }
    },

    /** A conditional update: changes the row only while `where` still holds. Returns whether it did. */
    async update(id: number, where: Record<string, unknown>, data: Partial<StoredPaymentRow>): Promise<boolean> {
      const { count } = await payments().updateMany({ where: { id, ...where }, data });
      return count > 0;
    },

    /**
     * Reserves `amount` of a paid payment for a refund, atomically: succeeds only while what was
     * refunded plus `amount` stays within what was paid. Concurrent refunds cannot overshoot.
     */
    reserveRefund: (id: number, amount: number) => totals.reserve(id, amount),

    /** Gives back a reservation whose refund the provider refused. */
    releaseRefund: (id: number, amount: number) => totals.release(id, amount),

    /** Raises the refunded total to a provider-reported cumulative figure (never lowers it). */
    raiseRefundedTo: (id: number, total: number) => totals.raiseTo(id, total),

    /**
     * Sets refunded / partially_refunded from what has gone back, for a payment that had been paid.
     * The refunded total also holds refunds still on their way (pending at the provider, or not yet
     * answered), so that nobody can refund that money twice; they do not count as returned until
     * the provider says so.
     */
    async settleRefundStatus(id: number, now = Date.now()): Promise<PaymentRow | null> {
      const row = await this.byId(id);
      if (!row || !['succeeded', 'partially_refunded', 'refunded'].includes(row.status)) return row;
      const returned = row.refundedMinor - (await this.refundsOnTheirWay(id));
      const status: PaymentStatus = returned <= 0 ? 'succeeded' : returned >= row.amountMinor ? 'refunded' : 'partially_refunded';
      if (status !== row.status) await this.update(id, { status: row.status }, { status, ...(status === 'refunded' ? { refundedAt: new Date(now) } : {}) });
      return this.byId(id);
    },

    /**
     * What of a payment's refunded total is still on its way (refunds the provider has not finished).
     * Duplicate and mismatch refunds give back other charges and are not part of that total.
     */
    async refundsOnTheirWay(paymentId: number): Promise<number> {
      const pending = await refunds().findMany({ where: { paymentId, status: 'pending', kind: { $notIn: ['duplicate', 'mismatch'] } }, select: ['amountMinor'] });
      return pending.reduce((sum: number, refund: { amountMinor: number | string }) => sum + Number(refund.amountMinor), 0);
    },

    async refundsOf(paymentId: number): Promise<RefundRow[]> {
      return (await refunds().findMany({ where: { paymentId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] })).map(toRefund);
    },

    async refundByKey(idempotencyKey: string): Promise<RefundRow | null> {
      const raw = await refunds().findOne({ where: { idempotencyKey } });
      return raw ? toRefund(raw) : null;
    },

    /** Inserts a refund row unless its idempotency key exists. */
    async createRefundOnce(data: Omit<Partial<StoredRefundRow>, 'id' | 'documentId' | 'createdAt'> & { idempotencyKey: string }): Promise<{ row: RefundRow; created: boolean }> {
      try {
        return { row: toRefund(await refunds().create({ data })), created: true };
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
        const existing = await this.refundByKey(data.idempotencyKey);
        if (!existing) throw err;
        return { row: existing, created: false };
      }
    },
  };
}

export type PaymentStore = ReturnType<typeof paymentRows>;
