/** Formatting shared by pages: money from minor units, dates and times in a person's time zone. */
import { DateTime } from 'luxon';
import { isTimeZone } from '@haven/shared/zones';

export const LOCALE = 'en';

export const isValidTimeZone = (zone: string): boolean => isTimeZone(zone);

let zoneCache: string[] | null = null;
/** Every IANA time zone this server knows (plus UTC), sorted. */
export function timeZones(): string[] {
  if (!zoneCache) {
    const zones = new Set<string>(Intl.supportedValuesOf('timeZone'));
    zones.add('UTC');
    zoneCache = [...zones].sort((a, b) => a.localeCompare(b));
  }
  return zoneCache;
}

/** Digits after the decimal point for a currency (2 for USD and EUR, 0 for JPY). */
export function currencyDigits(currency: string): number {
  try {
    return new Intl.NumberFormat(LOCALE, { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** 9000 USD → "$90.00"; null when there is no rate. */
export function formatMoney(minor: number | null | undefined, currency: string | null | undefined): string | null {
  if (minor === null || minor === undefined || !currency) return null;
  try {
    const digits = currencyDigits(currency);
    return new Intl.NumberFormat(LOCALE, { style: 'currency', currency }).format(minor / 10 ** digits);
  } catch {
    return null;
  }
}

/** "90.50" in USD → 9050; null when it is not an amount. */
export function toMinor(amount: string, currency: string): number | null {
  const cleaned = amount.replace(/[\s,]/g, '');
  if (!/^\d+(\.\d+)?$/.test(cleaned)) return null;
  const digits = currencyDigits(currency);
  const [whole, fraction = ''] = cleaned.split('.');
  if (fraction.length > digits) return null;
  return Number(whole) * 10 ** digits + Number((fraction + '0'.repeat(digits)).slice(0, digits) || 0);
}

/** 9050 USD → "90.50" (for an input's value). */
export function fromMinor(minor: number | null | undefined, currency: string | null | undefined): string {
  if (minor === null || minor === undefined) return '';
  const digits = currencyDigits(currency || 'USD');
  return (minor / 10 ** digits).toFixed(digits);
}

/** An instant shown in the viewer's zone, e.g. "12 March 2026, 14:05 (Europe/Lisbon)". */
export function formatInstant(iso: string | null | undefined, zone: string): string | null {
  if (!iso) return null;
  const dt = DateTime.fromISO(iso, { zone: 'utc' }).setZone(isValidTimeZone(zone) ? zone : 'UTC');
  if (!dt.isValid) return null;
  return `${dt.setLocale(LOCALE).toLocaleString(DateTime.DATETIME_MED)} (${(dt.zoneName ?? 'UTC').replaceAll('_', ' ')})`;
}

/** A calendar date (no time of day), e.g. "31 December 2027". */
export function formatDate(isoDate: string | null | undefined): string | null {
  if (!isoDate) return null;
  const dt = DateTime.fromISO(isoDate, { zone: 'utc' });
  return dt.isValid ? dt.setLocale(LOCALE).toLocaleString(DateTime.DATE_FULL) : null;
}

/** The time now in a zone, e.g. "14:05". */
export function nowIn(zone: string): string {
  return DateTime.now().setZone(isValidTimeZone(zone) ? zone : 'UTC').setLocale(LOCALE).toLocaleString(DateTime.TIME_SIMPLE);
}

/** "5 hours ahead of you", "the same as yours", … between two zones, right now. */
export function zoneDifference(theirs: string, yours: string): string | null {
  if (!isValidTimeZone(theirs) || !isValidTimeZone(yours)) return null;
  const now = DateTime.now();
  const diff = now.setZone(theirs).offset - now.setZone(yours).offset;
  if (diff === 0) return 'the same time as yours';
  const hours = Math.abs(diff) / 60;
  const amount = Number.isInteger(hours) ? `${hours} hour${hours === 1 ? '' : 's'}` : `${Math.floor(hours)} h ${Math.abs(diff) % 60} min`;
  return `${amount} ${diff > 0 ? 'ahead of' : 'behind'} you`;
}

export const COMMON_CURRENCIES = ['USD', 'EUR', 'GBP', 'CAD', 'AUD', 'NZD', 'CHF', 'SEK', 'NOK', 'DKK', 'JPY', 'BRL', 'MXN', 'INR', 'ZAR'];
