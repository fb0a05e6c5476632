/**
 * Responses by allow-list: every payment answer that leaves the server is picked from one of these
 * definitions, so a column the payment or refund tables grow later stays private until it is named
 * here. The types the site and the admin page read stay in @haven/shared/payments; `SAME_AS_SHARED`
 * at the bottom makes tsc refuse a definition that hands out more or less than its shared type.
 */
import { publicView, type ViewOf, type SameFields } from '@haven/shared/view';
import type { AdminPaymentView, AdminRefundView, PaymentItem, PaymentSessionView, PaymentView } from '@haven/shared/payments';
import type { PaymentRow, RefundRow } from './db/rows';

/** What a person's view of a payment is picked from: the row under its public id, and what was worked out for the caller. */
export interface PaymentRecord extends Omit<PaymentRow, 'id'> {
  /** The public id (the row's document id). */
  id: string;
  yourRole: 'client' | 'therapist';
  with: { displayName: string };
  sessions: PaymentSessionView[];
  refunds: ViewOf<typeof paymentRefundView>[];
  notice: string | null;
  /** Only for the payer of an open checkout that has not run out (null otherwise), whatever the row holds. */
  checkoutUrl: string | null;
  checkoutExpiresAt: string | null;
  canMark: boolean;
  /** The therapist's payment instructions, for the payer of an open direct payment only. */
  instructions: string | null;
  undoUntil: string | null;
}

/** What the admin page's view of a payment is picked from: the row under its public id, and what staff may do with it. */
export interface AdminPaymentRecord extends Omit<PaymentRow, 'id' | 'items'> {
  /** The public id (the row's document id). */
  id: string;
  refundableMinor: number;
  payer: { userId: number; displayName: string };
  therapist: { userId: number; displayName: string };
  sessions: ViewOf<typeof paymentItemView>[];
  refunds: ViewOf<typeof adminRefundView>[];
  canRefund: boolean;
  canMark: boolean;
}

/** A refund of a payment as its payer or therapist sees it (`refunds` of paymentView). */
export const paymentRefundView = publicView<RefundRow>()('amountMinor', 'createdAt', 'status', 'reason');

/**
 * GET /api/payments, GET /api/payments/:id, POST /api/payments/:id/mark, POST /api/payments/:id/complete,
 * and `payment` of POST /api/payments/checkout.
 */
export const paymentView = publicView<PaymentRecord>()(
  'id',
  'status',
  'provider',
  'amountMinor',
  'refundedMinor',
  'currency',
  'waived',
  'createdAt',
  'paidAt',
  'yourRole',
  'with',
  'therapistId',
  'bookingId',
  'seriesId',
  'sessions',
  'refunds',
  'notice',
  'checkoutUrl',
  'checkoutExpiresAt',
  'canMark',
  'note',
  'undoUntil',
  'instructions',
);

/** A session a payment pays for, as stored on the payment (`sessions` of adminPaymentView). */
export const paymentItemView = publicView<PaymentItem>()('bookingId', 'startsAt', 'endsAt', 'amountMinor');

/** A refund as staff see it (`refunds` of adminPaymentView). */
export const adminRefundView = publicView<RefundRow>()('amountMinor', 'currency', 'kind', 'reason', 'status', 'failureMessage', 'requestedBy', 'createdAt');

/** Admin API: GET /payments/admin/payments (each of `data`), GET …/:id, POST …/:id/refund, POST …/:id/mark. */
export const adminPaymentView = publicView<AdminPaymentRecord>()(
  'id',
  'createdAt',
  'paidAt',
  'status',
  'provider',
  'amountMinor',
  'refundedMinor',
  'refundableMinor',
  'currency',
  'flagged',
  'flagReason',
  'receivedMinor',
  'receivedCurrency',
  'waived',
  'failureReason',
  'settledBy',
  'payer',
  'therapist',
  'sessions',
  'refunds',
  'canRefund',
  'canMark',
);


/** Compile-time proof that each definition hands out exactly what the site and the admin page read. */
export const SAME_AS_SHARED: [
  SameFields<ViewOf<typeof paymentView>, PaymentView>,
  SameFields<ViewOf<typeof paymentRefundView>, PaymentView['refunds'][number]>,
  SameFields<ViewOf<typeof adminPaymentView>, AdminPaymentView>,
  SameFields<ViewOf<typeof adminRefundView>, AdminRefundView>,
  SameFields<ViewOf<typeof paymentItemView>, PaymentItem>,
] = [true, true, true, true, true];
