/**
 * What a receipt says, in the reader's time zone: who paid whom, for which sessions, how much, what
 * was given back and where the payment stands. Shared by the printable page and the PDF. Pure module.
 */
import { DateTime } from 'luxon';
import { PAYMENT_STATUS_LABELS, type PaymentStatus, type ProviderName, type RefundStatus } from '@haven/shared/payments';
import { formatMoney } from './money';

export interface ReceiptData {
  paymentId: string;
  status: PaymentStatus;
  provider: ProviderName;
  waived: boolean;
  amountMinor: number;
  refundedMinor: number;
  currency: string;
  createdAt: string;
  paidAt: string | null;
  payerName: string;
  therapistName: string;
  sessions: { startsAt: string; endsAt: string; amountMinor: number; bookingStatus: string | null }[];
  refunds: { createdAt: string; amountMinor: number; reason: string | null; status: RefundStatus }[];
  /** The therapist's note when they marked it paid or waived. */
  note: string | null;
  /** The therapist's payment instructions while a direct payment is still owed (the payer's receipt only). */
  instructions: string | null;
  /** The reader's IANA zone: every time is shown in it. */
  timeZone: string;
  issuedAt: string;
}

const PROVIDER = { manual: 'Paid to the therapist directly', stripe: 'Card (Stripe)', paypal: 'PayPal' } as const;

const BOOKING_STATUS: Record<string, string> = {
  pending_payment: 'waiting for payment',
  confirmed: 'confirmed',
  cancelled: 'cancelled',
  expired: 'expired',
  completed: 'completed',
  no_show: 'missed',
};

/** The receipt as labelled lines, ready for any renderer. */
export function describeReceipt(data: ReceiptData) {
  const zone = data.timeZone;
  const when = (iso: string) => DateTime.fromISO(iso, { zone }).toFormat('d LLL yyyy, HH:mm');
  const money = (minor: number) => formatMoney(minor, data.currency);
  const zoneLabel = zone.replaceAll('_', ' ');
  return {
    title: `Receipt ${data.paymentId}`,
    status: data.waived ? 'Waived by the therapist' : PAYMENT_STATUS_LABELS[data.status],
    facts: [
      ['Receipt number', data.paymentId],
      ['Date', when(data.paidAt ?? data.createdAt)],
      ['Client', data.payerName],
      ['Therapist', data.therapistName],
      ['Payment method', PROVIDER[data.provider]],
      ['Status', data.waived ? 'Waived by the therapist' : PAYMENT_STATUS_LABELS[data.status]],
      ...(data.note ? ([['Note', data.note]] as [string, string][]) : []),
    ] as [string, string][],
    /** How to pay, line by line (the therapist's instructions), or null. */
    howToPay: data.instructions ? data.instructions.split('\n') : null,
    sessions: data.sessions.map((s) => ({
      label: `Therapy session, ${when(s.startsAt)}–${DateTime.fromISO(s.endsAt, { zone }).toFormat('HH:mm')}${s.bookingStatus ? ` (${BOOKING_STATUS[s.bookingStatus] ?? s.bookingStatus})` : ''}`,
      amount: money(s.amountMinor),
    })),
    refunds: data.refunds
      .filter((r) => r.status !== 'failed')
      .map((r) => ({ label: `Refund, ${when(r.createdAt)}${r.reason ? `: ${r.reason}` : ''}${r.status === 'pending' ? ' (on its way)' : ''}`, amount: `−${money(r.amountMinor)}` })),
    totals: [
      ['Total', money(data.amountMinor)],
      ...(data.refundedMinor > 0 ? ([['Refunded', `−${money(data.refundedMinor)}`], ['Kept', money(Math.max(0, data.amountMinor - data.refundedMinor))]] as [string, string][]) : []),
    ] as [string, string][],
    footer: `Times are in ${zoneLabel}. Issued ${when(data.issuedAt)} by Haven.`,
  };
}
