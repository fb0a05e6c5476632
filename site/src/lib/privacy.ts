/**
 * "Your data" (issue 20): the site's side of an export of everything Haven holds about the person.
 * Server side only. The one-time download token never reaches the browser: the site's server asks the
 * CMS for it and spends it at once, in POST bodies, and streams the archive back (lib/privacy.ts →
 * pages/profile/data/download.ts), so no token sits in an address a browser, proxy or log keeps.
 */
import type { ExportLink } from '@haven/shared/data-export';
import { cms, CMS_URL, describeError, UNREACHABLE_MESSAGE, type CmsResult } from './cms';
import type { ExportStatus } from './export-status';

export type { ExportStatus } from './export-status';

export const latestExport = (token: string) => cms<{ data: ExportStatus | null }>('/api/privacy/exports/latest', { token });

export const requestExport = (token: string, clientIp?: string) => cms<{ data: ExportStatus }>('/api/privacy/exports', { method: 'POST', body: {}, token, clientIp });

export type ArchiveResult = { ok: true; response: Response } | { ok: false; status: number; message: string };

/**
 * The ready archive, once: a fresh token from the CMS, spent straight away; the answer's body is
 * passed on as it arrives.
 */
export async function fetchArchive(token: string, id: string): Promise<ArchiveResult> {
  const link: CmsResult<{ data: ExportLink }> = await cms(`/api/privacy/exports/${encodeURIComponent(id)}/link`, { method: 'POST', body: {}, token });
  if (!link.ok) return { ok: false, status: link.status, message: link.message };
  let response: Response;
  try {
    response = await fetch(`${CMS_URL}/api/privacy/exports/${encodeURIComponent(id)}/download`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/zip, application/json' },
      body: JSON.stringify({ token: link.data.data.token }),
      signal: AbortSignal.timeout(60_000),
    });
  } catch {
    return { ok: false, status: 503, message: UNREACHABLE_MESSAGE };
  }
  if (!response.ok) {
    const text = await response.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON */
    }
    return { ok: false, status: response.status, message: describeError(response.status, json).message };
  }
  return { ok: true, response };
}
