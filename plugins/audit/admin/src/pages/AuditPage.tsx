/**
 * The Audit log page: every staff action across Haven's plugins, newest first, searchable (who,
 * action, target, reason) and filtered by action, kind of actor and dates. Read-only: entries cannot be
 * changed or removed from here or anywhere else. Filters live in the address, so a view can be shared.
 */
import * as React from 'react';
import { Box, Field, Grid, SingleSelect, SingleSelectOption, Td, TextInput, Tr, Typography } from '@strapi/design-system';
import { DateTime } from '@haven/admin-ui/DateTime';
import { countOf } from '@haven/admin-ui/format';
import { Pager, useListParams } from '@haven/admin-ui/Pager';
import { DataTable, ErrorAlert, ListState } from '@haven/admin-ui/States';
import { Layouts, Page } from '@strapi/strapi/admin';
import { useEntries, type AuditEntry } from '../api';

const FILTERS = ['q', 'action', 'actorKind', 'from', 'to'] as const;
type Filter = (typeof FILTERS)[number];
const ACTOR_KINDS = [
  { value: 'admin', label: 'Admin-panel staff' },
  { value: 'site', label: 'Site staff' },
  { value: 'system', label: 'Haven itself' },
];
const COLUMNS = ['When (UTC)', 'Who', 'Action', 'Target', 'Reason', 'Address'];

/** A labelled text or date input of the filter form. */
function FilterInput({ name, label, hint, type = 'text', value, onCommit }: { name: Filter; label: string; hint?: string; type?: 'text' | 'date'; value: string; onCommit: (name: Filter, value: string) => void }) {
  const [draft, setDraft] = React.useState(value);
  React.useEffect(() => setDraft(value), [value]);
  return (
    <Grid.Item col={type === 'date' ? 2 : 4} s={6} xs={12} direction="column" alignItems="stretch">
      <Field.Root name={name} id={`audit-filter-${name}`} hint={hint}>
        <Field.Label>{label}</Field.Label>
        <TextInput
          name={name}
          type={type}
          value={draft}
          maxLength={100}
          onChange={(e: React.ChangeEvent<HTMLInputElement>) => {
            setDraft(e.target.value);
            if (type === 'date') onCommit(name, e.target.value);
          }}
          onBlur={() => draft !== value && onCommit(name, draft)}
        />
        {hint ? <Field.Hint /> : null}
      </Field.Root>
    </Grid.Item>
  );
}

function Row({ entry }: { entry: AuditEntry }) {
  const details = Object.entries(entry.details).filter(([, value]) => value !== null && value !== '');
  return (
    <Tr>
      <Td>
        <Typography>
          <DateTime value={entry.at} timeZone="UTC" seconds />
        </Typography>
      </Td>
      <Td>
        <Typography>{entry.actor.label}</Typography>
        <Typography variant="pi" textColor="neutral600" tag="div">
          {entry.actor.kind}
          {entry.actor.id !== null ? ` #${entry.actor.id}` : ''}
        </Typography>
      </Td>
      <Td>
        <Typography fontWeight="semiBold">{entry.action}</Typography>
        {details.length ? (
          <Typography variant="pi" textColor="neutral600" tag="div">
            {details.map(([key, value]) => `${key}: ${String(value)}`).join(', ')}
          </Typography>
        ) : null}
      </Td>
      <Td>
        <Typography>{entry.target.type}</Typography>
        <Typography variant="pi" textColor="neutral600" tag="div">
          {entry.target.id}
        </Typography>
      </Td>
      <Td style={{ whiteSpace: 'normal', maxWidth: '24rem' }}>
        <Typography>{entry.reason ?? '—'}</Typography>
      </Td>
      <Td>
        <Typography>{entry.ip ?? '—'}</Typography>
      </Td>
    </Tr>
  );
}

export function AuditPage() {
  const { params, page, setPage, query, setFilter, valueOf } = useListParams(FILTERS, 25);
  const { body, error, isLoading, reload } = useEntries(query);
  const data = body?.data ?? [];
  const pagination = body?.meta.pagination;

  return (
    <Page.Main>
      <Page.Title>Audit log</Page.Title>
      <Layouts.Header title="Audit log" subtitle="Every staff action across Haven: who did what, to what, why, when and from which address. Entries cannot be changed or removed." />
      <Layouts.Content>
        <Box background="neutral0" hasRadius shadow="tableShadow" padding={5} marginBottom={5}>
          <form
            aria-label="Search the audit log"
            onSubmit={(e) => {
              e.preventDefault();
              const form = new FormData(e.currentTarget);
              setFilter('q', String(form.get('q') ?? ''));
            }}
          >
            <Grid.Root gap={4}>
              <FilterInput name="q" label="Search" hint="Who, action, target or reason (press Enter)" value={params.get('q') ?? ''} onCommit={setFilter} />
              <FilterInput name="action" label="Action" hint="Exact, e.g. payments.refund" value={params.get('action') ?? ''} onCommit={setFilter} />
              <Grid.Item col={2} s={6} xs={12} direction="column" alignItems="stretch">
                <Field.Root name="actorKind" id="audit-filter-actorKind">
                  <Field.Label>Done by</Field.Label>
                  <SingleSelect value={valueOf('actorKind')} onChange={(v) => setFilter('actorKind', String(v))}>
                    <SingleSelectOption value="any">Anyone</SingleSelectOption>
                    {ACTOR_KINDS.map((kind) => (
                      <SingleSelectOption key={kind.value} value={kind.value}>
                        {kind.label}
                      </SingleSelectOption>
                    ))}
                  </SingleSelect>
                </Field.Root>
              </Grid.Item>
              <FilterInput name="from" label="From" hint="On or after (UTC)" type="date" value={params.get('from') ?? ''} onCommit={setFilter} />
              <FilterInput name="to" label="To" hint="On or before (UTC)" type="date" value={params.get('to') ?? ''} onCommit={setFilter} />
            </Grid.Root>
          </form>
        </Box>

        {error ? <ErrorAlert message={error} onRetry={reload} /> : null}

        {pagination ? (
          <Box marginBottom={3} aria-live="polite">
            <Typography textColor="neutral700">{countOf(pagination.total, 'entry', 'entries')}</Typography>
          </Box>
        ) : null}

        <ListState isLoading={isLoading} count={data.length} loading="Loading the audit log…" empty="No entries match these filters.">
          <DataTable columns={COLUMNS} label="Audit log entries" rowCount={data.length}>
            {data.map((entry) => (
              <Row key={entry.id} entry={entry} />
            ))}
          </DataTable>
        </ListState>

        <Pager page={page} pageCount={pagination?.pageCount ?? 1} onPage={setPage} previous="Newer" next="Older" />
      </Layouts.Content>
    </Page.Main>
  );
}
