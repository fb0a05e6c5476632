/**
 * The applications admin API (under /applications/applications, served by the plugin's server side),
 * a loading hook around Strapi's fetch client, and how dates, sizes and errors are written.
 */
import * as React from 'react';
import { isFetchError, useFetchClient } from '@strapi/strapi/admin';
import type { ApplicationDetailView, ApplicationListMeta, ApplicationTab, ApplicationView } from '@haven/shared/applications';

export type { ApplicationDecision, ApplicationDetailView, ApplicationTab, ApplicationView } from '@haven/shared/applications';

const BASE = '/applications/applications';
export const paths = {
  list: (tab: ApplicationTab, page: number) => `${BASE}?${new URLSearchParams({ tab, page: String(page), pageSize: '20' })}`,
  one: (id: string) => `${BASE}/${encodeURIComponent(id)}`,
  decision: (id: string) => `${BASE}/${encodeURIComponent(id)}/decision`,
  document: (id: string) => `${BASE}/${encodeURIComponent(id)}/document`,
};

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
  return error instanceof Error && error.message ? error.message : 'Something went wrong.';
}

/** A UTC calendar day ('YYYY-MM-DD') as staff read it, e.g. "12 Mar 2027". */
export const formatDay = (day: string, locale?: string) =>
  day ? new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`)) : '—';

/** An instant in the viewer's own time zone. */
export const formatInstant = (iso: string | null, locale?: string) => (iso ? new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso)) : '—');

export const formatSize = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`);

export const waitingText = (days: number | null) => (days === null ? '—' : days === 0 ? 'today' : `${days} day${days === 1 ? '' : 's'}`);

type ListState = { data: ApplicationView[]; meta: ApplicationListMeta | null; error: string | null; isLoading: boolean };

/** GETs one page of a tab (and every tab's count); the current page stays shown while reloading. */
export function useApplications(tab: ApplicationTab, page: number, generation: number) {
  const { get } = useFetchClient();
  const [state, setState] = React.useState<ListState>({ data: [], meta: null, error: null, isLoading: true });
  const latest = React.useRef(0);
  React.useEffect(() => {
    const request = ++latest.current;
    setState((s) => ({ ...s, isLoading: true, error: null }));
    get<{ data: ApplicationView[]; meta: ApplicationListMeta }>(paths.list(tab, page))
      .then(({ data }) => {
        if (request === latest.current) setState({ data: data.data, meta: data.meta, error: null, isLoading: false });
      })
      .catch((error: unknown) => {
        if (request === latest.current) setState((s) => ({ ...s, error: errorMessage(error), isLoading: false }));
      });
  }, [tab, page, generation, get]);
  return state;
}

/** GETs one application with its decisions. */
export function useApplication(id: string | null, generation: number) {
  const { get } = useFetchClient();
  const [state, setState] = React.useState<{ data: ApplicationDetailView | null; error: string | null }>({ data: null, error: null });
  React.useEffect(() => {
    if (!id) return setState({ data: null, error: null });
    let current = true;
    setState((s) => ({ data: s.data?.id === id ? s.data : null, error: null }));
    get<{ data: ApplicationDetailView }>(paths.one(id))
      .then(({ data }) => current && setState({ data: data.data, error: null }))
      .catch((error: unknown) => current && setState({ data: null, error: errorMessage(error) }));
    return () => {
      current = false;
    };
  }, [id, generation, get]);
  return state;
}

/** Fetches the licence document with the admin session and hands it to the browser as a download. */
export function useDocumentDownload() {
  const { get } = useFetchClient();
  return React.useCallback(
    async (application: ApplicationView) => {
      const { data } = await get(paths.document(application.id), { responseType: 'blob' });
      const url = URL.createObjectURL(data);
      const link = document.createElement('a');
      link.href = url;
      link.download = application.document?.fileName ?? 'licence';
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    },
    [get],
  );
}
