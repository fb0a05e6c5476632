/** Values as they come back from SQLite or PostgreSQL, and what their errors mean. */
import { epochMs, isoOrNull, isUniqueViolation } from '@haven/shared/server/db';

/** Epoch milliseconds of a date-ish database value (SQLite gives numbers or strings, PostgreSQL Dates). */
export const ms = epochMs;

export const msOrNull = (value: unknown): number | null => {
  const n = ms(value);
  return Number.isFinite(n) ? n : null;
};

export { isoOrNull, isUniqueViolation };
