/** The booking plugin's rows, typed once: Query Engine tables (tables.ts) and the raw SQL of this folder read them. */
import type { BookingStatus } from '@haven/shared/booking';
import type { CancellationPolicy, CancelledBy, Refund } from '../lib/policy';
import type { AvailabilityRules, DateOverride, DayOffRange, WeeklyInterval } from '../lib/rules';

/** A datetime column: written as a Date, read back as a string (SQLite) or a Date (PostgreSQL). */
export type DbDate = string | Date;

export interface BookingRow {
  id: number;
  documentId: string;
  therapistUserId: number;
  therapistProfileId: string;
  clientUserId: number;
  startsAt: DbDate;
  endsAt: DbDate;
  status: BookingStatus;
  seriesId: string | null;
  holdExpiresAt: DbDate | null;
  confirmedAt: DbDate | null;
  paidAt: DbDate | null;
  cancelledAt: DbDate | null;
  cancelledBy: CancelledBy | null;
  cancelReason: string | null;
  refund: Refund | null;
  /** The cancellation policy shown when it was booked (null on rows from before bookings kept it). */
  policy: CancellationPolicy | null;
  /** Set when the therapist declined the booking (status cancelled, cancelledBy therapist). */
  declinedAt: DbDate | null;
  outcomeAt: DbDate | null;
  rateMinor: number;
  currency: string | null;
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
  sequence: number;
  /** When it was booked (Strapi's own column; the dashboards count bookings on its day). */
  createdAt?: DbDate;
  updatedAt: DbDate;
}

export interface AvailabilityRow extends Partial<Omit<AvailabilityRules, 'weeklyHours' | 'overrides' | 'daysOff' | 'freeCancellationHours' | 'maxPerDay' | 'maxPerWeek'>> {
  maxPerDay?: number | null;
  maxPerWeek?: number | null;
  id: number;
  therapistUserId: number;
  timeZone: string;
  weeklyHours: WeeklyInterval[] | null;
  overrides: DateOverride[] | null;
  daysOff?: DayOffRange[] | null;
  freeCancellationHours: number | null;
  /** The directory's cache of the next free start (services/directory.ts, db/next-free.ts). */
  nextFreeAt?: string | Date | null;
  nextFreeComputedAt?: string | Date | null;
}

export interface CalendarRow {
  id: number;
  documentId: string;
  therapistUserId: number;
  label: string | null;
  urlEncrypted: string;
  urlHint: string | null;
  lastAttemptAt: DbDate | null;
  lastSuccessAt: DbDate | null;
  lastError: string | null;
  busyCount: number | null;
  createdAt: string | Date | null;
  nextRefreshAt?: DbDate | null;
  /** A refresh in progress holds the row until then (one process at a time). */
  leaseUntil?: DbDate | null;
}

export interface ReminderRow {
  id: number;
  bookingId: number;
  leadMinutes: number;
  state: 'sending' | 'sent' | 'skipped';
  leaseUntil: DbDate | null;
  attempts: number;
  /** The process sending it (host:pid:random). */
  owner?: string | null;
  sentAt?: DbDate | null;
  lastError?: string | null;
}

export interface FeedTokenRow {
  id: number;
  userId: number;
  tokenHash: string;
  createdAt: string;
  updatedAt: string;
}

/** One busy interval read from a therapist's external calendar. */
export interface BusyRow {
  id: number;
  calendarId: number;
  therapistUserId: number;
  startsAt: string | Date;
  endsAt: string | Date;
}

/** One claimed five-minute unit of a therapist's time (the database refuses a second claim). */
export interface ClaimRow {
  id: number;
  therapistUserId: number;
  unit: number;
  bookingId: number;
}
