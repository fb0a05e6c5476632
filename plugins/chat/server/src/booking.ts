/**
 * What the chat uses of the booking plugin, through its services only (plugins/booking/README.md):
 * relationships (who shares a booking), events (open a conversation when a booking is made) and
 * people (display names). The booking's shape comes from @haven/shared/booking (no import of the
 * booking plugin); the services' interfaces are restated here, and the integration tests check them.
 */
import type { Core } from '@strapi/strapi';
import { unavailable } from '@haven/shared/errors';
import type { ParticipantBooking } from '@haven/shared/booking';

/** The part of the booking plugin's event snapshot the chat reads. */
export type BookingSnapshotLike = Omit<ParticipantBooking, 'yourRole'>;
export type { ParticipantBooking };

interface Relationships {
  haveBooking(clientUserId: number, therapistUserId: number): Promise<boolean>;
  /** People sharing with `userId` a session that starts after `since` and still counts (not cancelled or expired). */
  partnersSince(userId: number, since: Date, withUserId?: number): Promise<number[]>;
  getBookingForParticipant(bookingId: string, userId: number): Promise<ParticipantBooking | null>;
}

/** Events after which a pair's bookings may have changed (the chat's lifetime rule asks again). */
export const BOOKING_CHANGES = ['booking.created', 'booking.confirmed', 'booking.cancelled', 'booking.rescheduled', 'booking.expired', 'booking.outcome'] as const;

interface Events {
  on(name: (typeof BOOKING_CHANGES)[number], handler: (payload: { booking: BookingSnapshotLike }) => void | Promise<void>): () => void;
}

interface People {
  /** `blocked`: the account is suspended (given by booking versions that know it). */
  therapistByUserId(userId: number): Promise<{ verified: boolean; blocked?: boolean } | null>;
  people(userIds: number[]): Promise<Map<number, { userId: number; displayName: string }>>;
}

function service<T>(strapi: Core.Strapi, name: string): T {
  const found = strapi.plugin('booking')?.service(name) as T | undefined;
  if (!found) throw unavailable('Sessions cannot be checked just now. Please try again in a moment.');
  return found;
}

export const relationships = (strapi: Core.Strapi) => service<Relationships>(strapi, 'relationships');
export const bookingEvents = (strapi: Core.Strapi) => service<Events>(strapi, 'events');
export const people = (strapi: Core.Strapi) => service<People>(strapi, 'people');
