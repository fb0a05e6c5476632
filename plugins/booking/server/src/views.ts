/**
 * What the booking plugin's content API hands out, each from one typed definition of its public fields
 * (`@haven/shared/view`): a field of an internal record leaves the server only when it is named here,
 * so a field made private later is hidden from every answer at once. The site reads these answers
 * through the types of `@haven/shared/booking`; `ViewsMatchTheSite` below makes tsc prove that each
 * definition hands out exactly the fields of its shared type, no more and no fewer.
 */
import type { AvailabilityView, BookingView, CalendarView, Refund, SlotList } from '@haven/shared/booking';
import { publicView, type ViewOf, type SameFields, type Proof } from '@haven/shared/view';
import type { Person, Therapist } from '@haven/plugin-people/public';
import type { CancelledBy, CancellationPolicy } from './lib/policy';
import type { AvailabilityRules } from './lib/rules';
import type { BookingSnapshot } from './services/events';

/** A booking as one participant sees it, before the allow-list: the snapshot (both accounts, sequence) and what is worked out for them. */
export interface ParticipantBookingRecord extends BookingSnapshot {
  yourRole: 'client' | 'therapist';
  with: ViewOf<typeof otherPartyView>;
  cancelledBy: CancelledBy | null;
  cancelReason: string | null;
  refund: Refund | null;
  declined: boolean;
  policy: ViewOf<typeof bookedPolicyView>;
  canCancel: boolean;
  canDecline: boolean;
  canReschedule: boolean;
  refundIfCancelledNow: Refund | null;
}

/**
 * An external calendar as the service knows it (its row, read into plain values; the encrypted address
 * is never read into it): what its therapist sees, plus what only the server needs.
 */
export interface CalendarRecord extends CalendarView {
  therapistUserId: number;
  nextRefreshAt: string | null;
}

/** GET and PUT /availability: the therapist's own rules and the policy in words. */
export const availabilityView = publicView<AvailabilityRules & { policyText: string }>()(
  'timeZone',
  'weeklyHours',
  'overrides',
  'daysOff',
  'incrementMinutes',
  'bufferBeforeMinutes',
  'bufferAfterMinutes',
  'minNoticeHours',
  'minNoticeDays',
  'horizonDays',
  'maxPerDay',
  'maxPerWeek',
  'maxSeriesWeeks',
  'freeCancellationHours',
  'lateCancellationRefundPercent',
  'policyText',
);

/** GET /therapists/:id/slots (`therapist`): the therapist's public id, zone and session length, never their account. */
export const slotTherapistView = publicView<Therapist & { timeZone: string }>()('id', 'timeZone', 'sessionMinutes');

/**
 * The cancellation policy a booking made now would keep, out of the therapist's rules: GET /therapists/:id/slots
 * (`policy`) and the 409 `policy_changed` of POST /bookings. Their other rules (limits, buffers) stay private.
 */
export const offeredPolicyView = publicView<CancellationPolicy & { text: string }>()('freeCancellationHours', 'lateCancellationRefundPercent', 'text');

/** The other party of a booking (`with` in every booking answer): a display name only, never their account or zone. */
export const otherPartyView = publicView<Person>()('displayName');

/** The policy a booking is under (`policy` in every booking answer). */
export const bookedPolicyView = publicView<CancellationPolicy & { text: string; asBooked: boolean }>()(
  'text',
  'freeCancellationHours',
  'lateCancellationRefundPercent',
  'asBooked',
);

/** POST /bookings, GET /bookings, GET /bookings/:id, POST /bookings/:id/cancel|decline|reschedule|outcome: a booking as a participant sees it. */
export const bookingView = publicView<ParticipantBookingRecord>()(
  'id',
  'status',
  'startsAt',
  'endsAt',
  'seriesId',
  'yourRole',
  'therapistId',
  'with',
  'rateMinor',
  'currency',
  'holdExpiresAt',
  'paidAt',
  'cancelledBy',
  'cancelReason',
  'refund',
  'declined',
  'policy',
  'canCancel',
  'canDecline',
  'canReschedule',
  'refundIfCancelledNow',
);

/** GET /calendars, POST /calendars, POST /calendars/:id/refresh: an external calendar without its secret address or owner. */
export const calendarView = publicView<CalendarRecord>()('id', 'label', 'urlHint', 'lastAttemptAt', 'lastSuccessAt', 'lastError', 'busyCount');


/**
 * Fails to compile when a definition and the shared type the site reads disagree (a field missing on
 * either side, or of a type the site does not expect). A type only: nothing of it exists at run time.
 */
export type ViewsMatchTheSite = [
  Proof<SameFields<ViewOf<typeof availabilityView>, AvailabilityView>>,
  Proof<SameFields<ViewOf<typeof slotTherapistView>, SlotList['therapist']>>,
  Proof<SameFields<ViewOf<typeof offeredPolicyView>, SlotList['policy']>>,
  Proof<SameFields<ViewOf<typeof otherPartyView>, BookingView['with']>>,
  Proof<SameFields<ViewOf<typeof bookedPolicyView>, BookingView['policy']>>,
  Proof<SameFields<ViewOf<typeof bookingView>, BookingView>>,
  Proof<SameFields<ViewOf<typeof calendarView>, CalendarView>>,
];
