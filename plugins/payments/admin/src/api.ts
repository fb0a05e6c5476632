/**
 * The Payments admin API (served by the plugin's server side under the admin prefix, e.g.
 * GET /payments/admin/payments).
 */
import { useAdminQuery, type ListBody, type Pagination } from '@haven/admin-ui/query';
import type { AdminPaymentView, PaymentTotals } from '@haven/shared/payments';

export interface ListMeta {
  totals: PaymentTotals;
  therapists: { userId: number; displayName: string }[];
  pagination: Pagination;
}

export const paths = {
  list: (query: string) => `/payments/admin/payments${query ? `?${query}` : ''}`,
  refund: (id: string) => `/payments/admin/payments/${encodeURIComponent(id)}/refund`,
  mark: (id: string) => `/payments/admin/payments/${encodeURIComponent(id)}/mark`,
};

/** GETs the list; the current data stays shown while reloading. */
export const usePayments = (query: string) => useAdminQuery<ListBody<AdminPaymentView, ListMeta>>(paths.list(query));
