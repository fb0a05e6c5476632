import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { epochMs, isoOrNull, isUniqueViolation, joinOf, tableMeta } from '@haven/shared/server/db';

export const UID = {
  availability: 'plugin::booking.availability',
  booking: 'plugin::booking.booking',
  claim: 'plugin::booking.slot-claim',
  reminder: 'plugin::booking.reminder',
  calendar: 'plugin::booking.external-calendar',
  busy: 'plugin::booking.external-busy',
  feedToken: 'plugin::booking.feed-token',
} as const;
export type BookingUid = (typeof UID)[keyof typeof UID];

export const THERAPIST_PROFILE_UID = 'api::therapist-profile.therapist-profile';
export const PROFILE_UID = 'api::profile.profile';
export const USER_UID = 'plugin::users-permissions.user';

/** Table and column names of a content type, and its relations' link tables (Strapi's own metadata). */
export function meta(strapi: Core.Strapi, uid: string) {
  return { ...tableMeta(strapi, uid), join: (attribute: string) => joinOf(strapi, uid, attribute) };
}

/** The knex of the current transaction when there is one, else the pool. */
export function knexOf(strapi: Core.Strapi, trx?: Knex.Transaction | null): Knex {
  return (trx ?? strapi.db.connection) as Knex;
}

/** Epoch milliseconds of a date-ish database value (SQLite gives numbers or strings, PostgreSQL Dates). */
export const ms = epochMs;

export const msOrNull = (value: unknown): number | null => {
  const n = ms(value);
  return Number.isFinite(n) ? n : null;
};

export { isoOrNull, isUniqueViolation };
