/**
 * Time zones as people's profiles give them. Profiles are validated on write; this is the seatbelt
 * every reader relies on: a zone luxon does not know (or none) reads as UTC. Pure module.
 */
import { IANAZone } from 'luxon';

const known = new Map<string, boolean>();

/** Whether luxon knows a zone; remembered, since asking builds an Intl formatter on every call. */
export function isTimeZone(zone: unknown): zone is string {
  if (typeof zone !== 'string' || zone.length === 0 || zone.length > 64) return false;
  let valid = known.get(zone);
  if (valid === undefined) {
    valid = IANAZone.isValidZone(zone);
    // Bounded: an unbounded cache of invalid names would grow with whatever was ever stored.
    if (known.size < 2000) known.set(zone, valid);
  }
  return valid;
}

/** A zone luxon knows, else 'UTC'. */
export function safeZone(zone: unknown): string {
  return isTimeZone(zone) ? zone : 'UTC';
}
