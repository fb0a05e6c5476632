/**
 * Reading and writing booking rows and their slot claims. Every function that writes takes the
 * transaction it runs in; the claim insert is where the database refuses a double booking.
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { claimRange, unitsOf } from '../lib/claims';
import type { BookingSnapshot } from '../services/events';
import { meta } from './meta';
import type { BookingRow } from './rows';
import { tables } from './tables';
import { UID } from './uids';
import { isoOrNull, isUniqueViolation, ms } from './values';

export type { BookingRow };


export const SlotTaken = Symbol('slot taken');

export function snapshot(row: BookingRow): BookingSnapshot {
  return {
    id: row.documentId,
    status: row.status,
    therapistUserId: Number(row.therapistUserId),
    therapistId: row.therapistProfileId,
    clientUserId: Number(row.clientUserId),
    startsAt: isoOrNull(row.startsAt)!,
    endsAt: isoOrNull(row.endsAt)!,
    seriesId: row.seriesId ?? null,
    rateMinor: Number(row.rateMinor ?? 0),
    currency: row.currency || 'USD',
    holdExpiresAt: isoOrNull(row.holdExpiresAt),
    paidAt: isoOrNull(row.paidAt),
    sequence: Number(row.sequence ?? 0),
  };
}

export function bookingRows(strapi: Core.Strapi) {
  const query = () => tables(strapi).bookings;
  const claims = meta(strapi, UID.claim);
  const availability = meta(strapi, UID.availability);
  const users = meta(strapi, UID.user);

  return {
    query,

    async byDocumentId(documentId: string): Promise<BookingRow | null> {
      return (await query().findOne({ where: { documentId } })) as BookingRow | null;
    },

    async byId(id: number): Promise<BookingRow | null> {
      return (await query().findOne({ where: { id } })) as BookingRow | null;
    },

    /**
     * Serialises bookings of one therapist on PostgreSQL (row lock on their availability), so that
     * daily and weekly limits are counted exactly. SQLite runs one write transaction at a time anyway.
     */
    async lockTherapist(trx: Knex.Transaction, therapistUserId: number) {
      if (strapi.db.dialect.client === 'sqlite') return;
      await trx(availability.table).select('id').where(availability.column('therapistUserId'), therapistUserId).forUpdate();
    },

    /**
     * Serialises the booking requests of one client on PostgreSQL (row lock on their account), so that
     * the limits on unpaid sessions and on booking requests hold under concurrent requests. Always
     * taken after lockTherapist, so two requests never wait on each other in opposite orders.
     */
    async lockClient(trx: Knex.Transaction, clientUserId: number) {
      if (strapi.db.dialect.client === 'sqlite') return;
      await trx(users.table).select('id').where('id', clientUserId).forUpdate();
    },

    /** Claims the units of a booking; returns SlotTaken when the database refuses (someone holds one of them). */
    async claim(trx: Knex.Transaction, row: Pick<BookingRow, 'id' | 'therapistUserId' | 'startsAt' | 'endsAt' | 'bufferBeforeMinutes' | 'bufferAfterMinutes'>): Promise<true | typeof SlotTaken> {
      const range = claimRange(ms(row.startsAt), ms(row.endsAt), row.bufferBeforeMinutes, row.bufferAfterMinutes);
      const rows = unitsOf(range).map((unit) => ({
        [claims.column('therapistUserId')]: row.therapistUserId,
        [claims.column('unit')]: unit,
        [claims.column('bookingId')]: row.id,
      }));
      try {
        // One statement: on PostgreSQL a failed statement aborts the transaction, so no retry inside it.
        await trx(claims.table).insert(rows);
        return true;
      } catch (err) {
        if (isUniqueViolation(err)) return SlotTaken;
        throw err;
      }
    },

    /**
     * Drops claims of time more than a day past: nothing can be booked, moved or re-confirmed there
     * (the slot rules refuse the past), so they only grow the table.
     */
    async pruneClaims(now: number): Promise<number> {
      const oldest = Math.floor((now - 86_400_000) / (5 * 60_000));
      return strapi.db.connection(claims.table).where(claims.column('unit'), '<', oldest).delete();
    },

    async release(trx: Knex.Transaction, bookingIds: number[]) {
      if (bookingIds.length) await trx(claims.table).whereIn(claims.column('bookingId'), bookingIds).delete();
    },
  };
}
