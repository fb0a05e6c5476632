/**
 * Money as integer minor units (cents, pence, yen). Providers speak other dialects: Stripe lower-case
 * currency codes with integer amounts, PayPal decimal strings ("90.00"). Conversions here are exact
 * (string arithmetic, never floating point). Pure module.
 */

/** Digits after the decimal point of a currency (USD 2, JPY 0, BHD 3), from the runtime's ISO 4217 data. */
export function minorDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    throw new Error(`unknown currency ${currency}`);
  }
}

/** 9000, "USD" → "90.00"; 500, "JPY" → "500". */
export function toDecimalString(minor: number, currency: string): string {
  if (!Number.isSafeInteger(minor) || minor < 0) throw new Error(`amount must be a whole, non-negative number of minor units, not ${minor}`);
  const digits = minorDigits(currency);
  if (digits === 0) return String(minor);
  const text = String(minor).padStart(digits + 1, '0');
  return `${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

/**
 * "90.00", "USD" → 9000. Refuses anything that is not a plain non-negative decimal with at most the
 * currency's digits (a provider answering "90.005" is a mismatch to flag, not to round).
 */
export function fromDecimalString(value: string, currency: string): number {
  const digits = minorDigits(currency);
  if (typeof value !== 'string' || value.length > 24 || !/^\d{1,18}(\.\d{1,3})?$/.test(value)) throw new Error(`not an amount: ${String(value).slice(0, 30)}`);
  const [whole, fraction = ''] = value.split('.');
  if (fraction.length > digits) throw new Error(`${value} has more decimals than ${currency} allows`);
  const minor = Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
  if (!Number.isSafeInteger(minor)) throw new Error(`amount too large: ${value}`);
  return minor;
}

/** "US$90.00" in the reader's locale. */
export function formatMoney(minor: number, currency: string, locale = 'en-US'): string {
  const digits = minorDigits(currency);
  return new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits }).format(minor / 10 ** digits);
}

/** A currency as Haven stores it: three upper-case letters. */
export const normaliseCurrency = (currency: string | null | undefined): string => String(currency ?? '').trim().toUpperCase();
