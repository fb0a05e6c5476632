/**
 * The Therapist applications page: tabs (waiting, approved, rejected, expiring) with their counts, a
 * table with flags as badges, a side panel with one application's details and document, and the
 * decision dialog. The tab, page and selected application live in the address, so a view can be shared.
 */
import * as React from 'react';
import { Box, Button, EmptyStateLayout, Flex, Grid, Loader, Table, Tabs, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { Layouts, Page, useRBAC } from '@strapi/strapi/admin';
import { useSearchParams } from 'react-router-dom';
import { APPLICATION_TABS } from '@haven/shared/applications';
import { formatDay, formatInstant, useApplications, waitingText, type ApplicationDecision, type ApplicationTab, type ApplicationView } from '../api';
import { DecisionModal } from '../components/DecisionModal';
import { DetailPanel } from '../components/DetailPanel';
import { FlagBadges, StatusBadge } from '../components/FlagBadges';
import { PERMISSIONS } from '../permissions';

const TAB_LABELS: Record<ApplicationTab, string> = { waiting: 'Waiting', approved: 'Approved', rejected: 'Rejected', expiring: 'Expiring' };
const COLUMNS = ['Name', 'Email', 'Licence', 'Jurisdiction', 'Expires', 'Submitted', 'Waiting', 'Status', 'Flags', 'Actions'];

const isTab = (value: string | null): value is ApplicationTab => APPLICATION_TABS.some((tab) => tab === value);

function Row({ application, selected, onOpen }: { application: ApplicationView; selected: boolean; onOpen(): void }) {
  return (
    <Tr style={selected ? { background: 'var(--strapi-primary-100, #f0f0ff)' } : undefined}>
      <Td>
        <Typography fontWeight="semiBold">{application.displayName}</Typography>
      </Td>
      <Td>
        <Typography>{application.email ?? '—'}</Typography>
      </Td>
      <Td>
        <Typography>{application.licenceNumber}</Typography>
      </Td>
      <Td>
        <Typography>{application.licenceJurisdiction}</Typography>
      </Td>
      <Td>
        <Typography>{formatDay(application.licenceExpiry)}</Typography>
      </Td>
      <Td>
        <Typography>{formatInstant(application.submittedAt)}</Typography>
      </Td>
      <Td>
        <Typography>{waitingText(application.waitingDays)}</Typography>
      </Td>
      <Td>
        <StatusBadge status={application.status} />
      </Td>
      <Td style={{ whiteSpace: 'normal', maxWidth: '16rem' }}>
        <FlagBadges application={application} />
      </Td>
      <Td>
        <Button variant="tertiary" onClick={onOpen} aria-label={`Review ${application.displayName}`}>
          Review
        </Button>
      </Td>
    </Tr>
  );
}

export function ApplicationsPage() {
  const [params, setParams] = useSearchParams();
  const tab: ApplicationTab = isTab(params.get('tab')) ? (params.get('tab') as ApplicationTab) : 'waiting';
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const selected = params.get('id');
  const [generation, setGeneration] = React.useState(0);
  const [deciding, setDeciding] = React.useState<{ application: ApplicationView; decision: ApplicationDecision } | null>(null);
  const { data, meta, error, isLoading } = useApplications(tab, page, generation);
  const { allowedActions } = useRBAC({ review: PERMISSIONS.review });
  const canReview = Boolean(allowedActions.canReview);

  const update = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value === null) next.delete(key);
      else next.set(key, value);
    }
    setParams(next);
  };
  const waiting = meta?.counts.waiting;
  const subtitle = waiting === undefined ? 'Licences to verify before therapists are listed' : `${waiting} application${waiting === 1 ? '' : 's'} waiting`;

  const body = (
    <Box paddingTop={6}>
      {error ? (
        <Box role="alert" background="danger100" padding={4} hasRadius marginBottom={4}>
          <Typography textColor="danger700">{error}</Typography>
        </Box>
      ) : null}
      <Grid.Root gap={4}>
        <Grid.Item col={selected ? 8 : 12} s={12} direction="column" alignItems="stretch">
          {isLoading && !data.length ? (
            <Flex justifyContent="center" padding={8} role="status">
              <Loader>Loading applications…</Loader>
            </Flex>
          ) : data.length === 0 ? (
            <Box background="neutral0" hasRadius shadow="tableShadow">
              <EmptyStateLayout content={`No ${TAB_LABELS[tab].toLowerCase()} applications.`} />
            </Box>
          ) : (
            <Table colCount={COLUMNS.length} rowCount={data.length + 1} aria-label={`${TAB_LABELS[tab]} applications`}>
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
                {data.map((a) => (
                  <Row key={a.id} application={a} selected={a.id === selected} onOpen={() => update({ id: a.id })} />
                ))}
              </Tbody>
            </Table>
          )}
          {meta && meta.pagination.pageCount > 1 ? (
            <Flex justifyContent="space-between" marginTop={4} tag="nav" aria-label="Pages">
              <Button variant="tertiary" disabled={page <= 1} onClick={() => update({ page: String(page - 1) })}>
                Previous
              </Button>
              <Typography>
                Page {page} of {meta.pagination.pageCount}
              </Typography>
              <Button variant="tertiary" disabled={page >= meta.pagination.pageCount} onClick={() => update({ page: String(page + 1) })}>
                Next
              </Button>
            </Flex>
          ) : null}
        </Grid.Item>
        {selected ? (
          <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
            <DetailPanel id={selected} generation={generation} canReview={canReview} onDecide={(application, decision) => setDeciding({ application, decision })} onClose={() => update({ id: null })} />
          </Grid.Item>
        ) : null}
      </Grid.Root>
    </Box>
  );

  return (
    <Page.Main>
      <Page.Title>Therapist applications</Page.Title>
      <Layouts.Header title="Therapist applications" subtitle={subtitle} />
      <Layouts.Content>
        <Tabs.Root variant="simple" value={tab} onValueChange={(value) => update({ tab: value === 'waiting' ? null : value, page: null, id: null })}>
          <Tabs.List aria-label="Applications by status">
            {APPLICATION_TABS.map((t) => (
              <Tabs.Trigger key={t} value={t}>
                {TAB_LABELS[t]}
                {meta ? ` (${meta.counts[t]})` : ''}
              </Tabs.Trigger>
            ))}
          </Tabs.List>
          {APPLICATION_TABS.map((t) => (
            <Tabs.Content key={t} value={t}>
              {t === tab ? body : null}
            </Tabs.Content>
          ))}
        </Tabs.Root>
      </Layouts.Content>
      {deciding ? (
        <DecisionModal
          application={deciding.application}
          decision={deciding.decision}
          onClose={() => setDeciding(null)}
          onDone={() => {
            setDeciding(null);
            setGeneration((g) => g + 1);
          }}
        />
      ) : null}
    </Page.Main>
  );
}
