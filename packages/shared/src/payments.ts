/**
 * What the payments plugin answers and the site and the admin page read: payments as the payer or
 * the therapist sees them, the checkout's answer, the admin list, and the words for a status. Money
 * is integer minor units of `currency`. Types and constants only; safe in the browser.
 */

export type PaymentStatus = 'pending' | 'succeeded' | 'failed' | 'refunded' | 'partially_refunded';
export type GatewayName = 'stripe' | 'paypal';
export type ProviderName = GatewayName | 'manual';
export type RefundStatus = 'pending' | 'succeeded' | 'failed';
export type RefundKind = 'cancellation' | 'late_payment' | 'duplicate' | 'mismatch' | 'staff' | 'provider';

/** A payment's status in the words people read (site pages and receipts). */
export const PAYMENT_STATUS_LABELS: Record<PaymentStatus, string> = {
  pending: 'Not paid yet',
  succeeded: 'Paid',
  failed: 'Not paid',
  refunded: 'Refunded',
  partially_refunded: 'Partly refunded',
};

/** One session a payment pays for, at the amount charged for it. */
export interface PaymentItem {
  bookingId: string;
  startsAt: string;
  endsAt: string;
  amountMinor: number;
}

export interface PaymentSessionView extends PaymentItem {
  /** The booking's status now (confirmed, cancelled, …), or null when it can no longer be read. */
  status: string | null;
}

export interface PaymentView {
  id: string;
  status: PaymentStatus;
  provider: ProviderName;
  amountMinor: number;
  refundedMinor: number;
  currency: string;
  waived: boolean;
  createdAt: string;
  paidAt: string | null;
  yourRole: 'client' | 'therapist';
  with: { displayName: string };
  therapistId: string | null;
  bookingId: string;
  seriesId: string | null;
  sessions: PaymentSessionView[];
  refunds: { amountMinor: number; createdAt: string; status: RefundStatus; reason: string | null }[];
  /** Said to people in plain words: why it failed, or that staff are checking it. */
  notice: string | null;
  /** The provider page to go back to, for the payer of an open checkout that has not run out. */
  checkoutUrl: string | null;
  checkoutExpiresAt: string | null;
  /** The therapist may mark a manual payment paid or waived (never one whose sessions were all cancelled). */
  canMark: boolean;
  /** The therapist's note when marking it paid or waived (shown on the payment and the receipt). */
  note: string | null;
  /** Until when the therapist who marked it may undo that mark; null when they may not (any more). */
  undoUntil: string | null;
  /** The therapist's payment instructions, for the payer of a direct payment still owed (else null). */
  instructions: string | null;
}

/** POST /api/payments/checkout. */
export interface CheckoutResult {
  payment: PaymentView;
  provider: ProviderName;
  /** The provider's page to send the payer to; null for manual. */
  url: string | null;
  message: string | null;
}

export interface AdminRefundView {
  amountMinor: number;
  currency: string;
  kind: RefundKind;
  reason: string | null;
  status: RefundStatus;
  failureMessage: string | null;
  requestedBy: string | null;
  createdAt: string;
}

/** A row of the admin panel's Payments page. */
export interface AdminPaymentView {
  id: string;
  createdAt: string;
  paidAt: string | null;
  status: PaymentStatus;
  provider: ProviderName;
  amountMinor: number;
  refundedMinor: number;
  refundableMinor: number;
  currency: string;
  flagged: boolean;
  flagReason: string | null;
  receivedMinor: number | null;
  receivedCurrency: string | null;
  waived: boolean;
  failureReason: string | null;
  settledBy: string | null;
  payer: { userId: number; displayName: string };
  therapist: { userId: number; displayName: string };
  sessions: PaymentItem[];
  refunds: AdminRefundView[];
  canRefund: boolean;
  canMark: boolean;
}

/** Totals per currency over the admin list's filter. */
export interface PaymentTotals {
  count: number;
  byCurrency: { currency: string; payments: number; paidMinor: number; refundedMinor: number; netMinor: number; pendingMinor: number }[];
}

/** Payment instructions a therapist writes for direct (manual) payment: plain text, line breaks kept. */
export const PAYMENT_INSTRUCTIONS_MAX = 1000;
/** A therapist's note when marking a direct payment paid or waived. */
export const PAYMENT_NOTE_MAX = 500;
/** Minutes during which the therapist who marked a direct payment may undo the mark. */
export const PAYMENT_UNDO_MINUTES = 10;

/** GET/PUT /api/payments/instructions/mine: the therapist's own payment instructions (null: none written). */
export interface PaymentInstructionsView {
  instructions: string | null;
  updatedAt: string | null;
  maxLength: number;
}

/** GET /api/payments/how-to-pay/:therapistProfileId: how a client pays this therapist, in the client's words. */
export interface HowToPayView {
  provider: ProviderName;
  sentence: string;
  /** The therapist's instructions (manual provider only; null when online or none written). */
  instructions: string | null;
}

/** GET /api/payments?outstanding=true (therapists): what is owed to them per currency, over every page. */
export interface OutstandingTotal {
  currency: string;
  amountMinor: number;
  payments: number;
}
