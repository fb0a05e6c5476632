/**
 * The home page widget: the last 30 days' key figures (sign-ups, active people, sessions booked, held,
 * cancelled or declined, no-show, revenue and refunds per currency) and the direct payments awaiting
 * confirmation now, each a plain count or amount.
 */
import { Box, Flex, Typography } from '@strapi/design-system';
import { Widget } from '@strapi/strapi/admin';
import { formatCount, formatMinor, useUsage } from '../api';

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <Box padding={2} background="neutral100" hasRadius style={{ flex: '1 1 30%', minWidth: 96 }}>
      <Typography tag="dt" variant="pi" textColor="neutral600">
        {label}
      </Typography>
      <Typography tag="dd" variant="delta" style={{ margin: 0 }}>
        {value}
      </Typography>
    </Box>
  );
}

export function UsageWidget() {
  const { data, error, isLoading } = useUsage({});
  if (isLoading && !data) return <Widget.Loading />;
  if (error || !data) return <Widget.Error>{error ?? undefined}</Widget.Error>;
  const t = data.totals;
  return (
    <Flex tag="dl" wrap="wrap" gap={2} aria-label={`Key figures from ${data.range.from} to ${data.range.to} (UTC)`} style={{ margin: 0 }}>
      <Figure label="Sign-ups" value={formatCount(t.signups)} />
      <Figure label="Active people" value={formatCount(t.active)} />
      <Figure label="Sessions booked" value={formatCount(t.booked)} />
      <Figure label="Sessions held" value={formatCount(t.held)} />
      <Figure label="Cancelled or declined" value={formatCount(t.cancelled + t.declined)} />
      <Figure label="No-show" value={formatCount(t.noShow)} />
      {data.money.map((m) => (
        <Figure key={m.currency} label={`Revenue ${m.currency} (refunds)`} value={`${formatMinor(m.revenueMinor, m.currency)} (${formatMinor(m.refundsMinor, m.currency)})`} />
      ))}
      {data.outstanding.map((o) => (
        <Figure key={`outstanding-${o.currency}`} label={`Direct payments due ${o.currency} (now)`} value={`${formatMinor(o.amountMinor, o.currency)} (${formatCount(o.count)})`} />
      ))}
    </Flex>
  );
}
