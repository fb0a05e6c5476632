/**
 * Rows of the payments tables and the writes whose correctness the database enforces: unique keys
 * (provider event ids, purchase keys, refund idempotency keys) and conditional updates (a status
 * changes only from the statuses it may change from; refunds never exceed what was paid).
 */
import type { Core } from '@strapi/strapi';
import { ensureIndexes, epochMs, isoOrNull, isUniqueViolation, tableMeta } from '@haven/shared/server/db';
import type { PaymentItem, PaymentStatus, ProviderName, RefundKind, RefundStatus } from '@haven/shared/payments';

export const UID = {
  payment: 'plugin::payments.payment',
  refund: 'plugin::payments.refund',
  event: 'plugin::payments.provider-event',
} as const;

export type { PaymentItem, PaymentStatus, RefundKind } from '@haven/shared/payments';
/** Statuses in which money was received and (some of it) kept. */
export const PAID: PaymentStatus[] = ['succeeded', 'partially_refunded'];
/** Statuses from which a payment may still succeed. */
export const OPEN: PaymentStatus[] = ['pending', 'failed'];

export interface PaymentRow {
  id: number;
  documentId: string;
  purchaseKey: string;
  bookingId: string;
  seriesId: string | null;
  items: PaymentItem[];
  payerUserId: number;
  payeeUserId: number;
  therapistId: string | null;
  amountMinor: number;
  currency: string;
  provider: ProviderName;
  status: PaymentStatus;
  refundedMinor: number;
  receivedMinor: number | null;
  receivedCurrency: string | null;
  attempt: number;
  checkoutSessionId: string | null;
  checkoutUrl: string | null;
  checkoutExpiresAt: string | null;
  providerPaymentId: string | null;
  flagged: boolean;
  flagReason: string | null;
  failureReason: string | null;
  waived: boolean;
  settledBy: string | null;
  note: string | null;
  paidAt: string | null;
  failedAt: string | null;
  refundedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface RefundRow {
  id: number;
  documentId: string;
  paymentId: number;
  bookingId: string | null;
  amountMinor: number;
  currency: string;
  kind: RefundKind;
  reason: string | null;
  idempotencyKey: string;
  provider: ProviderName;
  providerPaymentId: string | null;
  providerRefundId: string | null;
  status: RefundStatus;
  failureMessage: string | null;
  requestedBy: string | null;
  createdAt: string;
}

export interface EventRow {
  id: number;
  provider: 'stripe' | 'paypal';
  eventId: string;
  type: string | null;
  state: 'processing' | 'processed' | 'ignored' | 'failed';
  lockedUntil: string | null;
  attempts: number;
}

/** Indexes the schema files cannot express; the unique ones are what make replays and double refunds impossible. */
const INDEXES = [
  { uid: UID.event, name: 'payments_provider_events_uq', attributes: ['provider', 'eventId'], unique: true },
  { uid: UID.payment, name: 'payments_payments_purchase_uq', attributes: ['purchaseKey'], unique: true },
  { uid: UID.refund, name: 'payments_refunds_key_uq', attributes: ['idempotencyKey'], unique: true },
  { uid: UID.payment, name: 'payments_payments_payer_idx', attributes: ['payerUserId', 'createdAt'] },
  { uid: UID.payment, name: 'payments_payments_payee_idx', attributes: ['payeeUserId', 'createdAt'] },
  { uid: UID.payment, name: 'payments_payments_status_idx', attributes: ['status', 'createdAt'] },
  { uid: UID.payment, name: 'payments_payments_session_idx', attributes: ['checkoutSessionId'] },
  { uid: UID.payment, name: 'payments_payments_provider_payment_idx', attributes: ['providerPaymentId'] },
  { uid: UID.payment, name: 'payments_payments_booking_idx', attributes: ['bookingId'] },
  { uid: UID.payment, name: 'payments_payments_series_idx', attributes: ['seriesId'] },
  { uid: UID.refund, name: 'payments_refunds_payment_idx', attributes: ['paymentId'] },
];

export const ensurePaymentIndexes = (strapi: Core.Strapi) => ensureIndexes(strapi, INDEXES);

/** Normalises what the database returns (SQLite booleans are 0/1, dates numbers, JSON maybe text). */
export function toPayment(raw: Record<string, unknown> | null | undefined): PaymentRow | null {
  if (!raw) return null;
  const items = typeof raw.items === 'string' ? (JSON.parse(raw.items) as PaymentItem[]) : ((raw.items as PaymentItem[] | null) ?? []);
  return {
    ...(raw as unknown as PaymentRow),
    items,
    payerUserId: Number(raw.payerUserId),
    payeeUserId: Number(raw.payeeUserId),
    amountMinor: Number(raw.amountMinor),
    refundedMinor: Number(raw.refundedMinor ?? 0),
    receivedMinor: raw.receivedMinor === null || raw.receivedMinor === undefined ? null : Number(raw.receivedMinor),
    attempt: Number(raw.attempt ?? 0),
    flagged: Boolean(raw.flagged),
    waived: Boolean(raw.waived),
    checkoutExpiresAt: isoOrNull(raw.checkoutExpiresAt),
    paidAt: isoOrNull(raw.paidAt),
    failedAt: isoOrNull(raw.failedAt),
    refundedAt: isoOrNull(raw.refundedAt),
    createdAt: isoOrNull(raw.createdAt)!,
    updatedAt: isoOrNull(raw.updatedAt)!,
  };
}

export function toRefund(raw: Record<string, unknown>): RefundRow {
  return { ...(raw as unknown as RefundRow), paymentId: Number(raw.paymentId), amountMinor: Number(raw.amountMinor), createdAt: isoOrNull(raw.createdAt)! };
}

export function paymentRows(strapi: Core.Strapi) {
  const payments = () => strapi.db.query(UID.payment);
  const refunds = () => strapi.db.query(UID.refund);
  const events = () => strapi.db.query(UID.event);

  return {
    payments,
    refunds,
    events,

    byRaw: (raw: Record<string, unknown>): PaymentRow => toPayment(raw)!,

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
    async createOnce(data: Omit<Partial<PaymentRow>, 'id' | 'documentId'> & { purchaseKey: string }): Promise<{ row: PaymentRow; created: boolean }> {
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
    async update(id: number, where: Record<string, unknown>, data: Record<string, unknown>): Promise<boolean> {
      const { count } = await payments().updateMany({ where: { id, ...where }, data });
      return count > 0;
    },

    /**
     * Reserves `amount` of a paid payment for a refund, atomically: succeeds only while what was
     * refunded plus `amount` stays within what was paid. Concurrent refunds cannot overshoot.
     */
    async reserveRefund(id: number, amount: number): Promise<boolean> {
      const m = tableMeta(strapi, UID.payment);
      const refunded = m.column('refundedMinor');
      const count = await strapi.db
        .connection(m.table)
        .where('id', id)
        .whereIn(m.column('status'), PAID)
        .whereRaw('COALESCE(??, 0) + ? <= ??', [refunded, amount, m.column('amountMinor')])
        .update({ [refunded]: strapi.db.connection.raw('COALESCE(??, 0) + ?', [refunded, amount]), [m.column('updatedAt')]: new Date() });
      return Number(count) > 0;
    },

    /** Gives back a reservation whose refund the provider refused. */
    async releaseRefund(id: number, amount: number): Promise<void> {
      const m = tableMeta(strapi, UID.payment);
      const refunded = m.column('refundedMinor');
      await strapi.db
        .connection(m.table)
        .where('id', id)
        .update({ [refunded]: strapi.db.connection.raw('CASE WHEN COALESCE(??, 0) >= ? THEN COALESCE(??, 0) - ? ELSE 0 END', [refunded, amount, refunded, amount]) });
    },

    /** Raises the refunded total to a provider-reported cumulative figure (never lowers it). */
    async raiseRefundedTo(id: number, total: number): Promise<boolean> {
      const m = tableMeta(strapi, UID.payment);
      const refunded = m.column('refundedMinor');
      const count = await strapi.db
        .connection(m.table)
        .where('id', id)
        .whereRaw('COALESCE(??, 0) < ?', [refunded, total])
        .update({ [refunded]: total, [m.column('updatedAt')]: new Date() });
      return Number(count) > 0;
    },

    /** Sets refunded / partially_refunded from the refunded total, for a payment that had been paid. */
    async settleRefundStatus(id: number, now = Date.now()): Promise<PaymentRow | null> {
      const row = await this.byId(id);
      if (!row || !['succeeded', 'partially_refunded', 'refunded'].includes(row.status)) return row;
      const status: PaymentStatus = row.refundedMinor <= 0 ? 'succeeded' : row.refundedMinor >= row.amountMinor ? 'refunded' : 'partially_refunded';
      if (status !== row.status) await this.update(id, { status: row.status }, { status, ...(status === 'refunded' ? { refundedAt: new Date(now) } : {}) });
      return this.byId(id);
    },

    async refundsOf(paymentId: number): Promise<RefundRow[]> {
      return ((await refunds().findMany({ where: { paymentId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] })) as Record<string, unknown>[]).map(toRefund);
    },

    async refundByKey(idempotencyKey: string): Promise<RefundRow | null> {
      const raw = await refunds().findOne({ where: { idempotencyKey } });
      return raw ? toRefund(raw) : null;
    },

    /** Inserts a refund row unless its idempotency key exists. */
    async createRefundOnce(data: Omit<Partial<RefundRow>, 'id' | 'documentId' | 'createdAt'> & { idempotencyKey: string }): Promise<{ row: RefundRow; created: boolean }> {
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

export { epochMs, isUniqueViolation };
