/**
 * What the booking plugin answers and the site reads: a therapist's availability rules, slot lists,
 * bookings as a participant sees them, external calendars and the calendar feed. Types only (the
 * rules' validation stays in the plugin, next to the code that enforces it); safe in the browser.
 */

export type BookingStatus = 'pending_payment' | 'confirmed' | 'cancelled' | 'expired' | 'completed' | 'no_show';

/** Monday = 1 … Sunday = 7 (ISO weekdays, as luxon numbers them). */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export interface WeeklyInterval {
  weekday: Weekday;
  /** Wall-clock time in the therapist's zone, "HH:mm". */
  start: string;
  /** "HH:mm", later than start; "24:00" is the end of the day. */
  end: string;
}

/** One date in the therapist's zone: time off (the whole day, or some hours) or extra hours. */
export interface DateOverride {
  date: string;
  kind: 'off' | 'extra';
  start?: string | null;
  end?: string | null;
}

/** Whole days off from one local date to another (both included, in the therapist's zone), with an optional note. */
export interface DayOffRange {
  /** Stable id, to remove the range. */
  id: string;
  /** "YYYY-MM-DD", the first day off. */
  from: string;
  /** "YYYY-MM-DD", the last day off (≥ from). */
  to: string;
  note: string | null;
}

export interface AvailabilityRules {
  timeZone: string;
  weeklyHours: WeeklyInterval[];
  overrides: DateOverride[];
  /** Ranges of whole days off (absent in rules saved before ranges existed: none). */
  daysOff?: DayOffRange[];
  /** Slots start every this many minutes from the start of each block of hours. */
  incrementMinutes: number;
  /** Kept free before and after each session; the buffers of neighbouring sessions add up. */
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
  /** Bookings must start at least this many hours from now… */
  minNoticeHours: number;
  /** …and (when ≥ 1) no earlier than this many calendar days after today in the therapist's zone (1 = "no same-day bookings"). */
  minNoticeDays: number;
  /** How far ahead clients may book, in days. */
  horizonDays: number;
  maxPerDay: number | null;
  maxPerWeek: number | null;
  /** Longest weekly series a client may book at once. */
  maxSeriesWeeks: number;
  /** Cancellation policy: a client who cancels at least this many hours before gets a full refund… */
  freeCancellationHours: number;
  /** …and later, this percentage (0 = none). A therapist who cancels always refunds in full. */
  lateCancellationRefundPercent: number;
}

/** GET /api/booking/availability: the rules and the policy in plain words, as clients read it. */
export interface AvailabilityView extends AvailabilityRules {
  policyText: string;
}

/**
 * POST /api/booking/availability/preview: the free times that a therapist's edited (unsaved) rules
 * would offer over the next days, computed by the same slot code as booking, grouped by local date
 * in the rules' zone.
 */
export interface AvailabilityPreview {
  timeZone: string;
  sessionMinutes: number;
  days: { date: string; slots: Slot[] }[];
}

export interface Slot {
  /** The start instant (ISO, UTC). */
  start: string;
  /** The same instant written in the viewer's zone. */
  local: string;
}

/** The two numbers of a cancellation policy. */
export interface BookingPolicy {
  freeCancellationHours: number;
  lateCancellationRefundPercent: number;
}

export interface SlotList {
  therapist: { id: string; timeZone: string; sessionMinutes: number };
  /** The cancellation policy a booking made now would keep (send it back with the booking). */
  policy: BookingPolicy & { text: string };
  /** The zone `local` times are written in (the viewer's). */
  timeZone: string;
  from: string;
  to: string;
  slots: Slot[];
}

export interface Refund {
  /** full, none, or partial (a percentage between). */
  kind: 'full' | 'none' | 'partial';
  percent: number;
  /** The refund in minor units of `currency`, from the booking's rate. */
  amountMinor: number;
  currency: string;
}

/** What a participant sees of a booking. The other party appears by display name only. */
export interface BookingView {
  id: string;
  status: BookingStatus;
  startsAt: string;
  endsAt: string;
  seriesId: string | null;
  yourRole: 'client' | 'therapist';
  therapistId: string;
  with: { displayName: string };
  rateMinor: number;
  currency: string;
  holdExpiresAt: string | null;
  paidAt: string | null;
  cancelledBy: string | null;
  cancelReason: string | null;
  refund: Refund | null;
  /** The therapist declined this booking (status cancelled; `cancelReason` is their message, the refund full). */
  declined: boolean;
  /**
   * The cancellation policy that applies to this booking, in words and numbers: the one shown when it
   * was booked (`asBooked`), or for bookings from before policies were kept, the therapist's current one.
   */
  policy: BookingPolicy & { text: string; asBooked: boolean };
  canCancel: boolean;
  /** The therapist may decline it (upcoming and open). */
  canDecline: boolean;
  canReschedule: boolean;
  refundIfCancelledNow: Refund | null;
}

/** A therapist's external calendar (its secret ICS address is never sent back). */
export interface CalendarView {
  id: string;
  label: string;
  /** Scheme and host only: the secret part of the address is never sent back. */
  urlHint: string;
  lastAttemptAt: string | null;
  lastSuccessAt: string | null;
  lastError: string | null;
  busyCount: number;
}

/** Whether a person's calendar feed exists (its address is shown once, when created). */
export interface FeedStatus {
  active: boolean;
  createdAt: string | null;
}

/** What chat and video need of a booking (the booking plugin's relationships service): who, when, in what state. */
export interface ParticipantBooking {
  id: string;
  status: string;
  startsAt: string;
  endsAt: string;
  therapistUserId: number;
  clientUserId: number;
  /** The role of the user who asked. */
  yourRole: 'client' | 'therapist';
}
