/**
 * The usage dashboard's answer, assembled from the owners' per-day aggregates: every day of the range
 * present (0 where nothing happened), totals over the range, money per currency in integer minor
 * units. Counts and sums only: nothing in it says who. Pure (no Strapi), unit-tested; the answer's types live in
 * @haven/shared/usage, where the admin page reads them too.
 */
import type { SessionCounts } from '@haven/plugin-booking/public';
import type { MoneyDay } from '@haven/plugin-payments/public';
import { SESSION_SERIES, type CurrencyMoney, type DayCount, type MoneyPoint, type SessionSeries, type UsageDay, type UsageReport } from '@haven/shared/usage';

export { SESSION_SERIES };
export type { CurrencyMoney, MoneyPoint, SessionSeries, UsageDay, UsageReport };

export interface UsageInputs {
  days: string[];
  signups: DayCount[];
  sessions: SessionCounts;
  revenue: MoneyDay[];
  refunds: MoneyDay[];
}

const byDay = (counts: DayCount[]) => new Map(counts.map((c) => [c.day, c.count]));
const sum = (values: number[]) => values.reduce((total, n) => total + n, 0);

export function usageReport(input: UsageInputs, countedAt: Date): UsageReport {
  const signups = byDay(input.signups);
  const sessions = SESSION_SERIES.map((series) => [series, byDay(input.sessions[series])] as const);
  const days: UsageDay[] = input.days.map((day) => {
    const row: UsageDay = { day, signups: signups.get(day) ?? 0, booked: 0, held: 0, cancelled: 0, declined: 0, noShow: 0 };
    for (const [series, counts] of sessions) row[series] = counts.get(day) ?? 0;
    return row;
  });
  const totals: UsageReport['totals'] = { signups: 0, booked: 0, held: 0, cancelled: 0, declined: 0, noShow: 0 };
  for (const key of ['signups', ...SESSION_SERIES] as const) totals[key] = sum(days.map((d) => d[key]));
  return {
    range: { from: input.days[0], to: input.days[input.days.length - 1], days: input.days.length },
    days,
    money: moneyByCurrency(input.days, input.revenue, input.refunds),
    totals,
    countedAt: countedAt.toISOString(),
  };
}

function moneyByCurrency(days: string[], revenue: MoneyDay[], refunds: MoneyDay[]): CurrencyMoney[] {
  const currencies = [...new Set([...revenue, ...refunds].map((m) => m.currency))].sort();
  return currencies.map((currency) => {
    const paid = new Map(revenue.filter((m) => m.currency === currency).map((m) => [m.day, m]));
    const back = new Map(refunds.filter((m) => m.currency === currency).map((m) => [m.day, m]));
    const points = days.map((day) => ({
      day,
      revenueMinor: paid.get(day)?.amountMinor ?? 0,
      refundsMinor: back.get(day)?.amountMinor ?? 0,
      payments: paid.get(day)?.count ?? 0,
      refunds: back.get(day)?.count ?? 0,
    }));
    return {
      currency,
      days: points,
      revenueMinor: sum(points.map((p) => p.revenueMinor)),
      refundsMinor: sum(points.map((p) => p.refundsMinor)),
      payments: sum(points.map((p) => p.payments)),
      refunds: sum(points.map((p) => p.refunds)),
    };
  });
}
