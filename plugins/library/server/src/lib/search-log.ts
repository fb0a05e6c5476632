/**
 * What the search log keeps of a query: trimmed, lower-cased, Unicode-normalised (NFKC), runs of
 * white space as one space, at most LOGGED_QUERY_LENGTH characters. Nothing about who searched.
 * Pure (no Strapi), unit-tested with long adversarial input (the one regex is linear).
 */
import { MAX_QUERY_LENGTH } from '@haven/shared/library';

/** Characters of a query the log keeps: enough to read what people look for, short enough to bound the table. */
export const LOGGED_QUERY_LENGTH = 100;

/** The logged form of a query, or null when nothing is left to log. */
export function normaliseQuery(raw: string): string | null {
  // Cut first: the engines never see more than MAX_QUERY_LENGTH characters either.
  const text = raw.slice(0, MAX_QUERY_LENGTH * 2).normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
  // Never end on half a surrogate pair.
  const cut = Array.from(text).slice(0, LOGGED_QUERY_LENGTH).join('').trim();
  return cut ? cut : null;
}
