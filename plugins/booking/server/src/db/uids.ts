import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';

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

interface Meta {
  tableName: string;
  attributes: Record<string, { columnName?: string; joinTable?: { name: string; joinColumn: { name: string }; inverseJoinColumn: { name: string } } }>;
}

/** Table and column names of a content type, from Strapi's own metadata (never guessed). */
export function meta(strapi: Core.Strapi, uid: string) {
  const m = strapi.db.metadata.get(uid as never) as unknown as Meta;
  const column = (attribute: string) => m.attributes[attribute]?.columnName ?? attribute;
  const join = (attribute: string) => {
    const jt = m.attributes[attribute]?.joinTable;
    if (!jt) throw new Error(`${uid}.${attribute} is not a relation with a join table`);
    return { table: jt.name, from: jt.joinColumn.name, to: jt.inverseJoinColumn.name };
  };
  return { table: m.tableName, column, join };
}

/** The knex of the current transaction when there is one, else the pool. */
export function knexOf(strapi: Core.Strapi, trx?: Knex.Transaction | null): Knex {
  return (trx ?? strapi.db.connection) as Knex;
}

/** Epoch milliseconds of a date-ish database value (SQLite gives numbers or strings, PostgreSQL Dates). */
export function ms(value: unknown): number {
  if (value === null || value === undefined || value === '') return Number.NaN;
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'number') return value;
  const text = String(value);
  return /^\d+$/.test(text) ? Number(text) : Date.parse(text);
}

export const msOrNull = (value: unknown): number | null => {
  const n = ms(value);
  return Number.isFinite(n) ? n : null;
};

export const isoOrNull = (value: unknown): string | null => {
  const n = msOrNull(value);
  return n === null ? null : new Date(n).toISOString();
};

/** True for a unique-constraint violation, on SQLite or PostgreSQL. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown } | null;
  const code = String(e?.code ?? '');
  return code === '23505' || code.startsWith('SQLITE_CONSTRAINT') || /UNIQUE constraint failed|duplicate key value/i.test(String(e?.message ?? ''));
}
