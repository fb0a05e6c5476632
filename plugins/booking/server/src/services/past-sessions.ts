/**
 * Sessions that already happened, written as they ended (the demo seed's history): held, missed
 * (no-show), cancelled beforehand, or declined by the therapist (a cancellation by the therapist with
 * its decline time, as changes.ts writes one). The slot rules refuse the past, so this is the one way to record
 * one; it refuses anything that has not ended yet.
 */
import type { Core } from '@strapi/strapi';
import { badRequest, notFound } from '@haven/shared/errors';
import { people } from '@haven/plugin-people/public';
import { bookingRows, snapshot, type BookingRow } from '../db/booking-rows';
import type { BookingSnapshot } from './events';

export interface PastSessionInput {
  /** The therapist's public id (therapist profile documentId). */
  therapistId: string;
  clientUserId: number;
  startsAt: Date;
  /** Length of the session; the therapist's session length by default. */
  minutes?: number;
  outcome?: 'completed' | 'no_show' | 'cancelled' | 'declined';
  /** When it was confirmed; its start by default. */
  confirmedAt?: Date;
  /** When it was booked (the dashboards count bookings on this day); now by default. */
  bookedAt?: Date;
  /** A cancelled session: when and by whom (a day before its start, by the client, by default). A declined one: when the therapist declined it. */
  cancelledAt?: Date;
  cancelledBy?: 'client' | 'therapist';
  /** A declined session: the therapist's message to the client. */
  declineMessage?: string;
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const rows = bookingRows(strapi);
  return {
    async record(input: PastSessionInput, now = Date.now()): Promise<BookingSnapshot> {
      const therapist = await people.therapistById(input.therapistId);
      if (!therapist) throw notFound('No such therapist.');
      const minutes = input.minutes ?? therapist.sessionMinutes;
      const endsAt = new Date(input.startsAt.getTime() + minutes * 60_000);
      if (endsAt.getTime() > now) throw badRequest('Only a session that has ended can be recorded this way.');
      const declined = input.outcome === 'declined';
      const cancelled = input.outcome === 'cancelled' || declined;
      const cancelledAt = input.cancelledAt ?? new Date(input.startsAt.getTime() - 86_400_000);
      const bookedAt = input.bookedAt ?? new Date(now);
      const row: BookingRow = await rows.query().create({
        data: {
          createdAt: bookedAt,
          updatedAt: bookedAt,
          therapistUserId: therapist.userId,
          therapistProfileId: therapist.id,
          clientUserId: input.clientUserId,
          startsAt: input.startsAt,
          endsAt,
          status: input.outcome === 'declined' ? 'cancelled' : (input.outcome ?? 'completed'),
          confirmedAt: input.confirmedAt ?? input.startsAt,
          outcomeAt: cancelled ? null : endsAt,
          ...(cancelled
            ? declined
              ? { cancelledAt, cancelledBy: 'therapist', declinedAt: cancelledAt, cancelReason: input.declineMessage ?? null }
              : { cancelledAt, cancelledBy: input.cancelledBy ?? 'client', cancelReason: null }
            : {}),
          rateMinor: therapist.rateMinor,
          currency: therapist.currency,
          sequence: 0,
        },
      });
      return snapshot(row);
    },
  };
};
