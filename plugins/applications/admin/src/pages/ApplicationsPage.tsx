/**
 * The Therapist applications page: tabs (waiting, approved, rejected, expiring) with their counts, a
 * table with flags as badges, a side panel with one application's details and document, and the
 * decision dialog. The tab, page and selected application live in the address, so a view can be shared.
 */
import * as React from 'react';
import { Box, Button, Grid, Tabs, Td, Tr, Typography } from '@strapi/design-system';
import { formatDay, formatInstant } from '@haven/admin-ui/format';
import { Pager } from '@haven/admin-ui/Pager';
import { DataTable, ErrorAlert, ListState } from '@haven/admin-ui/States';
import { Layouts, Page, useRBAC } from '@strapi/strapi/admin';
import { useSearchParams } from 'react-router-dom';
import { APPLICATION_TABS } from '@haven/shared/applications';
import { useApplications, waitingText, type ApplicationDecision, type ApplicationTab, type ApplicationView } from '../api';
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
  const list = useApplications(tab, page, generation);
  const { error, isLoading } = list;
  const data = list.body?.data ?? [];
  const meta = list.body?.meta;
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
      {error ? <ErrorAlert message={error} /> : null}
      <Grid.Root gap={4}>
        <Grid.Item col={selected ? 8 : 12} s={12} direction="column" alignItems="stretch">
          <ListState isLoading={isLoading} count={data.length} loading="Loading applications…" empty={`No ${TAB_LABELS[tab].toLowerCase()} applications.`}>
            <DataTable columns={COLUMNS} label={`${TAB_LABELS[tab]} applications`} rowCount={data.length}>
              {data.map((a) => (
                <Row key={a.id} application={a} selected={a.id === selected} onOpen={() => update({ id: a.id })} />
              ))}
            </DataTable>
          </ListState>
          <Pager page={page} pageCount={meta?.pagination.pageCount ?? 1} onPage={(target) => update({ page: String(target) })} />
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
