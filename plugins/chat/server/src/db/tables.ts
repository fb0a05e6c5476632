/**
 * Table and column names of the chat's content types, from Strapi's own metadata (never guessed), and
 * the small database facts both dialects need. Messages are written with knex directly: one
 * multi-row insert per batch is what lets the chat keep up with its socket traffic.
 */
import { epochMs, isoOrNull, isUniqueViolation, tableMeta } from '@haven/shared/server/db';

export const UID = {
  conversation: 'plugin::chat.conversation',
  message: 'plugin::chat.message',
} as const;

export const USER_UID = 'plugin::users-permissions.user';

/** Table and column names of a content type (Strapi's own metadata). */
export const meta = tableMeta;
/** Epoch milliseconds of a date-ish database value (SQLite gives numbers or strings, PostgreSQL Dates). */
export const ms = epochMs;
export { isoOrNull, isUniqueViolation };
