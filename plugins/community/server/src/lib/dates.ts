import type { DateValue } from '../db/rows';

/** ISO string of a date-ish database value, or null. */
export function iso(value: DateValue | undefined): string | null {
  if (value === null || value === undefined || value === '') return null;
  const date = value instanceof Date ? value : new Date(typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** Milliseconds since the epoch of a date-ish database value (0 when there is none). */
export function time(value: DateValue | undefined): number {
  const text = iso(value);
  return text ? Date.parse(text) : 0;
}
