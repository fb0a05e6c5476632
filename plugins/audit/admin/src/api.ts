/**
 * The Audit log admin API (GET /audit/entries, served by the plugin's server side). The entry shape
 * mirrors the server's entryView (server/src/views.ts).
 */
import { useAdminQuery, type ListBody } from '@haven/admin-ui/query';

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

export const entriesPath = (query: string) => `/audit/entries${query ? `?${query}` : ''}`;

/** GETs a page of entries; the current page stays shown while reloading. */
export const useEntries = (query: string) => useAdminQuery<ListBody<AuditEntry>>(entriesPath(query), { forbidden: 'Only super admins can read the audit log.' });
