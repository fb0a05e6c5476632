import { describe, expect, it } from 'vitest';
import { currencyChoices, likelyCurrency, parseDirectoryFilters } from '../directory';

describe('the viewer\'s likely currency', () => {
  it('follows the preferred language\'s region when therapists charge in it', () => {
    expect(likelyCurrency('en-GB,en;q=0.8', ['GBP', 'EUR'])).toBe('GBP');
    expect(likelyCurrency('de', ['USD', 'EUR'])).toBe('EUR'); // "de" is most likely Germany
    expect(likelyCurrency('fr-CH;q=0.9, en-US;q=0.5', ['USD', 'CHF'])).toBe('CHF');
  });

  it('else takes the currency most therapists charge in, else USD', () => {
    expect(likelyCurrency('en-GB', ['EUR', 'USD'])).toBe('EUR');
    expect(likelyCurrency(null, ['USD', 'EUR'])).toBe('USD');
    expect(likelyCurrency('xx-invalid-!!', [])).toBe('USD');
    expect(likelyCurrency('ja-JP', [])).toBe('JPY');
  });

  it('offers the listed currencies, with the chosen one kept', () => {
    expect(currencyChoices(['EUR', 'USD'], 'EUR')).toEqual(['EUR', 'USD']);
    expect(currencyChoices(['EUR', 'USD'], 'GBP')).toEqual(['EUR', 'USD', 'GBP']);
    expect(currencyChoices([], 'USD')).toContain('JPY');
  });
});

describe('/therapists filters', () => {
  it('turns an amount in a currency into minor units of that currency, and names the currency', () => {
    const parsed = parseDirectoryFilters(new URLSearchParams('maxRate=90.5&currency=eur&q=%20grief%20&available=week'), 'USD');
    expect(parsed.apiQuery.toString()).toBe('q=grief&available=week&maxRate=9050&currency=EUR');
    expect(parsed.linkQuery.get('maxRate')).toBe('90.5');
    expect(parsed.active).toBe(3);
    expect(parsed.rateError).toBeNull();
    expect(parseDirectoryFilters(new URLSearchParams('maxRate=12000&currency=JPY'), 'USD').apiQuery.get('maxRate')).toBe('12000');
  });

  it('uses the default currency when none is named, and applies no rate that is not an amount', () => {
    expect(parseDirectoryFilters(new URLSearchParams('maxRate=100'), 'EUR').apiQuery.get('currency')).toBe('EUR');
    for (const junk of ['1e9', '-5', '12.3456', 'ninety', '100000000']) {
      const parsed = parseDirectoryFilters(new URLSearchParams({ maxRate: junk, currency: 'USD' }), 'USD');
      expect(parsed.rateError, junk).toMatch(/amount in USD/);
      expect(parsed.apiQuery.has('maxRate'), junk).toBe(false);
      expect(parsed.active).toBe(0);
    }
    expect(parseDirectoryFilters(new URLSearchParams('maxRate=100.5&currency=JPY'), 'USD').rateError).toMatch(/JPY/);
    expect(parseDirectoryFilters(new URLSearchParams('currency=%3Cb%3E'), 'USD').filters.currency).toBe('USD');
  });
});
