/**
 * Table and column names of the chat's content types, from Strapi's own metadata (never guessed), and
 * the small database facts both dialects need. Messages are written with knex directly: one
 * multi-row insert per batch is what lets the chat keep up with its socket traffic.
 */
import type { Core } from '@strapi/strapi';

export const UID = {
  conversation: 'plugin::chat.conversation',
  message: 'plugin::chat.message',
} as const;

export const USER_UID = 'plugin::users-permissions.user';

interface Meta {
  tableName: string;
  attributes: Record<string, { columnName?: string }>;
}

export function meta(strapi: Core.Strapi, uid: string) {
  const m = strapi.db.metadata.get(uid as never) as unknown as Meta;
  const column = (attribute: string) => m.attributes[attribute]?.columnName ?? attribute;
  return { table: m.tableName, column };
}

/** Epoch milliseconds of a date-ish database value (SQLite gives numbers or strings, PostgreSQL Dates). */
export function ms(value: unknown): number {
  if (value === null || value === undefined || value === '') return Number.NaN;
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'number') return value;
  const text = String(value);
  return /^\d+$/.test(text) ? Number(text) : Date.parse(text);
}

export const isoOrNull = (value: unknown): string | null => {
  const n = ms(value);
  return Number.isFinite(n) ? new Date(n).toISOString() : null;
};

/** True for a unique-constraint violation, on SQLite or PostgreSQL. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown } | null;
  const code = String(e?.code ?? '');
  return code === '23505' || code.startsWith('SQLITE_CONSTRAINT') || /UNIQUE constraint failed|duplicate key value/i.test(String(e?.message ?? ''));
}
