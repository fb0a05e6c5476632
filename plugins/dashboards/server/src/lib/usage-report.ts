/**
 * The usage dashboard's answer, assembled from the owners' per-day aggregates: every day of the range
 * present (0 where nothing happened), totals over the range, money per currency in integer minor
 * units. Counts and sums only: nothing in it says who. Pure (no Strapi), unit-tested; the answer's types live in
 * @haven/shared/usage, where the admin page reads them too.
 */
import type { SessionCounts } from '@haven/plugin-booking/public';
import type { MoneyDay, OutstandingMoney as OutstandingInput } from '@haven/plugin-payments/public';
import {
  SESSION_SERIES,
  isoWeekStart,
  type CurrencyMoney,
  type DayCount,
  type MoneyPoint,
  type OutstandingMoney,
  type SessionSeries,
  type UsageDay,
  type UsageReport,
  type UsageWeek,
} from '@haven/shared/usage';

export { SESSION_SERIES };
export type { CurrencyMoney, MoneyPoint, OutstandingMoney, SessionSeries, UsageDay, UsageReport, UsageWeek };

export interface UsageInputs {
  days: string[];
  signups: DayCount[];
  sessions: SessionCounts;
  revenue: MoneyDay[];
  refunds: MoneyDay[];
  /** People active per day. */
  active: DayCount[];
  /** Different people active per ISO week (`day` is the Monday). */
  activeWeeks: DayCount[];
  /** Different people active at all in the range. */
  activePeople: number;
  outstanding: OutstandingInput;
}

const byDay = (counts: DayCount[]) => new Map(counts.map((c) => [c.day, c.count]));
const sum = (values: number[]) => values.reduce((total, n) => total + n, 0);

export function usageReport(input: UsageInputs, countedAt: Date): UsageReport {
  const signups = byDay(input.signups);
  const active = byDay(input.active);
  const sessions = SESSION_SERIES.map((series) => [series, byDay(input.sessions[series])] as const);
  const days: UsageDay[] = input.days.map((day) => {
    const row: UsageDay = { day, signups: signups.get(day) ?? 0, active: active.get(day) ?? 0, booked: 0, held: 0, cancelled: 0, declined: 0, noShow: 0 };
    for (const [series, counts] of sessions) row[series] = counts.get(day) ?? 0;
    return row;
  });
  const totals: UsageReport['totals'] = { signups: 0, active: input.activePeople, booked: 0, held: 0, cancelled: 0, declined: 0, noShow: 0 };
  for (const key of ['signups', ...SESSION_SERIES] as const) totals[key] = sum(days.map((d) => d[key]));
  return {
    range: { from: input.days[0], to: input.days[input.days.length - 1], days: input.days.length },
    days,
    money: moneyByCurrency(input.days, input.revenue, input.refunds),
    weeks: weeksOf(input.days, input.activeWeeks),
    outstanding: outstandingByCurrency(input.days, input.outstanding),
    totals,
    countedAt: countedAt.toISOString(),
  };
}

/** Every ISO week that overlaps the days, Monday first, 0 where nobody was active. */
function weeksOf(days: string[], counts: DayCount[]): UsageWeek[] {
  const active = byDay(counts);
  const mondays = [...new Set(days.map(isoWeekStart))];
  return mondays.map((week) => ({ week, active: active.get(week) ?? 0 }));
}

/** Outstanding direct payments per currency now, with those created on each day of the range. */
function outstandingByCurrency(days: string[], input: OutstandingInput): OutstandingMoney[] {
  return [...input.now]
    .sort((a, b) => a.currency.localeCompare(b.currency))
    .map((now) => {
      const created = new Map(input.created.filter((m) => m.currency === now.currency).map((m) => [m.day, m]));
      return {
        currency: now.currency,
        count: now.count,
        amountMinor: now.amountMinor,
        days: days.map((day) => ({ day, count: created.get(day)?.count ?? 0, amountMinor: created.get(day)?.amountMinor ?? 0 })),
      };
    });
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
