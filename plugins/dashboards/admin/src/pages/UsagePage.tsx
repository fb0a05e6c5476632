/**
 * The Dashboards page: usage over a range of UTC days (the last 30 by default), one chart per series
 * with its table view and a sentence saying what it shows. The range lives in the address, so a view
 * can be shared and survives a reload.
 */
import * as React from 'react';
import { Box, Button, Field, Flex, Grid, Loader, TextInput, Typography } from '@strapi/design-system';
import { Layouts, Page } from '@strapi/strapi/admin';
import { useSearchParams } from 'react-router-dom';
import { useUsage } from '../api';
import { SeriesChart } from '../components/SeriesChart';
import { usageCharts } from './usage-charts';

function RangeForm({ from, to, onApply }: { from: string; to: string; onApply: (range: { from: string; to: string }) => void }) {
  const [draft, setDraft] = React.useState({ from, to });
  React.useEffect(() => setDraft({ from, to }), [from, to]);
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    onApply(draft);
  };
  return (
    <Box tag="form" onSubmit={submit} aria-label="Date range" background="neutral0" padding={4} shadow="tableShadow" hasRadius marginBottom={6}>
      <Grid.Root gap={4}>
        {(['from', 'to'] as const).map((end) => (
          <Grid.Item key={end} col={4} s={6} xs={12} direction="column" alignItems="stretch">
            <Field.Root name={end} id={`range-${end}`} hint={end === 'from' ? 'First day (UTC)' : 'Last day, included (UTC)'}>
              <Field.Label>{end === 'from' ? 'From' : 'To'}</Field.Label>
              <TextInput type="date" value={draft[end]} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setDraft((d) => ({ ...d, [end]: e.target.value }))} />
              <Field.Hint />
            </Field.Root>
          </Grid.Item>
        ))}
        <Grid.Item col={4} s={12} xs={12} alignItems="flex-end">
          <Flex gap={2} paddingTop={6}>
            <Button type="submit">Show</Button>
            <Button type="button" variant="tertiary" onClick={() => onApply({ from: '', to: '' })}>
              Last 30 days
            </Button>
          </Flex>
        </Grid.Item>
      </Grid.Root>
    </Box>
  );
}

export function UsagePage() {
  const [params, setParams] = useSearchParams();
  const range = { from: params.get('from') ?? undefined, to: params.get('to') ?? undefined };
  const { data, error, isLoading } = useUsage(range);
  const apply = (next: { from: string; to: string }) => {
    const query = new URLSearchParams();
    if (next.from) query.set('from', next.from);
    if (next.to) query.set('to', next.to);
    setParams(query);
  };
  return (
    <Page.Main>
      <Page.Title>Dashboards</Page.Title>
      <Layouts.Header title="Usage" subtitle="Sign-ups, active people, sessions and money over a range of days: counts only, nobody named" />
      <Layouts.Content>
        <RangeForm from={data?.range.from ?? range.from ?? ''} to={data?.range.to ?? range.to ?? ''} onApply={apply} />
        {error ? (
          <Box role="alert" background="danger100" padding={4} hasRadius marginBottom={4}>
            <Typography textColor="danger700">{error}</Typography>
          </Box>
        ) : null}
        {isLoading && !data ? <Loader>Counting…</Loader> : null}
        {data ? (
          <Flex direction="column" alignItems="stretch" gap={6} aria-busy={isLoading}>
            {usageCharts(data).map((chart) => (
              <SeriesChart key={chart.id} {...chart} />
            ))}
            {data.money.length === 0 ? <Typography textColor="neutral600">No payments or refunds in this range.</Typography> : null}
            <Typography variant="pi" textColor="neutral600">
              Counted at {new Date(data.countedAt).toLocaleString()}; figures are kept for a minute before they are counted again.
            </Typography>
          </Flex>
        ) : null}
      </Layouts.Content>
    </Page.Main>
  );
}
