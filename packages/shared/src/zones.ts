/**
 * IANA time-zone names, checked once each. Asking Intl builds a DateTimeFormat on every call, which
 * costs more than a whole slot computation, so answers are remembered. The check is luxon's
 * IANAZone.isValidZone (the same Intl call) without luxon, so that booking, people and the site share
 * one. Browser-safe.
 */
const known = new Map<string, boolean>();
/** Names come from requests and stored profiles: an unbounded cache of invalid ones would grow with whatever anyone sent. */
const MAX_REMEMBERED = 2000;

function intlKnows(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone }).format();
    return true;
  } catch {
    return false;
  }
}

/** Whether `zone` names a time zone this runtime knows (at most 64 characters). */
export function isTimeZone(zone: unknown): zone is string {
  if (typeof zone !== 'string' || zone.length === 0 || zone.length > 64) return false;
  let valid = known.get(zone);
  if (valid === undefined) {
    valid = intlKnows(zone);
    if (known.size < MAX_REMEMBERED) known.set(zone, valid);
  }
  return valid;
}

/** A zone this runtime knows, else 'UTC': the seatbelt for zones read back from storage. */
export function safeZone(zone: unknown): string {
  return isTimeZone(zone) ? zone : 'UTC';
}
