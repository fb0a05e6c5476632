import { describe, expect, it } from 'vitest';
import { CategoryBits, disjunctiveFacets, kindCounts, MAX_CATEGORY_BITS, sharesBit } from '../database-common';

describe('CategoryBits', () => {
  it('gives each slug one bit, once, and builds masks from them', () => {
    const bits = new CategoryBits();
    expect(bits.assign(['sleep', 'anxiety', 'sleep'])).toEqual([
      { slug: 'sleep', bit: 0 },
      { slug: 'anxiety', bit: 1 },
    ]);
    expect(bits.assign(['anxiety', 'grief'])).toEqual([{ slug: 'grief', bit: 2 }]);
    expect(bits.maskOf(['sleep', 'grief', 'grief'])).toBe(0b101);
    expect(bits.anyMask(['anxiety', 'unknown'])).toBe(0b10);
    expect(bits.anyMask(['unknown'])).toBe(0);
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

describe('disjunctive facets', () => {
  const bits = new CategoryBits();
  bits.assign(['sleep', 'anxiety', 'grief']);
  // 3 sleep articles, 2 sleep+anxiety videos, 4 anxiety articles, 1 grief worksheet.
  const groups = [
    { kind: 'article', mask: 0b001, count: 3 },
    { kind: 'video', mask: '3', count: '2' },
    { kind: 'article', mask: 0b010, count: 4 },
    { kind: 'worksheet', mask: 0b100, count: 1 },
  ];
  const counts = (list: { key: string; count: number }[]) => Object.fromEntries(list.map((f) => [f.key, f.count]));

  it('counts each facet as if its own filter were not applied', () => {
    const sleep = disjunctiveFacets(groups, { categories: ['sleep'], kinds: [] }, bits);
    expect(sleep.total).toBe(5);
    expect(counts(sleep.categoryCounts)).toEqual({ sleep: 5, anxiety: 6, grief: 1 });
    expect(counts(sleep.kindCounts)).toEqual({ article: 3, video: 2 });
  });

  it('widens with a second value (any of) and keeps the other facet filtering', () => {
    const two = disjunctiveFacets(groups, { categories: ['sleep', 'grief'], kinds: ['article'] }, bits);
    expect(two.total).toBe(3);
    expect(counts(two.categoryCounts)).toEqual({ sleep: 3, anxiety: 4 });
    expect(counts(two.kindCounts)).toEqual({ article: 3, video: 2, worksheet: 1 });
    expect(disjunctiveFacets(groups, { categories: ['unknown'], kinds: [] }, bits).total).toBe(0);
  });

  it('tests masks past 32 bits exactly', () => {
    expect(sharesBit(2 ** 40 + 1, 2 ** 40)).toBe(true);
    expect(sharesBit(String(2 ** 40), 1)).toBe(false);
  });
});
