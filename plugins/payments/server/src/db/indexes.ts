import type { Core } from '@strapi/strapi';
import { ensureIndexes } from '@haven/shared/server/db';
import { UID } from './uids';

/** Indexes the schema files cannot express; the unique ones are what make replays and double refunds impossible. */
const INDEXES = [
  { uid: UID.event, name: 'payments_provider_events_uq', attributes: ['provider', 'eventId'], unique: true },
  { uid: UID.payment, name: 'payments_payments_purchase_uq', attributes: ['purchaseKey'], unique: true },
  { uid: UID.refund, name: 'payments_refunds_key_uq', attributes: ['idempotencyKey'], unique: true },
  // One set of payment instructions per therapist: two concurrent first saves cannot make two rows.
  { uid: UID.instruction, name: 'payments_instructions_therapist_uq', attributes: ['therapistUserId'], unique: true },
  { uid: UID.payment, name: 'payments_payments_payer_idx', attributes: ['payerUserId', 'createdAt'] },
  { uid: UID.payment, name: 'payments_payments_payee_idx', attributes: ['payeeUserId', 'createdAt'] },
  { uid: UID.payment, name: 'payments_payments_status_idx', attributes: ['status', 'createdAt'] },
  { uid: UID.payment, name: 'payments_payments_session_idx', attributes: ['checkoutSessionId'] },
  { uid: UID.payment, name: 'payments_payments_provider_payment_idx', attributes: ['providerPaymentId'] },
  { uid: UID.payment, name: 'payments_payments_booking_idx', attributes: ['bookingId'] },
  { uid: UID.payment, name: 'payments_payments_series_idx', attributes: ['seriesId'] },
  { uid: UID.refund, name: 'payments_refunds_payment_idx', attributes: ['paymentId'] },
  // The usage dashboard's revenue per day and currency (money-days.ts) from this index alone, never the
  // wide rows (bench:dashboards, SQLite: 126 → 53 ms for 55,000 payments over a year).
  { uid: UID.payment, name: 'payments_payments_paid_idx', attributes: ['status', 'paidAt', 'currency', 'amountMinor', 'waived'] },
];

/** A bootstrap step: creates what is missing of INDEXES. */
export const ensurePaymentIndexes = (strapi: Core.Strapi) => ensureIndexes(strapi, INDEXES);
