/** The site's calls to the booking plugin (server side only); the shapes they return are in @haven/shared/booking. */
import { DateTime } from 'luxon';
import type { BookingStatus, BookingView, Refund, SlotList } from '@haven/shared/booking';
import { cms } from './cms';

/** A booking as its participants see it; the site calls it a session. */
export type { BookingView as Session, Refund, SlotList } from '@haven/shared/booking';

/** Cookie that carries a failed booking's message (and a series' taken weeks) back to the therapist page. */
export const BOOKING_FLASH = 'haven_booking_flash';

export interface BookingFlash {
  message: string;
  conflicts?: string[];
  weeks?: number;
  start?: string;
}

/** Reads and clears the flash; anything malformed is ignored. */
export function readFlash(value: string | undefined): BookingFlash | null {
  if (!value || value.length > 4000) return null;
  try {
    const parsed = JSON.parse(value);
    if (typeof parsed?.message !== 'string') return null;
    return {
      message: parsed.message.slice(0, 500),
      conflicts: Array.isArray(parsed.conflicts) ? parsed.conflicts.filter((c: unknown) => typeof c === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(c)).slice(0, 26) : [],
      weeks: Number.isInteger(parsed.weeks) ? parsed.weeks : 0,
      start: typeof parsed.start === 'string' ? parsed.start.slice(0, 40) : '',
    };
  } catch {
    return null;
  }
}

export const STATUS_LABELS: Record<BookingStatus, string> = {
  pending_payment: 'Waiting for payment',
  confirmed: 'Confirmed',
  cancelled: 'Cancelled',
  expired: 'Expired (not paid in time)',
  completed: 'Completed',
  no_show: 'Missed',
};

/** Monday of the week that holds `day` (YYYY-MM-DD) in `zone`, or of this week. */
export function weekStart(day: string | null, zone: string): DateTime {
  const parsed = day && /^\d{4}-\d{2}-\d{2}$/.test(day) ? DateTime.fromISO(day, { zone }) : DateTime.now().setZone(zone);
  return (parsed.isValid ? parsed : DateTime.now().setZone(zone)).startOf('week');
}

export const getSlots = (therapistId: string, from: string, to: string, tz: string) =>
  cms<{ data: SlotList }>(`/api/booking/therapists/${encodeURIComponent(therapistId)}/slots?from=${from}&to=${to}&tz=${encodeURIComponent(tz)}`);

export function refundText(refund: Refund | null, formatMoney: (minor: number, currency: string) => string | null): string {
  if (!refund) return '';
  if (refund.kind === 'full') return `a full refund (${formatMoney(refund.amountMinor, refund.currency)})`;
  if (refund.kind === 'none') return 'no refund';
  return `a ${refund.percent}% refund (${formatMoney(refund.amountMinor, refund.currency)})`;
}

/** How a client pays a therapist, as the payments plugin words it (GET /api/payments/how-to-pay/:therapistProfileId). */
export interface HowToPay {
  provider: 'manual' | 'stripe' | 'paypal' | null;
  sentence: string;
  instructions: string | null;
}

/** Said when the CMS has no answer (an older CMS without the route, or it is down): true of every provider. */
const NEUTRAL_HOW_TO_PAY = 'How to pay is shown on the session page once you have booked.';

export async function howToPay(therapistProfileId: string, token?: string): Promise<HowToPay> {
  const result = await cms<{ data: HowToPay }>(`/api/payments/how-to-pay/${encodeURIComponent(therapistProfileId)}`, { token });
  const data = result.ok ? result.data?.data : null;
  if (!data || typeof data.sentence !== 'string') return { provider: null, sentence: NEUTRAL_HOW_TO_PAY, instructions: null };
  return {
    provider: data.provider ?? null,
    sentence: data.sentence,
    instructions: typeof data.instructions === 'string' && data.instructions ? data.instructions : null,
  };
}

/**
 * What cancelling now does to money, for the person who would cancel: a refund only of what was paid.
 * A booking never paid (manual payment not yet marked, or a hold not yet paid) refunds nothing.
 */
export function cancelMoneyOutcome(
  session: Pick<BookingView, 'rateMinor' | 'currency' | 'paidAt' | 'refundIfCancelledNow' | 'yourRole' | 'with'>,
  formatMoney: (minor: number, currency: string) => string | null,
): string {
  if (session.rateMinor <= 0) return 'This session has no charge, so there is nothing to refund.';
  if (!session.paidAt) return 'Nothing has been paid, so nothing is refunded.';
  const refund = session.refundIfCancelledNow;
  const paid = formatMoney(session.rateMinor, session.currency);
  if (!refund) return `${paid} was paid.`;
  const amount = formatMoney(refund.amountMinor, refund.currency);
  const who = session.yourRole === 'client' ? 'you get' : `${session.with.displayName} gets`;
  if (refund.kind === 'full') return `${paid} was paid: ${who} a full refund of ${amount}.`;
  if (refund.kind === 'none') return `${paid} was paid; under the cancellation policy nothing of it is refunded.`;
  return `${paid} was paid; under the cancellation policy ${who} ${refund.percent}% back: ${amount}.`;
}

/** What happened to money when a session was cancelled (shown afterwards): never a refund of money not taken. */
export function cancelledMoneyText(
  session: Pick<BookingView, 'paidAt' | 'refund' | 'rateMinor'>,
  formatMoney: (minor: number, currency: string) => string | null,
): string {
  if (session.rateMinor <= 0 || !session.paidAt) return 'nothing had been paid, so nothing was refunded';
  return refundText(session.refund, formatMoney) || 'no refund';
}

/** Hours that are night for the viewer (22:00 to 07:00 their time): a session then is flagged with a hint. */
export const isNightHour = (hour: number) => hour >= 22 || hour < 7;
