import { describe, expect, it } from 'vitest';
import { CategoryBits, kindCounts, MAX_CATEGORY_BITS } from '../database-common';

describe('CategoryBits', () => {
  it('gives each slug one bit, once, and builds masks from them', () => {
    const bits = new CategoryBits();
    expect(bits.assign(['sleep', 'anxiety', 'sleep'])).toEqual([
      { slug: 'sleep', bit: 0 },
      { slug: 'anxiety', bit: 1 },
    ]);
    expect(bits.assign(['anxiety', 'grief'])).toEqual([{ slug: 'grief', bit: 2 }]);
    expect(bits.maskOf(['sleep', 'grief', 'grief'])).toBe(0b101);
    expect(bits.requiredMask(['anxiety'])).toBe(0b10);
    expect(bits.requiredMask(['unknown'])).toBeNull();
  });

  it('counts facets per category from (mask, count) groups', () => {
    const bits = new CategoryBits();
    bits.load([
      { slug: 'sleep', bit: 0 },
      { slug: 'anxiety', bit: '1' },
    ]);
    expect(Object.fromEntries(bits.facetCounts([{ mask: 3, count: 2 }, { mask: '1', count: '5' }]).map((f) => [f.key, f.count]))).toEqual({ sleep: 7, anxiety: 2 });
  });

  it('stops at the bits JavaScript can read exactly', () => {
    const bits = new CategoryBits();
    const fresh = bits.assign(Array.from({ length: MAX_CATEGORY_BITS + 5 }, (_, i) => `c${i}`));
    expect(fresh).toHaveLength(MAX_CATEGORY_BITS);
    expect(Number.isSafeInteger(bits.maskOf(fresh.map((f) => f.slug)))).toBe(true);
  });
});

describe('database results', () => {
  it('sums kinds over groups', () => {
    expect(kindCounts([{ kind: 'video', count: '2' }, { kind: 'video', count: 3 }, { kind: 'article', count: 1 }])).toEqual([
      { key: 'video', count: 5 },
      { key: 'article', count: 1 },
    ]);
  });
});
