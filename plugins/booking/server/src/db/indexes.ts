import type { Core } from '@strapi/strapi';
import { ensureIndexes as createIndexes, type IndexSpec } from '@haven/shared/server/db';
import { UID } from './uids';

/**
 * Indexes the schema files cannot express. The unique index on slot claims is what makes double
 * booking impossible: the database refuses a second claim of any five-minute unit of a therapist.
 */
const INDEXES: IndexSpec[] = [
  { uid: UID.claim, name: 'booking_slot_claims_unit_uq', attributes: ['therapistUserId', 'unit'], unique: true },
  { uid: UID.claim, name: 'booking_slot_claims_booking_idx', attributes: ['bookingId'] },
  { uid: UID.claim, name: 'booking_slot_claims_age_idx', attributes: ['unit'] },
  { uid: UID.availability, name: 'booking_availabilities_therapist_uq', attributes: ['therapistUserId'], unique: true },
  { uid: UID.booking, name: 'booking_bookings_therapist_idx', attributes: ['therapistUserId', 'startsAt'] },
  { uid: UID.booking, name: 'booking_bookings_client_idx', attributes: ['clientUserId', 'startsAt'] },
  { uid: UID.booking, name: 'booking_bookings_status_idx', attributes: ['status', 'startsAt'] },
  { uid: UID.booking, name: 'booking_bookings_hold_idx', attributes: ['status', 'holdExpiresAt'] },
  { uid: UID.booking, name: 'booking_bookings_series_idx', attributes: ['seriesId'] },
  // Staff dashboards over a year (bench:dashboards): each count reads one index alone, never the wide
  // rows. Sessions booked per day of request; cancellations and declines per day; per therapist and
  // client, every column therapist-sessions.ts reads (SQLite: 153 → 93 ms for 60,000 bookings).
  { uid: UID.booking, name: 'booking_bookings_created_idx', attributes: ['createdAt', 'status'] },
  { uid: UID.booking, name: 'booking_bookings_cancelled_idx', attributes: ['status', 'cancelledAt', 'declinedAt'] },
  {
    uid: UID.booking,
    name: 'booking_bookings_due_idx',
    attributes: ['status', 'startsAt', 'therapistUserId', 'clientUserId', 'cancelledBy', 'declinedAt', 'endsAt'],
  },
  { uid: UID.reminder, name: 'booking_reminders_uq', attributes: ['bookingId', 'leadMinutes'], unique: true },
  { uid: UID.busy, name: 'booking_external_busy_idx', attributes: ['therapistUserId', 'startsAt'] },
  { uid: UID.busy, name: 'booking_external_busy_calendar_idx', attributes: ['calendarId'] },
  { uid: UID.calendar, name: 'booking_external_calendars_therapist_idx', attributes: ['therapistUserId'] },
  { uid: UID.feedToken, name: 'booking_feed_tokens_hash_uq', attributes: ['tokenHash'], unique: true },
  { uid: UID.feedToken, name: 'booking_feed_tokens_user_uq', attributes: ['userId'], unique: true },
];

/** A failure stops the start: without the unique indexes double bookings become possible. */
export const ensureIndexes = (strapi: Core.Strapi) => createIndexes(strapi, INDEXES);
