/** A participant's sessions in a window of time (the week view): their own only, as client or therapist. */
import type { Core } from '@strapi/strapi';
import type { BookingView } from '@haven/shared/booking';
import type { BookingRow } from '../db/rows';
import { tables } from '../db/tables';
import { getService } from '../get-service';

/** More than any week can hold (a session is at least five minutes); a guard, not a page size. */
const MAX_IN_WINDOW = 500;

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** Sessions overlapping [from, to) that happen or happened: not cancelled, not expired holds. */
  async between(userId: number, from: Date, to: Date, now = Date.now()): Promise<BookingView[]> {
    const found = (await tables(strapi).bookings.findMany({
      where: {
        $and: [
          { $or: [{ clientUserId: userId }, { therapistUserId: userId }] },
          { startsAt: { $lt: to } },
          { endsAt: { $gt: from } },
          { $or: [{ status: { $in: ['confirmed', 'completed', 'no_show'] } }, { status: 'pending_payment', holdExpiresAt: { $gt: new Date(now) } }] },
        ],
      },
      orderBy: [{ startsAt: 'asc' }, { id: 'asc' }],
      limit: MAX_IN_WINDOW,
    })) as BookingRow[];
    return getService('bookings').views(userId, found, now);
  },
});
