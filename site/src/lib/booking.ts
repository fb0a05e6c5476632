/** The site's calls to the booking plugin (server side only); the shapes they return are in @haven/shared/booking. */
import { DateTime } from 'luxon';
import type { BookingStatus, Refund, SlotList } from '@haven/shared/booking';
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
