/**
 * What the usage page draws, from the server's answer: rows, series and the sentence of each chart.
 * Counts stay counts (no percentages of small numbers); money stays in its own currency.
 */
import type { UsageReport } from '../api';
import { formatCount, formatMajor, formatMoney, toMajor } from '@haven/admin-ui/format';
import { COLORS, type SeriesChartProps } from '../components/SeriesChart';

const span = (report: UsageReport) => `from ${report.range.from} to ${report.range.to} (UTC)`;
const plural = (n: number, one: string, many: string) => `${formatCount(n)} ${n === 1 ? one : many}`;

export function usageCharts(report: UsageReport): SeriesChartProps[] {
  const { totals } = report;
  const people: SeriesChartProps = {
    id: 'signups',
    title: 'Sign-ups',
    sentence: `New site accounts per day ${span(report)}: ${plural(totals.signups, 'sign-up', 'sign-ups')} in all.`,
    kind: 'bar',
    rows: report.days.map((d) => ({ day: d.day, signups: d.signups })),
    series: [{ key: 'signups', label: 'Sign-ups', color: COLORS.blue }],
    format: (n) => formatCount(n),
  };
  const active: SeriesChartProps = {
    id: 'active',
    title: 'Active people',
    sentence:
      `People who used the site signed in, per day ${span(report)}: ` +
      `${plural(totals.active, 'different person', 'different people')} in all, each counted once a day.`,
    kind: 'bar',
    rows: report.days.map((d) => ({ day: d.day, active: d.active })),
    series: [{ key: 'active', label: 'Active people', color: COLORS.blue }],
    format: (n) => formatCount(n),
    totalRow: false,
  };
  const busiestWeek = Math.max(0, ...report.weeks.map((w) => w.active));
  const weekly: SeriesChartProps = {
    id: 'active-weekly',
    title: 'Weekly active people',
    sentence:
      `Different people who used the site signed in, per week (Monday to Sunday, UTC) for the ` +
      `${plural(report.weeks.length, 'week', 'weeks')} that touch ${span(report)}, whole weeks; the most in one week: ${formatCount(busiestWeek)}.`,
    kind: 'line',
    rows: report.weeks.map((w) => ({ day: w.week, active: w.active })),
    series: [{ key: 'active', label: 'Active people', color: COLORS.green }],
    format: (n) => formatCount(n),
    period: 'week',
    totalRow: false,
  };
  const sessions: SeriesChartProps = {
    id: 'sessions',
    title: 'Sessions',
    sentence:
      `Sessions per day ${span(report)}: ${plural(totals.booked, 'booked', 'booked')} (on the day of the request), ` +
      `${formatCount(totals.held)} held and ${formatCount(totals.noShow)} no-show (on the session's day), ` +
      `${formatCount(totals.cancelled)} cancelled and ${formatCount(totals.declined)} declined (on the day it happened).`,
    kind: 'line',
    rows: report.days.map(({ day, booked, held, cancelled, declined, noShow }) => ({ day, booked, held, cancelled, declined, noShow })),
    series: [
      { key: 'booked', label: 'Booked', color: COLORS.blue },
      { key: 'held', label: 'Held', color: COLORS.green },
      { key: 'cancelled', label: 'Cancelled', color: COLORS.orange },
      { key: 'declined', label: 'Declined', color: COLORS.grey },
      { key: 'noShow', label: 'No-show', color: COLORS.red },
    ],
    format: (n) => formatCount(n),
  };
  const money = report.money.map(
    (m): SeriesChartProps => ({
      id: `money-${m.currency}`,
      title: `Revenue and refunds in ${m.currency}`,
      sentence:
        `Payments received and refunds paid back per day in ${m.currency} ${span(report)}: ` +
        `${formatMoney(m.revenueMinor, m.currency)} from ${plural(m.payments, 'payment', 'payments')}, ` +
        `${formatMoney(m.refundsMinor, m.currency)} refunded in ${plural(m.refunds, 'refund', 'refunds')}.`,
      kind: 'bar',
      rows: m.days.map((p) => ({ day: p.day, revenue: toMajor(p.revenueMinor, m.currency), refunds: toMajor(p.refundsMinor, m.currency) })),
      series: [
        { key: 'revenue', label: 'Revenue', color: COLORS.green },
        { key: 'refunds', label: 'Refunds', color: COLORS.red },
      ],
      format: (major) => formatMajor(major, m.currency),
    }),
  );
  const outstanding = report.outstanding.map(
    (o): SeriesChartProps => {
      const created = o.days.reduce((sum, d) => sum + d.count, 0);
      return {
        id: `outstanding-${o.currency}`,
        title: `Direct payments awaiting confirmation in ${o.currency}`,
        sentence:
          `Direct payments awaiting confirmation now: ${plural(o.count, 'payment', 'payments')} of ${formatMoney(o.amountMinor, o.currency)} in all, ` +
          `to be marked paid or waived by the therapist or staff. Per day ${span(report)}: the amount of those created that day that still wait (${formatCount(created)} of them).`,
        kind: 'bar',
        rows: o.days.map((p) => ({ day: p.day, amount: toMajor(p.amountMinor, o.currency) })),
        series: [{ key: 'amount', label: 'Awaiting confirmation', color: COLORS.orange }],
        format: (major) => formatMajor(major, o.currency),
      };
    },
  );
  return [people, active, weekly, sessions, ...money, ...outstanding];
}

