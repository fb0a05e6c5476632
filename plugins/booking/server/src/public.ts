/**
 * The booking plugin's public contract (`@haven/plugin-booking/public`): the one way other plugins
 * and the CMS reach booking. Payments plugs in a payment gate and marks bookings paid; chat, wellness
 * and video ask who shares a booking; everyone may subscribe to booking events (after commit, in
 * order, a failing handler never fails the booking); the CMS's directory asks for next free slots
 * and its demo seed books like any client.
 */
import { parseOrThrow } from '@haven/shared/validation';
import { getService } from './get-service';
import { availabilityInput, type AvailabilityInput } from './lib/rules';
import type { AvailabilityView } from './services/availability';
import type { CreateBookingInput, OccurrenceCheck } from './services/bookings';
import { snapshot } from './db/booking-rows';
import type { BookingEventHandler, BookingEventName, BookingEvents, BookingSnapshot, BookingStatus } from './services/events';
import type { PastSessionInput } from './services/past-sessions';
import type { BookingForPayment, MarkPaidResult, PaymentGate, PaymentQuote } from './services/payment-hook';
import type { Participant, ParticipantBooking } from './services/relationships';
import type { HavenCancellation } from './services/changes';
import type { CancelledBy, Refund } from './lib/policy';
import type { OfferedMinutes, SessionCounts, SessionFigures, SessionSeries, TherapistSessionFigures, TherapistSessions } from './services/usage';
import { personalData } from './personal-data';

export type {
  AvailabilityInput,
  HavenCancellation,
  AvailabilityView,
  BookingEventHandler,
  BookingEventName,
  BookingEvents,
  BookingForPayment,
  BookingSnapshot,
  BookingStatus,
  CancelledBy,
  CreateBookingInput,
  MarkPaidResult,
  OccurrenceCheck,
  Participant,
  ParticipantBooking,
  PastSessionInput,
  PaymentGate,
  PaymentQuote,
  Refund,
  OfferedMinutes,
  SessionCounts,
  SessionFigures,
  SessionSeries,
  TherapistSessionFigures,
  TherapistSessions,
};

/** Events after which a pair's bookings may have changed (who shares a booking must be asked again). */
export const BOOKING_CHANGES = ['booking.created', 'booking.confirmed', 'booking.cancelled', 'booking.rescheduled', 'booking.expired', 'booking.outcome'] as const satisfies readonly BookingEventName[];
export type BookingChange = (typeof BOOKING_CHANGES)[number];

export interface CreatedBookings {
  bookings: BookingSnapshot[];
  /** Weeks of a series left out (skipConflicts) and why. */
  skipped: OccurrenceCheck[];
}

export const booking = {
  /** The person's data this plugin holds, for issue 20's export and erasure (./personal-data.ts). */
  personalData,
  // Payments
  /** The gate deciding whether a new booking waits for payment; the last registration wins. */
  registerPaymentGate: (gate: PaymentGate): void => getService('payment-hook').registerPaymentGate(gate),
  /** pending_payment → confirmed, once; says slot_taken when the hold ran out and the time is gone (refund). */
  markPaid: (bookingId: string): Promise<MarkPaidResult> => getService('payment-hook').markPaid(bookingId),
  /** A direct payment's mark taken back within its undo window: unpaid again if this mark paid it. */
  markUnpaid: (bookingId: string, markedAt: Date): Promise<boolean> => getService('payment-hook').markUnpaid(bookingId, markedAt),
  readForPayment: (bookingId: string): Promise<BookingForPayment | null> => getService('payment-hook').readForPayment(bookingId),

  // Events
  /** Subscribes to a booking event; returns a function that unsubscribes. */
  on: <N extends BookingEventName>(name: N, handler: BookingEventHandler<N>): (() => void) => getService('events').on(name, handler),

  // Who shares a booking
  /** A confirmed, completed or still-held booking between these two. */
  haveBooking: (clientUserId: number, therapistUserId: number): Promise<boolean> => getService('relationships').haveBooking(clientUserId, therapistUserId),
  /** People sharing with `userId` a session starting after `since` that still counts; `withUserId` narrows to one pair. */
  partnersSince: (userId: number, since: Date, withUserId?: number): Promise<number[]> => getService('relationships').partnersSince(userId, since, withUserId),
  /** The booking when `userId` is its client or therapist, else null (as for a missing one). */
  getBookingForParticipant: (bookingId: string, userId: number): Promise<ParticipantBooking | null> =>
    getService('relationships').getBookingForParticipant(bookingId, userId),
  /** The client and the therapist of a booking (empty when there is none). */
  listParticipants: (bookingId: string): Promise<Participant[]> => getService('relationships').listParticipants(bookingId),

  // Directory
  /** Each therapist's next free slot start (epoch ms) or null; `fresh` recomputes instead of reading the cache. */
  nextFree: (therapistUserIds: number[], options?: { fresh?: boolean }): Promise<Map<number, number | null>> => getService('directory').nextFree(therapistUserIds, options),

  // Booking as a client or therapist would (the demo seed)
  /** Saves a therapist's availability changes (validated like PUT /api/booking/availability). */
  setAvailability: (therapistUserId: number, input: AvailabilityInput): Promise<AvailabilityView> =>
    getService('availability').update(therapistUserId, parseOrThrow(availabilityInput, input)),
  /** Books as the client would (POST /api/booking/bookings): slot rules, limits and payment gate apply. */
  createBooking: async (clientUserId: number, input: CreateBookingInput, now?: number): Promise<CreatedBookings> => {
    const { bookings, skipped } = await getService('bookings').create(clientUserId, input, now);
    return { bookings: bookings.map(snapshot), skipped };
  },
  /** Records a session that has already ended (completed, no-show, cancelled or declined beforehand); refused for anything not yet over. */
  recordPastSession: (input: PastSessionInput): Promise<BookingSnapshot> => getService('past-sessions').record(input),

  // Staff (the Accounts page)
  /**
   * Haven cancels every upcoming session of a blocked account, or of one being erased (`why`
   * 'account-closed': the other person reads that they closed their account); full refund, both
   * participants mailed; how many it cancelled.
   */
  cancelUpcomingFor: (userId: number, why: HavenCancellation = 'blocked'): Promise<number> => getService('changes').cancelUpcomingFor(userId, why),

  // Staff dashboards
  /** Sessions booked, held, cancelled, declined and no-show per UTC day in [from, to); counts only, days without any absent. */
  sessionCounts: (from: Date, to: Date): Promise<SessionCounts> => getService('usage').sessionCounts(from, to),
  /** Per therapist (the busiest `limit`, by account id) and for all: held, no-show, cancelled, scheduled, booked minutes, clients and returning clients (counts only). */
  therapistSessions: (from: Date, to: Date, limit: number): Promise<TherapistSessions> => getService('usage').therapistSessions(from, to, limit),
  /** Availability minutes offered from `firstDay` to `lastDay` ('YYYY-MM-DD', therapists' local dates) per therapist (by account id) and by all. */
  offeredMinutes: (firstDay: string, lastDay: string): Promise<OfferedMinutes> => getService('usage').offeredMinutes(firstDay, lastDay),
};
