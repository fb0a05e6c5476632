import { describe, expect, it } from 'vitest';
import { isTimeZone, safeZone } from '../zones';

describe('safeZone', () => {
  it('keeps a zone the runtime knows', () => {
    expect(safeZone('Europe/Berlin')).toBe('Europe/Berlin');
    expect(safeZone('America/Los_Angeles')).toBe('America/Los_Angeles');
    expect(safeZone('UTC')).toBe('UTC');
  });

  it('falls back to UTC for a missing, empty, unknown or oversized zone', () => {
    for (const zone of [null, undefined, '', 'Mars/Olympus_Mons', 'not a zone', 'Europe/' + 'x'.repeat(100), 42]) {
      expect(safeZone(zone)).toBe('UTC');
    }
  });

  it('answers the same on a second (remembered) ask', () => {
    expect(isTimeZone('Asia/Tokyo')).toBe(true);
    expect(isTimeZone('Asia/Tokyo')).toBe(true);
    expect(isTimeZone('Nowhere/Atall')).toBe(false);
    expect(isTimeZone('Nowhere/Atall')).toBe(false);
  });
});
