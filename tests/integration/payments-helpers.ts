/** Shared set-up of the payments suites (payments-*.test.ts): bookings to pay, payment rows, events. */
import zlib from 'node:zlib';
import type { PaymentView } from '@haven/shared/payments';
import type { RefundRow } from '../../plugins/payments/dist/server/db/rows.js';
import { apiClient, type Haven } from '../helpers/haven';
import { hourFromNow, type User } from './booking-helpers';

export const PAYMENT_UID = 'plugin::payments.payment';
export const REFUND_UID = 'plugin::payments.refund';
export const EVENT_UID = 'plugin::payments.provider-event';
export const HOLD_MS = 15 * 60_000;

/** Environment that keeps background workers quiet: holds are released by the tests themselves. */
export const QUIET = { BOOKING_HOLD_SWEEP_MS: '3600000', BOOKING_REMINDER_POLL_MS: '3600000', BOOKING_CALENDAR_POLL_MS: '3600000' };

export async function book(haven: Haven, client: User, therapistId: string, hours: number, extra: Record<string, unknown> = {}) {
  const res = await apiClient(haven.url).post('/api/booking/bookings', { therapist: therapistId, start: hourFromNow(hours), ...extra }, client.jwt);
  if (res.status !== 201) throw new Error(`booking failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data as { id: string; status: string; startsAt: string; seriesId: string | null }[];
}

/** The payment of a booking as its client sees it (GET /api/payments?role=client); throws when there is none. */
export async function clientPayment(haven: Haven, client: User, bookingId: string): Promise<PaymentView> {
  const res = await apiClient(haven.url).get<{ data: PaymentView[] }>('/api/payments?role=client', client.jwt);
  const payment = res.body.data.find((p) => p.bookingId === bookingId);
  if (!payment) throw new Error(`no payment for booking ${bookingId}: ${res.status} ${JSON.stringify(res.body)}`);
  return payment;
}

/**
 * A session booked `hours` from now that is confirmed at once (the manual provider: no checkout), and
 * its pending payment as the client sees it, once payments has followed the booking's events.
 */
export async function confirmedSession(haven: Haven, client: User, therapistId: string, hours: number) {
  const [booking] = await book(haven, client, therapistId, hours);
  if (booking.status !== 'confirmed') throw new Error(`booking ${booking.id} is ${booking.status}, not confirmed`);
  await settle(haven);
  return { booking, payment: await clientPayment(haven, client, booking.id) };
}

export const paymentRow = (haven: Haven, documentId: string) => haven.strapi.db.query(PAYMENT_UID).findOne({ where: { documentId } });
export const bookingRow = (haven: Haven, documentId: string) => haven.strapi.db.query('plugin::booking.booking').findOne({ where: { documentId } });
/** A payment's refunds, oldest first, as stored (typed with the plugin's row; tests read its plain fields only). */
export const refundRows = async (haven: Haven, documentId: string): Promise<RefundRow[]> => {
  const payment = await paymentRow(haven, documentId);
  return payment ? haven.strapi.db.query(REFUND_UID).findMany({ where: { paymentId: payment.id }, orderBy: { id: 'asc' } }) : [];
};
export const eventCount = (haven: Haven, where: Record<string, unknown> = {}) => haven.strapi.db.query(EVENT_UID).count({ where });

/** Waits until booking's event handlers (payments follows bookings through them) have all run. */
export async function settle(haven: Haven) {
  await new Promise((resolve) => setTimeout(resolve, 30));
  await haven.strapi.plugin('booking').service('events').idle();
}

/** Lets every hold run out now, as the sweeper would 15 minutes later. */
export async function expireHolds(haven: Haven) {
  await haven.strapi.plugin('booking').service('payment-hook').releaseExpiredHolds({ now: Date.now() + HOLD_MS + 60_000 });
  await settle(haven);
}

/**
 * The text a PDF shows: pdfkit writes (deflated) content streams whose text operators carry
 * hex-encoded WinAnsi strings, `[<4861> 20 <76656e>] TJ`; this reads them back.
 */
export function pdfText(pdf: Buffer): string {
  const source = pdf.toString('latin1');
  const out: string[] = [];
  const streams = /stream\r?\n([\s\S]*?)\r?\nendstream/g;
  for (let m = streams.exec(source); m; m = streams.exec(source)) {
    const bytes = Buffer.from(m[1], 'latin1');
    let text: string;
    try {
      text = zlib.inflateSync(bytes).toString('latin1');
    } catch {
      text = m[1];
    }
    for (const op of text.matchAll(/\[([^\]]*)\]\s*TJ|<([0-9a-fA-F]*)>\s*Tj/g)) {
      const hexes = op[1] !== undefined ? [...op[1].matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => h[1]) : [op[2]];
      out.push(hexes.map((h) => Buffer.from(h, 'hex').toString('latin1')).join(''));
    }
  }
  return out.join('\n');
}
