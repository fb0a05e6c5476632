/**
 * Who is in a care relationship with whom, for wellness consent, chat and video. A client and a
 * therapist "have a booking" when they share any confirmed, completed or pending booking (a
 * pending_payment one only while its hold lasts). Cancelled, expired and no-show bookings do not count.
 */
import type { Core } from '@strapi/strapi';
import type { ParticipantBooking } from '@haven/shared/booking';
import { bookingRows, snapshot } from '../db/booking-rows';

export interface Participant {
  userId: number;
  role: 'client' | 'therapist';
}

export type { ParticipantBooking };

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const rows = bookingRows(strapi);
  return {
    async haveBooking(clientUserId: number, therapistUserId: number, now = Date.now()): Promise<boolean> {
      const count = await rows.query().count({
        where: {
          clientUserId,
          therapistUserId,
          $or: [{ status: { $in: ['confirmed', 'completed'] } }, { status: 'pending_payment', holdExpiresAt: { $gt: new Date(now) } }],
        },
      });
      return count > 0;
    },

    /**
     * For the chat's lifetime rule: the people who share with `userId` a session that starts after
     * `since` (an upcoming one or a recent one) and still counts: confirmed, completed or no-show, or
     * pending payment while its hold lasts. Cancelled and expired bookings do not count. One query;
     * `withUserId` narrows it to one pair.
     */
    async partnersSince(userId: number, since: Date, withUserId?: number, now = Date.now()): Promise<number[]> {
      const m = rows.query();
      const mine = { $or: [{ clientUserId: userId }, { therapistUserId: userId }] };
      const pair = withUserId === undefined ? [] : [{ $or: [{ clientUserId: withUserId }, { therapistUserId: withUserId }] }];
      const found = (await m.findMany({
        where: {
          $and: [mine, ...pair, { startsAt: { $gt: since } }, { $or: [{ status: { $in: ['confirmed', 'completed', 'no_show'] } }, { status: 'pending_payment', holdExpiresAt: { $gt: new Date(now) } }] }],
        },
        select: ['clientUserId', 'therapistUserId'],
        limit: 5000,
      })) as { clientUserId: number; therapistUserId: number }[];
      const partners = new Set<number>();
      for (const row of found) partners.add(Number(row.clientUserId) === userId ? Number(row.therapistUserId) : Number(row.clientUserId));
      partners.delete(userId);
      return [...partners];
    },

    /** The client and the therapist of a booking (empty when there is no such booking). */
    async listParticipants(bookingId: string): Promise<Participant[]> {
      const row = await rows.byDocumentId(bookingId);
      if (!row) return [];
      return [
        { userId: Number(row.clientUserId), role: 'client' },
        { userId: Number(row.therapistUserId), role: 'therapist' },
      ];
    },

    /** The booking if `userId` is its client or therapist, otherwise null (exactly as for a missing one). */
    async getBookingForParticipant(bookingId: string, userId: number): Promise<ParticipantBooking | null> {
      const row = await rows.byDocumentId(bookingId);
      if (!row || (row.clientUserId !== userId && row.therapistUserId !== userId)) return null;
      const snap = snapshot(row);
      return {
        id: snap.id,
        status: snap.status,
        startsAt: snap.startsAt,
        endsAt: snap.endsAt,
        therapistUserId: snap.therapistUserId,
        clientUserId: snap.clientUserId,
        yourRole: row.therapistUserId === userId ? 'therapist' : 'client',
      };
    },
  };
};
