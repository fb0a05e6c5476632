/**
 * The Audit log page: every staff action across Haven's plugins, newest first, searchable (who,
 * action, target, reason) and filtered by action, kind of actor and dates. Read-only: entries cannot be
 * changed or removed from here or anywhere else. Filters live in the address, so a view can be shared.
 */
import * as React from 'react';
import { Box, Button, EmptyStateLayout, Field, Flex, Grid, Loader, SingleSelect, SingleSelectOption, Table, Tbody, Td, TextInput, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { Layouts, Page } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { useSearchParams } from 'react-router-dom';
import { useEntries, type AuditEntry } from '../api';

const FILTERS = ['q', 'action', 'actorKind', 'from', 'to'] as const;
type Filter = (typeof FILTERS)[number];
const ANY = 'any';
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

function Row({ entry, when }: { entry: AuditEntry; when: (iso: string) => string }) {
  const details = Object.entries(entry.details).filter(([, value]) => value !== null && value !== '');
  return (
    <Tr>
      <Td>
        <Typography>
          <time dateTime={entry.at}>{when(entry.at)}</time>
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
  const [params, setParams] = useSearchParams();
  const { formatDate } = useIntl();
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const query = new URLSearchParams([...FILTERS.flatMap((f) => (params.get(f) ? [[f, params.get(f)!]] : [])), ['page', String(page)], ['pageSize', '25']]).toString();
  const { data, pagination, error, isLoading, reload } = useEntries(query);

  const setFilter = (name: Filter, value: string) => {
    const next = new URLSearchParams(params);
    if (value.trim() && value !== ANY) next.set(name, value.trim());
    else next.delete(name);
    next.delete('page');
    setParams(next, { replace: true });
  };
  const goTo = (target: number) => {
    const next = new URLSearchParams(params);
    next.set('page', String(target));
    setParams(next);
  };
  const when = (iso: string) => formatDate(new Date(iso), { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'UTC' });

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
                  <SingleSelect value={params.get('actorKind') ?? ANY} onChange={(v) => setFilter('actorKind', String(v))}>
                    <SingleSelectOption value={ANY}>Anyone</SingleSelectOption>
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

        {error ? (
          <Box role="alert" background="danger100" padding={4} hasRadius marginBottom={4}>
            <Flex justifyContent="space-between" gap={4}>
              <Typography textColor="danger700">{error}</Typography>
              <Button variant="danger-light" onClick={reload}>
                Try again
              </Button>
            </Flex>
          </Box>
        ) : null}

        {pagination ? (
          <Box marginBottom={3} aria-live="polite">
            <Typography textColor="neutral700">
              {pagination.total} entr{pagination.total === 1 ? 'y' : 'ies'}
            </Typography>
          </Box>
        ) : null}

        {isLoading && !data.length ? (
          <Flex justifyContent="center" padding={8} role="status">
            <Loader>Loading the audit log…</Loader>
          </Flex>
        ) : data.length === 0 ? (
          <Box background="neutral0" hasRadius shadow="tableShadow">
            <EmptyStateLayout content="No entries match these filters." />
          </Box>
        ) : (
          <Table colCount={COLUMNS.length} rowCount={data.length + 1} aria-label="Audit log entries">
            <Thead>
              <Tr>
                {COLUMNS.map((column) => (
                  <Th key={column} scope="col">
                    <Typography variant="sigma">{column}</Typography>
                  </Th>
                ))}
              </Tr>
            </Thead>
            <Tbody>
              {data.map((entry) => (
                <Row key={entry.id} entry={entry} when={when} />
              ))}
            </Tbody>
          </Table>
        )}

        {pagination && pagination.pageCount > 1 ? (
          <Flex justifyContent="space-between" marginTop={4} tag="nav" aria-label="Pages">
            <Button variant="tertiary" disabled={page <= 1} onClick={() => goTo(page - 1)}>
              Newer
            </Button>
            <Typography>
              Page {page} of {pagination.pageCount}
            </Typography>
            <Button variant="tertiary" disabled={page >= pagination.pageCount} onClick={() => goTo(page + 1)}>
              Older
            </Button>
          </Flex>
        ) : null}
      </Layouts.Content>
    </Page.Main>
  );
}
