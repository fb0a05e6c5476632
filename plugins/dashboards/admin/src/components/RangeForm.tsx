/**
 * The date range of a dashboard page: a form with the first and last UTC day (or the last 30 days),
 * and the range kept in the address (?from=&to=), so a view can be shared and survives a reload.
 */
import * as React from 'react';
import { Box, Button, Field, Flex, Grid, TextInput } from '@strapi/design-system';
import { useSearchParams } from 'react-router-dom';

export interface RangeInput {
  from?: string;
  to?: string;
}

/** The range in the address, and a function that puts a new one there (blank ends: the default range). */
export function useRangeParams(): [RangeInput, (next: { from: string; to: string }) => void] {
  const [params, setParams] = useSearchParams();
  const range = { from: params.get('from') ?? undefined, to: params.get('to') ?? undefined };
  const apply = (next: { from: string; to: string }) => {
    const query = new URLSearchParams();
    if (next.from) query.set('from', next.from);
    if (next.to) query.set('to', next.to);
    setParams(query);
  };
  return [range, apply];
}

export function RangeForm({ from, to, onApply }: { from: string; to: string; onApply: (range: { from: string; to: string }) => void }) {
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
