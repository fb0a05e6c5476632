/**
 * The writes of a person's erasure (issue 20) that the Query Engine cannot type: the booking rows'
 * account columns are required for every booking made, but an erased person's kept records must point
 * at nobody, so they are set to NULL here (Strapi does not make required columns NOT NULL).
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { meta } from './meta';
import { UID } from './uids';

/**
 * Unlinks the account from every booking it is part of, as client or as therapist, and drops the free
 * text of those bookings (cancellation and decline messages). Haven's own notices (cancelledBy
 * 'system': an erasure's or a ban's, an unpaid hold's) stay: they are nobody's words, and they are how
 * the other person learns why the session was cancelled. Returns the internal ids of the bookings it
 * changed (their reminders go next).
 */
export async function stripBookingsOf(strapi: Core.Strapi, trx: Knex.Transaction, userId: number): Promise<number[]> {
  const b = meta(strapi, UID.booking);
  const asClient = (await trx(b.table).where(b.column('clientUserId'), userId).select('id')) as { id: number }[];
  const asTherapist = (await trx(b.table).where(b.column('therapistUserId'), userId).select('id')) as { id: number }[];
  if (asClient.length) {
    await trx(b.table)
      .whereIn('id', asClient.map((r) => r.id))
      .update({ [b.column('clientUserId')]: null });
  }
  if (asTherapist.length) {
    // The therapist's public profile id names them as surely as their account id.
    await trx(b.table)
      .whereIn('id', asTherapist.map((r) => r.id))
      .update({ [b.column('therapistUserId')]: null, [b.column('therapistProfileId')]: null });
  }
  const ids = [...new Set([...asClient, ...asTherapist].map((r) => Number(r.id)))];
  if (ids.length) {
    await trx(b.table)
      .whereIn('id', ids)
      .andWhere((q) => q.whereNull(b.column('cancelledBy')).orWhereNot(b.column('cancelledBy'), 'system'))
      .update({ [b.column('cancelReason')]: null });
  }
  return ids;
}

/**
 * Kept sessions whose retention ended (issue 20): bookings an erasure unlinked from the client or the
 * therapist that ended before `before`, with their reminders and slot claims. A booking still linked
 * to both people is never deleted here. Payments expire theirs first (their dates come earlier).
 */
export async function deleteKeptBookingsBefore(strapi: Core.Strapi, trx: Knex.Transaction, before: Date) {
  const b = meta(strapi, UID.booking);
  const expired = (
    (await trx(b.table)
      .where((q) => q.whereNull(b.column('clientUserId')).orWhereNull(b.column('therapistUserId')))
      .andWhere(b.column('endsAt'), '<', before)
      .select('id')) as { id: number }[]
  ).map((row) => Number(row.id));
  const reminders = await deleteRemindersOf(strapi, trx, expired);
  const slotClaims = await deleteWhereIn(strapi, trx, UID.claim, 'bookingId', expired);
  const bookings = await deleteWhereIn(strapi, trx, UID.booking, 'id', expired);
  return { bookings, reminders, slotClaims };
}

/** Deletes the rows of `uid` whose `column` holds one of `values`; how many. */
async function deleteWhereIn(strapi: Core.Strapi, trx: Knex.Transaction, uid: string, attribute: string, values: number[]): Promise<number> {
  if (!values.length) return 0;
  const x = meta(strapi, uid);
  let count = 0;
  // In chunks: SQLite caps the number of bound values in one statement.
  for (let i = 0; i < values.length; i += 500) count += await trx(x.table).whereIn(x.column(attribute), values.slice(i, i + 500)).delete();
  return count;
}

/** Reminder rows of these bookings (send state and errors: nothing the kept record needs). */
export const deleteRemindersOf = (strapi: Core.Strapi, trx: Knex.Transaction, bookingIds: number[]) => deleteWhereIn(strapi, trx, UID.reminder, 'bookingId', bookingIds);

/** Everything a therapist set up to be booked: availability (with days off), external calendars and their busy times, slot claims; and anyone's feed token. */
export async function deleteSetupOf(strapi: Core.Strapi, trx: Knex.Transaction, userId: number) {
  return {
    availability: await deleteWhereIn(strapi, trx, UID.availability, 'therapistUserId', [userId]),
    externalBusyTimes: await deleteWhereIn(strapi, trx, UID.busy, 'therapistUserId', [userId]),
    externalCalendars: await deleteWhereIn(strapi, trx, UID.calendar, 'therapistUserId', [userId]),
    slotClaims: await deleteWhereIn(strapi, trx, UID.claim, 'therapistUserId', [userId]),
    calendarFeeds: await deleteWhereIn(strapi, trx, UID.feedToken, 'userId', [userId]),
  };
}
