/**
 * The wellness tracker's calls to the CMS (server side only, with the person's bearer token) and the
 * shapes it answers with. Questionnaires, emotions, limits and the answers' shapes (EntryView,
 * StatsView, …) come from @haven/shared/wellness, the same definitions the CMS builds them with.
 */
import { DateTime } from 'luxon';
import { cms, type CmsFail } from './cms';
import type { CrisisResources } from './community';
import type { FieldErrors } from './forms';
import { isValidTimeZone } from './format';
import type { AssessmentKind, AssessmentView, Bucket, ClientSummary, EntryFields, EntrySaveMeta, EntryView, SettingsView, SharingOverview, ShareView, StatsView } from '@haven/shared/wellness';

const BASE = '/api/wellness';

const query = (params: Record<string, string | undefined>) => {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) search.set(key, value);
  const text = search.toString();
  return text ? `?${text}` : '';
};

export function wellnessApi(token: string) {
  return {
    entry: (date: string) => cms<{ data: EntryView }>(`${BASE}/entries/${encodeURIComponent(date)}`, { token }),
    entries: (from?: string, to?: string) => cms<{ data: EntryView[] }>(`${BASE}/entries${query({ from, to })}`, { token }),
    /** Saves a day's check-in; with crisis language in the reflection, `meta.crisis` holds the lines for `locale` and `meta.therapistsTold` who was told. */
    saveEntry: (date: string, input: EntryFields, locale: string | null) =>
      cms<{ data: EntryView; meta: EntrySaveMeta }>(`${BASE}/entries/${encodeURIComponent(date)}${query({ locale: locale ?? undefined })}`, { method: 'PUT', token, body: input }),
    deleteEntry: (date: string) => cms<null>(`${BASE}/entries/${encodeURIComponent(date)}`, { method: 'DELETE', token }),
    stats: (params: { from?: string; to?: string; bucket?: Bucket }) => cms<{ data: StatsView }>(`${BASE}/stats${query(params)}`, { token }),
    assessments: (from?: string, to?: string) => cms<{ data: AssessmentView[] }>(`${BASE}/assessments${query({ from, to })}`, { token }),
    submitAssessment: (kind: AssessmentKind, answers: number[], locale: string | null) =>
      cms<{ data: AssessmentView; meta: { crisis: CrisisResources | null; therapistsNotified: number } }>(`${BASE}/assessments${query({ locale: locale ?? undefined })}`, {
        method: 'POST',
        token,
        body: { kind, answers },
      }),
    settings: () => cms<{ data: SettingsView }>(`${BASE}/settings`, { token }),
    saveSettings: (input: { activities?: string[]; reminderEnabled?: boolean; reminderTime?: string | null }) => cms<{ data: SettingsView }>(`${BASE}/settings`, { method: 'PUT', token, body: input }),
    sharing: () => cms<{ data: SharingOverview }>(`${BASE}/shares`, { token }),
    share: (therapistId: string, includeReflections: boolean) =>
      cms<{ data: ShareView; meta: { changed: boolean } }>(`${BASE}/shares/${encodeURIComponent(therapistId)}`, { method: 'PUT', token, body: { includeReflections } }),
    revoke: (therapistId: string) => cms<{ data: ShareView }>(`${BASE}/shares/${encodeURIComponent(therapistId)}`, { method: 'DELETE', token }),
    clients: () => cms<{ data: ClientSummary[] }>(`${BASE}/clients`, { token }),
    client: (id: string) => cms<{ data: ClientSummary }>(`${BASE}/clients/${encodeURIComponent(id)}`, { token }),
    clientStats: (id: string, params: { from?: string; to?: string; bucket?: Bucket }) => cms<{ data: StatsView }>(`${BASE}/clients/${encodeURIComponent(id)}/stats${query(params)}`, { token }),
    clientEntries: (id: string, from?: string, to?: string) =>
      cms<{ data: EntryView[]; meta: { reflectionsShared: boolean } }>(`${BASE}/clients/${encodeURIComponent(id)}/entries${query({ from, to })}`, { token }),
  };
}

/** The export as the CMS sends it (a file), streamed on to the browser by /wellness/export. */
export async function exportFile(token: string, format: 'csv' | 'json', dataset: 'entries' | 'assessments'): Promise<Response> {
  const { CMS_URL } = await import('./cms');
  return fetch(`${CMS_URL}${BASE}/export${query({ format, dataset: format === 'csv' ? dataset : undefined })}`, {
    headers: { authorization: `Bearer ${token}` },
    signal: AbortSignal.timeout(Number(process.env.CMS_TIMEOUT_MS || 10_000) * 3),
  });
}

/** Today's date in a person's zone. */
export function todayIn(zone: string): string {
  return DateTime.now().setZone(isValidTimeZone(zone) ? zone : 'UTC').toISODate()!;
}

/** "Monday 30 November" for a YYYY-MM-DD date. */
export function longDate(date: string): string {
  const dt = DateTime.fromISO(date, { zone: 'utc' });
  return dt.isValid ? dt.setLocale('en-GB').toFormat('cccc d LLLL yyyy') : date;
}

/** "30 Nov" (and the year when it is not `thisYear`). */
export function shortDate(date: string, thisYear?: string): string {
  const dt = DateTime.fromISO(date, { zone: 'utc' });
  if (!dt.isValid) return date;
  return dt.setLocale('en-GB').toFormat(thisYear && date.startsWith(thisYear) ? 'd LLL' : 'd LLL yyyy');
}

export const isIsoDate = (value: string | null | undefined): value is string => typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && DateTime.fromISO(value).isValid;

/** CMS field errors keyed by the form's field names. */
export function fieldErrorsOf(result: CmsFail): FieldErrors {
  return { ...result.fieldErrors };
}
