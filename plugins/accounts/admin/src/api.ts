/**
 * The Accounts admin API (served by the plugin's server side under /accounts) and a small loading
 * hook around Strapi's fetch client. The shapes mirror the server's views (server/src/views.ts).
 */
import * as React from 'react';
import { isFetchError, useFetchClient } from '@strapi/strapi/admin';

export interface Account {
  userId: number;
  username: string;
  email: string;
  displayName: string | null;
  role: string | null;
  blocked: boolean;
  confirmed: boolean;
  signedUpAt: string | null;
  therapist: { id: string; verificationStatus: string; featured: boolean } | null;
}

export interface Pagination {
  page: number;
  pageSize: number;
  total: number;
  pageCount: number;
}

/** The server's limits on a reason. */
export const REASON_MIN = 3;
export const REASON_MAX = 500;

export const paths = {
  accounts: (query: string) => `/accounts/accounts${query ? `?${query}` : ''}`,
  ban: (userId: number) => `/accounts/accounts/${userId}/ban`,
  unban: (userId: number) => `/accounts/accounts/${userId}/unban`,
  role: (userId: number) => `/accounts/accounts/${userId}/role`,
  featured: (userId: number) => `/accounts/accounts/${userId}/featured`,
  invitations: '/accounts/invitations',
};

/** A sentence staff can act on, from whatever the fetch client threw. */
export function errorMessage(error: unknown): string {
  if (isFetchError(error)) {
    const status = error.status ?? error.response?.data?.error?.status;
    const message = error.response?.data?.error?.message;
    if (status === 401) return 'Your session has ended. Please log in again.';
    if (status === 403) return 'Only super admins can manage accounts.';
    if (message) return message;
    if (status && status >= 500) return 'The server ran into a problem. Please try again in a moment.';
    return error.message || 'Something went wrong.';
  }
  if (error instanceof Error && error.message) return error.message;
  return 'Something went wrong.';
}

/** GETs a page of accounts with loading and error states; the current page stays shown while reloading. */
export function useAccounts(query: string) {
  const { get } = useFetchClient();
  const [state, setState] = React.useState<{ data: Account[]; pagination: Pagination | null; error: string | null; isLoading: boolean }>({ data: [], pagination: null, error: null, isLoading: true });
  const [generation, setGeneration] = React.useState(0);
  const latest = React.useRef(0);
  React.useEffect(() => {
    const request = ++latest.current;
    setState((s) => ({ ...s, isLoading: true, error: null }));
    get<{ data: Account[]; meta: { pagination: Pagination } }>(paths.accounts(query))
      .then(({ data }) => {
        if (request === latest.current) setState({ data: data.data, pagination: data.meta.pagination, error: null, isLoading: false });
      })
      .catch((error: unknown) => {
        if (request === latest.current) setState((s) => ({ ...s, error: errorMessage(error), isLoading: false }));
      });
  }, [query, generation, get]);
  const reload = React.useCallback(() => setGeneration((g) => g + 1), []);
  return { ...state, reload };
}
