/**
 * What the chat uses of the booking plugin, through its services only (plugins/booking/README.md):
 * relationships (who shares a booking), events (open a conversation when a booking is made) and
 * people (display names). The shapes are restated here, structurally, so the chat compiles on its
 * own; the booking plugin's integration tests and ours check that they agree.
 */
import type { Core } from '@strapi/strapi';
import { unavailable } from '@haven/shared/errors';

export interface BookingSnapshotLike {
  id: string;
  status: string;
  therapistUserId: number;
  clientUserId: number;
  startsAt: string;
  endsAt: string;
}

export interface ParticipantBooking {
  id: string;
  status: string;
  startsAt: string;
  endsAt: string;
  therapistUserId: number;
  clientUserId: number;
  yourRole: 'client' | 'therapist';
}

interface Relationships {
  haveBooking(clientUserId: number, therapistUserId: number): Promise<boolean>;
  getBookingForParticipant(bookingId: string, userId: number): Promise<ParticipantBooking | null>;
}

interface Events {
  on(name: 'booking.created' | 'booking.confirmed', handler: (payload: { booking: BookingSnapshotLike }) => void | Promise<void>): () => void;
}

interface People {
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
