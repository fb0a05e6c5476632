/** The periods the progress pages offer, and the bucket that reads best for each. */
import { DateTime } from 'luxon';
import type { Bucket } from '@haven/shared/wellness';

export const RANGES = [
  { key: '30d', label: 'Last 30 days', days: 30, bucket: 'day' },
  { key: '90d', label: 'Last 90 days', days: 90, bucket: 'day' },
  { key: '1y', label: 'Last year', days: 365, bucket: 'week' },
  { key: '5y', label: 'Last 5 years', days: 5 * 365 + 1, bucket: 'month' },
] as const satisfies readonly { key: string; label: string; days: number; bucket: Bucket }[];

export type RangeKey = (typeof RANGES)[number]['key'];

export function rangeOf(key: string | null, today: string): { key: RangeKey; from: string; bucket: Bucket } {
  const range = RANGES.find((r) => r.key === key) ?? RANGES[1];
  const from = DateTime.fromISO(today, { zone: 'utc' }).minus({ days: range.days - 1 }).toISODate()!;
  return { key: range.key, from, bucket: range.bucket };
}
