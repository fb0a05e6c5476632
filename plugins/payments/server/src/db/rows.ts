/**
 * The rows of the payments tables: as the services read them (PaymentRow, RefundRow, EventRow) and as
 * the Query Engine stores and returns them (Stored*: SQLite answers booleans as 0/1, dates as numbers,
 * JSON maybe as text), with the one normalisation from the second to the first.
 */
import { isoOrNull } from '@haven/shared/server/db';
import type { PaymentItem, PaymentStatus, ProviderName, RefundKind, RefundStatus } from '@haven/shared/payments';

export type { PaymentItem, PaymentStatus, RefundKind } from '@haven/shared/payments';
/** Statuses in which money was received and (some of it) kept. */
export const PAID: PaymentStatus[] = ['succeeded', 'partially_refunded'];
/** Statuses from which a payment may still succeed. */
export const OPEN: PaymentStatus[] = ['pending', 'failed'];

/** A datetime column: the drivers answer Date objects, ISO strings or epoch numbers; writes give Dates. */
export type DateValue = Date | string | number | null;
/** A number column as the drivers answer it (PostgreSQL bigint and sums come back as strings). */
type NumberValue = number | string;

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

/** Columns of a payment whose stored form differs from what services read. */
type StoredPaymentColumns = {
  items: PaymentItem[] | string | null;
  payerUserId: NumberValue;
  payeeUserId: NumberValue;
  amountMinor: NumberValue;
  refundedMinor: NumberValue | null;
  receivedMinor: NumberValue | null;
  attempt: NumberValue | null;
  flagged: boolean | number | null;
  waived: boolean | number | null;
  checkoutExpiresAt: DateValue;
  paidAt: DateValue;
  failedAt: DateValue;
  refundedAt: DateValue;
  createdAt: DateValue;
  updatedAt: DateValue;
};
export type StoredPaymentRow = Omit<PaymentRow, keyof StoredPaymentColumns> & StoredPaymentColumns;

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

type StoredRefundColumns = { paymentId: NumberValue; amountMinor: NumberValue; createdAt: DateValue };
export type StoredRefundRow = Omit<RefundRow, keyof StoredRefundColumns> & StoredRefundColumns;

/** A provider's webhook event, recorded once under its event id. */
export interface EventRow {
  id: number;
  provider: 'stripe' | 'paypal';
  eventId: string;
  type: string | null;
  objectId: string | null;
  state: 'processing' | 'processed' | 'ignored' | 'failed';
  lockedUntil: DateValue;
  attempts: number;
  paymentId: number | null;
  note: string | null;
}

/** A therapist's payment instructions (one row per therapist account). */
export interface StoredInstructionRow {
  id: number;
  documentId: string;
  therapistUserId: number | string;
  text: string;
  updatedAt: DateValue;
}

const numberOrNull = (value: NumberValue | null | undefined): number | null => (value === null || value === undefined ? null : Number(value));

/** What services read of a stored payment. */
export function toPayment(raw: StoredPaymentRow | null | undefined): PaymentRow | null {
  if (!raw) return null;
  const items = typeof raw.items === 'string' ? (JSON.parse(raw.items) as PaymentItem[]) : (raw.items ?? []);
  return {
    ...raw,
    items,
    payerUserId: Number(raw.payerUserId),
    payeeUserId: Number(raw.payeeUserId),
    amountMinor: Number(raw.amountMinor),
    refundedMinor: Number(raw.refundedMinor ?? 0),
    receivedMinor: numberOrNull(raw.receivedMinor),
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

/** What services read of a stored refund. */
export function toRefund(raw: StoredRefundRow): RefundRow {
  return { ...raw, paymentId: Number(raw.paymentId), amountMinor: Number(raw.amountMinor), createdAt: isoOrNull(raw.createdAt)! };
}
