/**
 * The Payments admin API (served by the plugin's server side under the admin prefix, e.g.
 * GET /payments/admin/payments) and a small loading hook around Strapi's fetch client.
 */
import * as React from 'react';
import { isFetchError, useFetchClient } from '@strapi/strapi/admin';
import type { AdminPaymentView, PaymentTotals } from '@haven/shared/payments';

export interface ListMeta {
  totals: PaymentTotals;
  therapists: { userId: number; displayName: string }[];
  pagination: { page: number; pageSize: number; total: number; pageCount: number };
}

export const paths = {
  list: (query: string) => `/payments/admin/payments${query ? `?${query}` : ''}`,
  refund: (id: string) => `/payments/admin/payments/${encodeURIComponent(id)}/refund`,
  mark: (id: string) => `/payments/admin/payments/${encodeURIComponent(id)}/mark`,
};

/** Digits after the decimal point of a currency (2 for USD, 0 for JPY). */
export function currencyDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

export function formatMoney(minor: number, currency: string, locale?: string): string {
  const digits = currencyDigits(currency);
  return new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits }).format(minor / 10 ** digits);
}

/** "12.5" in USD → 1250; null when it is not an amount with at most the currency's decimals. */
export function parseAmount(text: string, currency: string): number | null {
  const digits = currencyDigits(currency);
  const trimmed = text.trim();
  if (!/^\d{1,9}([.,]\d+)?$/.test(trimmed)) return null;
  const [whole, fraction = ''] = trimmed.replace(',', '.').split('.');
  if (fraction.length > digits) return null;
  return Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
}

/** A sentence staff can act on, from whatever the fetch client threw. */
export function errorMessage(error: unknown): string {
  if (isFetchError(error)) {
    const status = error.status ?? error.response?.data?.error?.status;
    const message = error.response?.data?.error?.message;
    if (status === 401) return 'Your session has ended. Please log in again.';
    if (status === 403) return 'You do not have permission to do this.';
    if (message) return message;
    if (status && status >= 500) return 'The server ran into a problem. Please try again in a moment.';
    return error.message || 'Something went wrong.';
  }
  if (error instanceof Error && error.message) return error.message;
  return 'Something went wrong.';
}

/** GETs the list with loading and error states; the current data stays shown while reloading. */
export function usePayments(query: string) {
  const { get } = useFetchClient();
  const [state, setState] = React.useState<{ data: AdminPaymentView[]; meta: ListMeta | null; error: string | null; isLoading: boolean }>({ data: [], meta: null, error: null, isLoading: true });
  const [generation, setGeneration] = React.useState(0);
  const latest = React.useRef(0);
  React.useEffect(() => {
    const request = ++latest.current;
    setState((s) => ({ ...s, isLoading: true, error: null }));
    get<{ data: AdminPaymentView[]; meta: ListMeta }>(paths.list(query))
      .then(({ data }) => {
        if (request === latest.current) setState({ data: data.data, meta: data.meta, error: null, isLoading: false });
      })
      .catch((error: unknown) => {
        if (request === latest.current) setState((s) => ({ ...s, error: errorMessage(error), isLoading: false }));
      });
  }, [query, generation, get]);
  const reload = React.useCallback(() => setGeneration((g) => g + 1), []);
  return { ...state, reload };
}
