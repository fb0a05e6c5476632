import { describe, expect, it } from 'vitest';
import { shareText } from '../therapist-dashboard';

describe('shareText', () => {
  it('writes small shares as counts, never a percentage of almost nothing', () => {
    expect(shareText({ count: 1, of: 3 }, 'en')).toBe('1 of 3');
    expect(shareText({ count: 0, of: 9 }, 'en')).toBe('0 of 9');
  });

  it('writes a whole percentage from ten cases on', () => {
    expect(shareText({ count: 1, of: 10 }, 'en')).toBe('10 %');
    expect(shareText({ count: 2, of: 3000 }, 'en')).toBe('0 %');
    expect(shareText({ count: 1999, of: 2000 }, 'en')).toBe('100 %');
  });

  it('says none when there is nothing to share', () => {
    expect(shareText({ count: 0, of: 0 }, 'en')).toBe('none');
  });
});
