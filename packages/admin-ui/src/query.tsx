/**
 * The admin API as every page reads it: Strapi's fetch client (the admin's session token), loading and
 * error states, the current answer kept on screen while a new one loads, and a late answer to an older
 * request dropped. Errors become a sentence staff can act on.
 */
import * as React from 'react';
import { isFetchError, useFetchClient } from '@strapi/strapi/admin';

interface ValidationDetails {
  errors?: { path?: unknown[]; message?: string }[];
}

/** Field messages of a validation error: "reason must be at least 3 characters". */
function detailsOf(details: ValidationDetails | undefined): string {
  const errors = Array.isArray(details?.errors) ? details.errors : [];
  return errors
    .filter((e) => e && e.message)
    .map((e) => `${Array.isArray(e.path) && e.path.length ? `${e.path.join('.')} ` : ''}${e.message}`)
    .join('; ');
}

/**
 * A sentence staff can act on, from whatever the fetch client threw. `forbidden` says who may do this
 * (a 403 without it says the server's own words, or that permission is missing).
 */
export function errorMessage(error: unknown, forbidden?: string): string {
  if (isFetchError(error)) {
    const body = error.response?.data?.error;
    const status = error.status ?? body?.status;
    const details = detailsOf(body?.details as ValidationDetails | undefined);
    const message = body?.message;
    const serverMessage = message && details && !message.includes(details) ? `${message} (${details})` : message || details;
    if (status === 401) return 'Your session has ended. Please log in again.';
    if (status === 403) return forbidden ?? (serverMessage && serverMessage !== 'Forbidden' ? serverMessage : 'You do not have permission to do this.');
    if (status === 404) return serverMessage && serverMessage !== 'Not Found' ? serverMessage : 'This could not be found. It may have been removed already.';
    if (status === 429) return 'Too many requests. Please wait a moment and try again.';
    if (serverMessage) return serverMessage;
    if (status && status >= 500) return 'The server ran into a problem. Please try again in a moment.';
    return error.message || 'Something went wrong.';
  }
  if (error instanceof TypeError) return 'The server could not be reached. Check your connection and try again.';
  if (error instanceof Error && error.message) return error.message;
  return 'Something went wrong.';
}

/** The page of a list the admin API answers with (`meta.pagination`). */
export interface Pagination {
  page: number;
  pageSize: number;
  total: number;
  pageCount: number;
}

/** A list's answer: its rows and, by default, just the pagination as meta. */
export interface ListBody<Row, Meta = { pagination: Pagination }> {
  data: Row[];
  meta: Meta;
}

const isAbort = (error: unknown) => error instanceof DOMException && error.name === 'AbortError';

export interface AdminQuery<Body> {
  /** The whole answer (`{ data, meta }` as the route sends it); null until the first one arrives. */
  body: Body | null;
  error: string | null;
  isLoading: boolean;
  /** Fetches again; the current answer stays shown meanwhile. */
  reload(): void;
}

export interface AdminQueryOptions {
  /** Words a 403 (see errorMessage). */
  forbidden?: string;
  /** A value whose change fetches again: a parent's count of changes made elsewhere on the page. */
  refreshKey?: number;
}

/** GETs `path` from the admin API (null: waits). */
export function useAdminQuery<Body>(path: string | null, { forbidden, refreshKey = 0 }: AdminQueryOptions = {}): AdminQuery<Body> {
  const { get } = useFetchClient();
  const [state, setState] = React.useState<{ body: Body | null; error: string | null; isLoading: boolean }>({ body: null, error: null, isLoading: path !== null });
  const [generation, setGeneration] = React.useState(0);
  const latest = React.useRef(0);
  React.useEffect(() => {
    if (path === null) return;
    const request = ++latest.current;
    setState((s) => ({ ...s, isLoading: true, error: null }));
    get<Body>(path)
      .then(({ data }) => {
        if (request === latest.current) setState({ body: data, error: null, isLoading: false });
      })
      .catch((error: unknown) => {
        if (isAbort(error)) return;
        if (request === latest.current) setState((s) => ({ ...s, error: errorMessage(error, forbidden), isLoading: false }));
      });
  }, [path, generation, refreshKey, get, forbidden]);
  const reload = React.useCallback(() => setGeneration((g) => g + 1), []);
  return { ...state, reload };
}
