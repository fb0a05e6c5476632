/**
 * The dashboards admin API (GET /dashboards/usage under the admin prefix), a loading hook around
 * Strapi's fetch client, and how figures are written (counts as counts, money in its currency).
 */
import * as React from 'react';
import { isFetchError, useFetchClient } from '@strapi/strapi/admin';
import type { UsageReport } from '@haven/shared/usage';

export type { CurrencyMoney, MoneyPoint, OutstandingMoney, UsageDay, UsageReport, UsageWeek } from '@haven/shared/usage';

/** The admin API path of a dashboard over a range: `/dashboards/<name>?from=&to=` (blank ends left out). */
export const reportPath = (name: string, range: { from?: string; to?: string }) => {
  const query = new URLSearchParams();
  if (range.from) query.set('from', range.from);
  if (range.to) query.set('to', range.to);
  const text = query.toString();
  return `/dashboards/${name}${text ? `?${text}` : ''}`;
};

export const usagePath = (range: { from?: string; to?: string }) => reportPath('usage', range);

/** Digits after the decimal point of a currency (2 for USD, 0 for JPY). */
function currencyDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** An amount in major units as money: 123.45 USD → "$123.45". */
export function formatMajor(major: number, currency: string, locale?: string): string {
  const digits = currencyDigits(currency);
  return new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits }).format(major);
}

/** Minor units as a plain number in major units, for chart axes (12345 USD → 123.45). */
export const toMajor = (minor: number, currency: string) => minor / 10 ** currencyDigits(currency);

/** Integer minor units as money: 12345 USD → "$123.45". */
export const formatMinor = (minor: number, currency: string, locale?: string) => formatMajor(toMajor(minor, currency), currency, locale);

export const formatCount = (n: number, locale?: string) => new Intl.NumberFormat(locale).format(n);

/** A sentence staff can act on, from whatever the fetch client threw. */
export function errorMessage(error: unknown): string {
  if (isFetchError(error)) {
    const status = error.status ?? error.response?.data?.error?.status;
    if (status === 401) return 'Your session has ended. Please log in again.';
    if (status === 403) return 'You do not have permission to see the dashboards.';
    const message = error.response?.data?.error?.message;
    if (message) return message;
    return 'The figures could not be loaded. Please try again in a moment.';
  }
  return error instanceof Error && error.message ? error.message : 'Something went wrong.';
}

/** GETs a dashboard's figures at `path`; the current figures stay shown while reloading, a late answer to an older path is dropped. */
export function useReport<Report>(path: string) {
  const { get } = useFetchClient();
  const [state, setState] = React.useState<{ data: Report | null; error: string | null; isLoading: boolean }>({ data: null, error: null, isLoading: true });
  const latest = React.useRef(0);
  React.useEffect(() => {
    const request = ++latest.current;
    setState((s) => ({ ...s, isLoading: true, error: null }));
    get<{ data: Report }>(path)
      .then(({ data }) => {
        if (request === latest.current) setState({ data: data.data, error: null, isLoading: false });
      })
      .catch((error: unknown) => {
        if (request === latest.current) setState((s) => ({ ...s, error: errorMessage(error), isLoading: false }));
      });
  }, [path, get]);
  return state;
}

/** GETs the usage figures of a range (the last 30 days when none). */
export const useUsage = (range: { from?: string; to?: string }) => useReport<UsageReport>(usagePath(range));
