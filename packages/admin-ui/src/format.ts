/**
 * How the admin pages write figures, money and dates. Money is integer minor units plus its ISO 4217
 * currency (2 digits for USD, 0 for JPY); instants are shown in the viewer's own time zone unless a
 * page says otherwise, UTC calendar days ('YYYY-MM-DD') as the UTC day they are. Pure module.
 */

/** Digits after the decimal point of a currency (2 for USD, 0 for JPY); 2 for a code the runtime does not know. */
export function currencyDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** Minor units as a plain number in major units, for chart axes and inputs (12345 USD → 123.45). */
export const toMajor = (minor: number, currency: string) => minor / 10 ** currencyDigits(currency);

/** An amount in major units as money, with the currency's own digits: 123.45 USD → "$123.45". */
export function formatMajor(major: number, currency: string, locale?: string): string {
  const digits = currencyDigits(currency);
  return new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits }).format(major);
}

/** Integer minor units as money: 12345 USD → "$123.45". */
export const formatMoney = (minor: number, currency: string, locale?: string) => formatMajor(toMajor(minor, currency), currency, locale);

/** Minor units as the text of an amount field: 1250 USD → "12.50", 500 JPY → "500". */
export const amountText = (minor: number, currency: string) => toMajor(minor, currency).toFixed(currencyDigits(currency));

/** An amount typed by staff ("12.5" or "12,5" in USD) → 1250; null when it is not an amount with at most the currency's digits. */
export function parseAmount(text: string, currency: string): number | null {
  const digits = currencyDigits(currency);
  const trimmed = text.trim();
  if (!/^\d{1,9}([.,]\d+)?$/.test(trimmed)) return null;
  const [whole, fraction = ''] = trimmed.replace(',', '.').split('.');
  if (fraction.length > digits) return null;
  return Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
}

export const formatCount = (n: number, locale?: string) => new Intl.NumberFormat(locale).format(n);

/** "1 account", "3 accounts"; `plural` for the irregular ones ("entry", "entries"). */
export const countOf = (n: number, singular: string, plural = `${singular}s`) => `${formatCount(n)} ${n === 1 ? singular : plural}`;

/** A UTC calendar day ('YYYY-MM-DD') as staff read it, e.g. "12 Mar 2027"; "—" when there is none. */
export const formatDay = (day: string | null | undefined, locale?: string) =>
  day ? new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${day.slice(0, 10)}T00:00:00Z`)) : '—';

/** An instant in the viewer's own time zone (or `timeZone`), e.g. "12 Mar 2027, 14:05"; "—" when there is none. */
export function formatInstant(iso: string | null | undefined, options: { locale?: string; timeZone?: string; seconds?: boolean } = {}): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(options.locale, { dateStyle: 'medium', timeStyle: options.seconds ? 'medium' : 'short', timeZone: options.timeZone }).format(date);
}
