import { describe, expect, it } from 'vitest';
import { bestLocale, localeParts, preferredLocale } from '../locale';

describe('preferredLocale', () => {
  it.each([
    ['en-GB,en;q=0.8', 'en-GB'],
    ['fr;q=0.5, de-AT;q=0.9, es;q=0.1', 'de-AT'],
    ['pt_BR', 'pt-BR'],
    ['*;q=1, nl', 'nl'],
    ['en;q=0, fr;q=0.1', 'fr'],
    ['de, fr', 'de'],
  ])('%s → %s', (header, expected) => {
    expect(preferredLocale(header)).toBe(expected);
  });

  it.each([undefined, null, '', '*', 'q=1', 'en;q=abc', '1234', 'x'.repeat(50), 'en-' + 'a'.repeat(40)])('answers null for %s', (header) => {
    expect(preferredLocale(header)).toBeNull();
  });

  it('reads only the first 20 entries of a huge header, quickly', () => {
    const header = `${'zz-ZZ;q=0.1,'.repeat(100_000)}en-GB;q=1`;
    const started = performance.now();
    expect(preferredLocale(header)).toBe('zz-ZZ');
    expect(performance.now() - started).toBeLessThan(200);
  });
});

describe('bestLocale', () => {
  const keys = ['en-GB', 'en-US', 'IE', 'fr', 'pt-BR'];
  it.each([
    ['en-GB', 'en-GB'],
    ['en-gb', 'en-GB'],
    ['en_GB', 'en-GB'],
    ['ga-IE', 'IE'],
    ['en-IE', 'IE'],
    ['fr-CA', 'fr'],
    ['fr', 'fr'],
    ['pt-BR', 'pt-BR'],
    ['pt-PT', null],
    ['de', null],
    [null, null],
  ])('%s → %s', (wanted, expected) => {
    expect(bestLocale(wanted, keys)).toBe(expected);
  });

  it('splits tags into language and region', () => {
    expect(localeParts('zh-Hant-TW')).toEqual({ language: 'zh', region: 'TW' });
    expect(localeParts('IE')).toEqual({ language: null, region: 'IE' });
    expect(localeParts('en')).toEqual({ language: 'en', region: null });
  });
});
