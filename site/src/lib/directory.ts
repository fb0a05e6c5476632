/**
 * The therapist directory's filters: read from /therapists' query string (a plain GET form, so they
 * work without JavaScript and can be bookmarked) and turned into the CMS's /api/therapists query.
 *
 * Rates are never compared across currencies: "Highest rate" is an amount in one named currency and
 * lists the therapists who charge in that currency, up to that amount. The currency defaults to the
 * viewer's most likely one (their browser's language region) when therapists charge in it, else to the
 * currency most therapists charge in.
 */
import { localeParts, preferredLocale } from '@haven/shared/locale';
import { COMMON_CURRENCIES, toMinor } from './format';

export interface DirectoryFilters {
  q: string;
  specialty: string;
  language: string;
  /** The highest rate as typed (major units, "90" or "90.50"); '' for none. */
  maxRate: string;
  /** The currency the highest rate is in (ISO 4217). */
  currency: string;
  available: '' | 'week';
}

export interface ParsedDirectoryFilters {
  filters: DirectoryFilters;
  /** The CMS query (minor units), without paging. */
  apiQuery: URLSearchParams;
  /** The page's own query for links (only what is set), without paging. */
  linkQuery: URLSearchParams;
  /** How many filters are applied (the phone's "Filters (2 active)"). */
  active: number;
  /** A sentence for a highest rate that is not an amount in its currency; the filter is then not applied. */
  rateError: string | null;
}

/** Where each of COMMON_CURRENCIES is the currency (ISO 3166 regions); the euro area in full. */
const CURRENCY_OF_REGION: Record<string, string> = {
  US: 'USD', GB: 'GBP', CA: 'CAD', AU: 'AUD', NZ: 'NZD', CH: 'CHF', LI: 'CHF', SE: 'SEK', NO: 'NOK', DK: 'DKK', JP: 'JPY',
  BR: 'BRL', MX: 'MXN', IN: 'INR', ZA: 'ZAR',
  ...Object.fromEntries(['AT', 'BE', 'HR', 'CY', 'EE', 'FI', 'FR', 'DE', 'GR', 'IE', 'IT', 'LV', 'LT', 'LU', 'MT', 'NL', 'PT', 'SK', 'SI', 'ES'].map((r) => [r, 'EUR'])),
};

const CURRENCY = /^[A-Z]{3}$/;

/** The region of a language tag, or the likely one for a language alone ("de" → DE), as Intl knows it. */
function regionOf(tag: string): string | null {
  const { region } = localeParts(tag);
  if (region) return region;
  try {
    return new Intl.Locale(tag).maximize().region ?? null;
  } catch {
    return null;
  }
}

/**
 * The viewer's most likely currency among those therapists charge in: their language's region's when
 * it is one of them, else the first of `available` (the CMS lists the most used first), else USD.
 */
export function likelyCurrency(acceptLanguage: string | null | undefined, available: string[]): string {
  const tag = preferredLocale(acceptLanguage);
  const region = tag ? regionOf(tag) : null;
  const mine = region ? CURRENCY_OF_REGION[region] : undefined;
  if (mine && (available.includes(mine) || available.length === 0)) return mine;
  return available[0] ?? 'USD';
}

/** The currencies the rate filter offers: those therapists charge in (else the common ones), with the chosen one. */
export function currencyChoices(available: string[], chosen: string): string[] {
  const list = available.length ? available : COMMON_CURRENCIES;
  return list.includes(chosen) ? list : [...list, chosen];
}

/** Reads /therapists' filters; `defaultCurrency` is used when the address names none. */
export function parseDirectoryFilters(params: URLSearchParams, defaultCurrency: string): ParsedDirectoryFilters {
  const text = (name: string, max: number) => (params.get(name) ?? '').trim().slice(0, max);
  const namedCurrency = text('currency', 3).toUpperCase();
  const filters: DirectoryFilters = {
    q: text('q', 100),
    specialty: text('specialty', 60),
    language: text('language', 60),
    maxRate: text('maxRate', 12),
    currency: CURRENCY.test(namedCurrency) ? namedCurrency : defaultCurrency,
    available: params.get('available') === 'week' ? 'week' : '',
  };
  let rateError: string | null = null;
  let maxRateMinor: number | null = null;
  if (filters.maxRate) {
    maxRateMinor = /^\d{1,7}(\.\d{1,3})?$/.test(filters.maxRate) ? toMinor(filters.maxRate, filters.currency) : null;
    if (maxRateMinor === null) rateError = `Enter the highest rate as an amount in ${filters.currency}, such as 90 or 90.50.`;
  }
  const apiQuery = new URLSearchParams();
  const linkQuery = new URLSearchParams();
  for (const name of ['q', 'specialty', 'language', 'available'] as const) {
    if (filters[name]) {
      apiQuery.set(name, filters[name]);
      linkQuery.set(name, filters[name]);
    }
  }
  if (maxRateMinor !== null) {
    apiQuery.set('maxRate', String(maxRateMinor));
    apiQuery.set('currency', filters.currency);
    linkQuery.set('maxRate', filters.maxRate);
    linkQuery.set('currency', filters.currency);
  }
  const active = ['q', 'specialty', 'language', 'available'].filter((name) => apiQuery.has(name)).length + (maxRateMinor !== null ? 1 : 0);
  return { filters, apiQuery, linkQuery, active, rateError };
}
