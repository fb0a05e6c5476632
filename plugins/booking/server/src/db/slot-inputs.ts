/**
 * What the slot rules read of a therapist's time, with plain SQL (the hot path of every slot list):
 * their active bookings and the busy times of their external calendars overlapping a window.
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { claimRange } from '../lib/claims';
import type { ActiveBooking, Interval } from '../lib/slots';
import { knexOf, meta } from './meta';
import { UID } from './uids';
import { ms } from './values';

/** Statuses that hold a therapist's time (pending_payment only while its hold lasts). */
export const ACTIVE_STATUSES = ['pending_payment', 'confirmed', 'completed', 'no_show'] as const;

export interface TimeWindow {
  therapistUserId: number;
  from: number;
  to: number;
}

/** Active bookings overlapping [from, to), with the units their buffers claim. */
export async function activeBookingsIn(
  strapi: Core.Strapi,
  { therapistUserId, from, to }: TimeWindow,
  now: number,
  trx?: Knex.Transaction,
  excludeBookingId?: number,
): Promise<ActiveBooking[]> {
  const b = meta(strapi, UID.booking);
  const query = knexOf(strapi, trx)(b.table)
    .select('id', b.column('startsAt'), b.column('endsAt'), b.column('bufferBeforeMinutes'), b.column('bufferAfterMinutes'))
    .where(b.column('therapistUserId'), therapistUserId)
    .whereIn(b.column('status'), [...ACTIVE_STATUSES])
    .where(b.column('startsAt'), '<', new Date(to))
    .where(b.column('endsAt'), '>', new Date(from))
    .where((w) => w.whereNot(b.column('status'), 'pending_payment').orWhere(b.column('holdExpiresAt'), '>', new Date(now)));
  if (excludeBookingId) query.whereNot('id', excludeBookingId);
  const rows: Record<string, unknown>[] = await query;
  return rows.map((row) => {
    const start = ms(row[b.column('startsAt')]);
    const end = ms(row[b.column('endsAt')]);
    return { start, end, units: claimRange(start, end, Number(row[b.column('bufferBeforeMinutes')] ?? 0), Number(row[b.column('bufferAfterMinutes')] ?? 0)) };
  });
}

/** Busy intervals of the therapist's external calendars overlapping [from, to). */
export async function externalBusyIn(strapi: Core.Strapi, { therapistUserId, from, to }: TimeWindow, trx?: Knex.Transaction): Promise<Interval[]> {
  const x = meta(strapi, UID.busy);
  const rows: Record<string, unknown>[] = await knexOf(strapi, trx)(x.table)
    .select(x.column('startsAt'), x.column('endsAt'))
    .where(x.column('therapistUserId'), therapistUserId)
    .where(x.column('startsAt'), '<', new Date(to))
    .where(x.column('endsAt'), '>', new Date(from));
  return rows.map((row) => ({ start: ms(row[x.column('startsAt')]), end: ms(row[x.column('endsAt')]) }));
}
