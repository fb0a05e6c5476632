/**
 * IANA zone names checked once each: luxon's IANAZone.isValidZone builds an Intl.DateTimeFormat on
 * every call, which costs more than a whole slot computation. Pure module.
 */
import { IANAZone } from 'luxon';

const known = new Map<string, boolean>();

export function isIanaZone(name: string): boolean {
  if (typeof name !== 'string' || name.length === 0 || name.length > 64) return false;
  let valid = known.get(name);
  if (valid === undefined) {
    valid = IANAZone.isValidZone(name);
    // Bounded: names come from requests, and an attacker could send endless invalid ones.
    if (known.size < 2000) known.set(name, valid);
  }
  return valid;
}
