/**
 * The home page widget: the last 30 days' key figures (sign-ups, active people, sessions booked, held,
 * cancelled or declined, no-show, revenue and refunds per currency) and the direct payments awaiting
 * confirmation now, each a plain count or amount.
 */
import { Widget } from '@strapi/strapi/admin';
import { formatCount, formatMoney } from '@haven/admin-ui/format';
import { useUsage } from '../api';
import { FigureList } from './FigureList';

export function UsageWidget() {
  const { data, error, isLoading } = useUsage({});
  if (isLoading && !data) return <Widget.Loading />;
  if (error || !data) return <Widget.Error>{error ?? undefined}</Widget.Error>;
  const t = data.totals;
  const figures: [string, string][] = [
    ['Sign-ups', formatCount(t.signups)],
    ['Active people', formatCount(t.active)],
    ['Sessions booked', formatCount(t.booked)],
    ['Sessions held', formatCount(t.held)],
    ['Cancelled or declined', formatCount(t.cancelled + t.declined)],
    ['No-show', formatCount(t.noShow)],
    ...data.money.map((m): [string, string] => [`Revenue ${m.currency} (refunds)`, `${formatMoney(m.revenueMinor, m.currency)} (${formatMoney(m.refundsMinor, m.currency)})`]),
    ...data.outstanding.map((o): [string, string] => [`Direct payments due ${o.currency} (now)`, `${formatMoney(o.amountMinor, o.currency)} (${formatCount(o.count)})`]),
  ];
  return <FigureList figures={figures} label={`Key figures from ${data.range.from} to ${data.range.to} (UTC)`} />;
}
