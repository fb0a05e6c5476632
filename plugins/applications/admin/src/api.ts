/**
 * The applications admin API (under /applications/applications, served by the plugin's server side),
 * and how sizes and waits are written.
 */
import * as React from 'react';
import { useAdminQuery } from '@haven/admin-ui/query';
import { useFetchClient } from '@strapi/strapi/admin';
import type { ApplicationDetailView, ApplicationListMeta, ApplicationTab, ApplicationView } from '@haven/shared/applications';

export type { ApplicationDecision, ApplicationDetailView, ApplicationTab, ApplicationView } from '@haven/shared/applications';

const BASE = '/applications/applications';
export const paths = {
  list: (tab: ApplicationTab, page: number) => `${BASE}?${new URLSearchParams({ tab, page: String(page), pageSize: '20' })}`,
  one: (id: string) => `${BASE}/${encodeURIComponent(id)}`,
  decision: (id: string) => `${BASE}/${encodeURIComponent(id)}/decision`,
  document: (id: string) => `${BASE}/${encodeURIComponent(id)}/document`,
};

export const formatSize = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`);

export const waitingText = (days: number | null) => (days === null ? '—' : days === 0 ? 'today' : `${days} day${days === 1 ? '' : 's'}`);

/** GETs one page of a tab (and every tab's count); `generation` counts the decisions made since, each fetching again. */
export const useApplications = (tab: ApplicationTab, page: number, generation: number) =>
  useAdminQuery<{ data: ApplicationView[]; meta: ApplicationListMeta }>(paths.list(tab, page), { refreshKey: generation });

/** GETs one application with its decisions; another application's answer is never shown for this one. */
export function useApplication(id: string, generation: number) {
  const { body, error } = useAdminQuery<{ data: ApplicationDetailView }>(paths.one(id), { refreshKey: generation });
  return { data: body?.data.id === id ? body.data : null, error };
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
