/**
 * What the usage page draws, from the server's answer: rows, series and the sentence of each chart.
 * Counts stay counts (no percentages of small numbers); money stays in its own currency.
 */
import type { UsageReport } from '../api';
import { formatCount, formatMajor, formatMinor, toMajor } from '../api';
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
        `${formatMinor(m.revenueMinor, m.currency)} from ${plural(m.payments, 'payment', 'payments')}, ` +
        `${formatMinor(m.refundsMinor, m.currency)} refunded in ${plural(m.refunds, 'refund', 'refunds')}.`,
      kind: 'bar',
      rows: m.days.map((p) => ({ day: p.day, revenue: toMajor(p.revenueMinor, m.currency), refunds: toMajor(p.refundsMinor, m.currency) })),
      series: [
        { key: 'revenue', label: 'Revenue', color: COLORS.green },
        { key: 'refunds', label: 'Refunds', color: COLORS.red },
      ],
      format: (major) => formatMajor(major, m.currency),
    }),
  );
  return [people, sessions, ...money];
}

