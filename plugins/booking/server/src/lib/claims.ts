/**
 * Slot claims: an active booking holds every five-minute unit of the therapist's time from the start
 * of its buffer before to the end of its buffer after (rounded outwards). The database keeps one row
 * per (therapist, unit) under a unique index, so two bookings whose times or buffers overlap can
 * never both be written, whatever their lengths, however many requests race.
 */
export const UNIT_MINUTES = 5;
const UNIT_MS = UNIT_MINUTES * 60_000;

/** Units [from, to) as whole numbers of five minutes since the epoch. */
export interface UnitRange {
  from: number;
  to: number;
}

export function claimRange(start: number, end: number, bufferBeforeMinutes: number, bufferAfterMinutes: number): UnitRange {
  return {
    from: Math.floor((start - bufferBeforeMinutes * 60_000) / UNIT_MS),
    to: Math.ceil((end + bufferAfterMinutes * 60_000) / UNIT_MS),
  };
}

export function unitsOf(range: UnitRange): number[] {
  const units: number[] = [];
  for (let unit = range.from; unit < range.to; unit++) units.push(unit);
  return units;
}
