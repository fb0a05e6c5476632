/**
 * The dashboards admin API (GET /dashboards/<name> under the admin prefix) and its loading hook.
 * Figures are written with @haven/admin-ui/format (counts as counts, money in its currency).
 */
import { useAdminQuery } from '@haven/admin-ui/query';
import type { UsageReport } from '@haven/shared/usage';

export type { CurrencyMoney, MoneyPoint, OutstandingMoney, UsageDay, UsageReport, UsageWeek } from '@haven/shared/usage';

/** The admin API path of a dashboard over a range: `/dashboards/<name>?from=&to=` (blank ends left out). */
export const reportPath = (name: string, range: { from?: string; to?: string }) => {
  const query = new URLSearchParams();
  if (range.from) query.set('from', range.from);
  if (range.to) query.set('to', range.to);
  const text = query.toString();
  return `/dashboards/${name}${text ? `?${text}` : ''}`;
};

export const usagePath = (range: { from?: string; to?: string }) => reportPath('usage', range);

/** GETs a dashboard's figures at `path`; the current figures stay shown while reloading, a late answer to an older path is dropped. */
export function useReport<Report>(path: string) {
  const { body, error, isLoading } = useAdminQuery<{ data: Report }>(path, { forbidden: 'You do not have permission to see the dashboards.' });
  return { data: body?.data ?? null, error, isLoading };
}

/** GETs the usage figures of a range (the last 30 days when none). */
export const useUsage = (range: { from?: string; to?: string }) => useReport<UsageReport>(usagePath(range));
