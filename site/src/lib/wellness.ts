/**
 * The wellness tracker's calls to the CMS (server side only, with the person's bearer token) and the
 * shapes it answers with. Questionnaires, emotions and limits come from @haven/shared, the same
 * definitions the CMS scores and validates with.
 */
import { DateTime } from 'luxon';
import { cms, type CmsFail } from './cms';
import type { CrisisResources } from './community';
import type { FieldErrors } from './forms';
import { isValidTimeZone } from './format';

const BASE = '/api/wellness';

export type Bucket = 'day' | 'week' | 'month';

export interface Entry {
  date: string;
  mood: number;
  energy: number | null;
  sleepHours: number | null;
  emotions: string[];
  activities: string[];
  reflection: string | null;
  reflectionUnreadable?: true;
  hasReflection: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface EntryInput {
  mood: number;
  energy: number | null;
  sleepHours: number | null;
  emotions: string[];
  activities: string[];
  reflection: string | null;
}

export interface Assessment {
  id: string;
  kind: 'phq9' | 'gad7';
  name: string;
  answers: number[];
  score: number;
  maxScore: number;
  band: string;
  bandLabel: string;
  selfHarmFlag: boolean;
  date: string;
  takenAt: string;
}

export interface SeriesPoint {
  start: string;
  entries: number;
  mood: number | null;
  energy: number | null;
  sleepHours: number | null;
}

export interface ActivityComparison {
  activity: string;
  daysWith: number;
  moodWith: number | null;
  daysWithout: number;
  moodWithout: number | null;
  difference: number | null;
}

export interface AssessmentPoint {
  date: string;
  takenAt: string;
  score: number;
  band: string;
  selfHarmFlag: boolean;
}

export interface Stats {
  timeZone: string;
  range: { from: string; to: string; bucket: Bucket; today: string };
  series: SeriesPoint[];
  averages: { mood: number | null; energy: number | null; sleepHours: number | null; entries: number; daysInRange: number };
  streaks: { current: number; longest: number; lastEntryDate: string | null };
  assessments: { phq9: AssessmentPoint[]; gad7: AssessmentPoint[] };
  activities: ActivityComparison[];
  emotions: { emotion: string; days: number }[];
}

export interface Settings {
  activities: { suggested: string[]; own: string[] };
  reminder: { enabled: boolean; time: string | null };
}

export interface Share {
  therapist: { id: string; displayName: string };
  active: boolean;
  includeReflections: boolean;
  grantedAt: string | null;
  revokedAt: string | null;
}

export interface ConsentEvent {
  at: string;
  action: 'granted' | 'updated' | 'revoked';
  therapist: { id: string; displayName: string };
  includeReflections: boolean;
}

export interface ClientSummary {
  id: string;
  displayName: string;
  timeZone: string;
  sharingSince: string | null;
  includeReflections: boolean;
  lastEntryDate: string | null;
  latest: { phq9: Assessment | null; gad7: Assessment | null };
  lastSelfHarmFlag: Assessment | null;
}

const query = (params: Record<string, string | undefined>) => {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) search.set(key, value);
  const text = search.toString();
  return text ? `?${text}` : '';
};

export function wellnessApi(token: string) {
  return {
    entry: (date: string) => cms<{ data: Entry }>(`${BASE}/entries/${encodeURIComponent(date)}`, { token }),
    entries: (from?: string, to?: string) => cms<{ data: Entry[] }>(`${BASE}/entries${query({ from, to })}`, { token }),
    saveEntry: (date: string, input: EntryInput) => cms<{ data: Entry; meta: { created: boolean } }>(`${BASE}/entries/${encodeURIComponent(date)}`, { method: 'PUT', token, body: input }),
    deleteEntry: (date: string) => cms<null>(`${BASE}/entries/${encodeURIComponent(date)}`, { method: 'DELETE', token }),
    stats: (params: { from?: string; to?: string; bucket?: Bucket }) => cms<{ data: Stats }>(`${BASE}/stats${query(params)}`, { token }),
    assessments: (from?: string, to?: string) => cms<{ data: Assessment[] }>(`${BASE}/assessments${query({ from, to })}`, { token }),
    submitAssessment: (kind: 'phq9' | 'gad7', answers: number[], locale: string | null) =>
      cms<{ data: Assessment; meta: { crisis: CrisisResources | null; therapistsNotified: number } }>(`${BASE}/assessments${query({ locale: locale ?? undefined })}`, {
        method: 'POST',
        token,
        body: { kind, answers },
      }),
    settings: () => cms<{ data: Settings }>(`${BASE}/settings`, { token }),
    saveSettings: (input: { activities?: string[]; reminderEnabled?: boolean; reminderTime?: string | null }) => cms<{ data: Settings }>(`${BASE}/settings`, { method: 'PUT', token, body: input }),
    sharing: () => cms<{ data: { shares: Share[]; history: ConsentEvent[] } }>(`${BASE}/shares`, { token }),
    share: (therapistId: string, includeReflections: boolean) =>
      cms<{ data: Share; meta: { changed: boolean } }>(`${BASE}/shares/${encodeURIComponent(therapistId)}`, { method: 'PUT', token, body: { includeReflections } }),
    revoke: (therapistId: string) => cms<{ data: Share }>(`${BASE}/shares/${encodeURIComponent(therapistId)}`, { method: 'DELETE', token }),
    clients: () => cms<{ data: ClientSummary[] }>(`${BASE}/clients`, { token }),
    client: (id: string) => cms<{ data: ClientSummary }>(`${BASE}/clients/${encodeURIComponent(id)}`, { token }),
    clientStats: (id: string, params: { from?: string; to?: string; bucket?: Bucket }) => cms<{ data: Stats }>(`${BASE}/clients/${encodeURIComponent(id)}/stats${query(params)}`, { token }),
    clientEntries: (id: string, from?: string, to?: string) =>
      cms<{ data: Entry[]; meta: { reflectionsShared: boolean } }>(`${BASE}/clients/${encodeURIComponent(id)}/entries${query({ from, to })}`, { token }),
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
