/**
 * The Audit log admin API (GET /audit/entries, served by the plugin's server side) and a small loading
 * hook around Strapi's fetch client. The entry shape mirrors the server's entryView (server/src/views.ts).
 */
import * as React from 'react';
import { isFetchError, useFetchClient } from '@strapi/strapi/admin';

export interface AuditEntry {
  id: string;
  at: string;
  actor: { kind: 'admin' | 'site' | 'system'; id: number | null; label: string };
  action: string;
  target: { type: string; id: string };
  reason: string | null;
  ip: string | null;
  details: Record<string, string | number | boolean | null>;
}

export interface Pagination {
  page: number;
  pageSize: number;
  total: number;
  pageCount: number;
}

export const entriesPath = (query: string) => `/audit/entries${query ? `?${query}` : ''}`;

/** A sentence staff can act on, from whatever the fetch client threw. */
export function errorMessage(error: unknown): string {
  if (isFetchError(error)) {
    const status = error.status ?? error.response?.data?.error?.status;
    const message = error.response?.data?.error?.message;
    if (status === 401) return 'Your session has ended. Please log in again.';
    if (status === 403) return 'Only super admins can read the audit log.';
    if (message) return message;
    if (status && status >= 500) return 'The server ran into a problem. Please try again in a moment.';
    return error.message || 'Something went wrong.';
  }
  if (error instanceof Error && error.message) return error.message;
  return 'Something went wrong.';
}

/** GETs a page of entries with loading and error states; the current page stays shown while reloading. */
export function useEntries(query: string) {
  const { get } = useFetchClient();
  const [state, setState] = React.useState<{ data: AuditEntry[]; pagination: Pagination | null; error: string | null; isLoading: boolean }>({ data: [], pagination: null, error: null, isLoading: true });
  const [generation, setGeneration] = React.useState(0);
  const latest = React.useRef(0);
  React.useEffect(() => {
    const request = ++latest.current;
    setState((s) => ({ ...s, isLoading: true, error: null }));
    get<{ data: AuditEntry[]; meta: { pagination: Pagination } }>(entriesPath(query))
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
