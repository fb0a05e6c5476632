/** One alias: status, warnings, posts and replies with their statuses and flags, past actions. */
import * as React from 'react';
import { Box, Button, Flex, Grid, Link, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { ArrowLeft, Eye } from '@strapi/icons';
import { Layouts, Page } from '@strapi/strapi/admin';
import { NavLink, useParams } from 'react-router-dom';
import { DateTime } from '@haven/admin-ui/DateTime';
import { Empty, ErrorAlert, Loading } from '@haven/admin-ui/States';
import { PLUGIN_ID } from '../pluginId';
import { paths, useResource, type AliasDetails } from '../api';
import { ActionModal, type ActionRequest } from '../components/ActionModal';
import { StatusBadge } from '../components/common';
import { LogTable } from '../components/LogTable';
import { RevealModal } from '../components/RevealModal';
import { targetLabel } from '../labels';
import { useModerationRights } from './useModerationRights';

export function AliasPage() {
  const { alias = '' } = useParams();
  const details = useResource<AliasDetails>(alias ? paths.alias(alias) : null);
  const { canAct, isSuperAdmin } = useModerationRights();
  const [request, setRequest] = React.useState<ActionRequest | null>(null);
  const [revealing, setRevealing] = React.useState<string | null>(null);
  const data = details.data;

  return (
    <Page.Main aria-busy={details.isLoading}>
      <Page.Title>{`Moderation: ${alias}`}</Page.Title>
      <Layouts.Header
        navigationAction={
          <Link tag={NavLink} to={`/plugins/${PLUGIN_ID}`} startIcon={<ArrowLeft />}>
            Back to moderation
          </Link>
        }
        title={alias}
        subtitle="Alias history: posts, replies and past moderation actions"
        primaryAction={
          data ? (
            <Flex gap={2} wrap="wrap">
              {canAct ? (
                <>
                  <Button variant="secondary" onClick={() => setRequest({ action: 'warn', alias: data.alias })}>
                    Warn
                  </Button>
                  <Button variant="secondary" onClick={() => setRequest({ action: 'silence', alias: data.alias })}>
                    Silence
                  </Button>
                  <Button variant="danger-light" onClick={() => setRequest({ action: 'suspend', alias: data.alias })}>
                    Suspend
                  </Button>
                  {data.status && data.status !== 'active' ? (
                    <Button variant="success-light" onClick={() => setRequest({ action: 'reinstate', alias: data.alias })}>
                      Reinstate
                    </Button>
                  ) : null}
                </>
              ) : null}
              {isSuperAdmin ? (
                <Button variant="tertiary" startIcon={<Eye />} onClick={() => setRevealing(data.alias)}>
                  Reveal account
                </Button>
              ) : null}
            </Flex>
          ) : undefined
        }
      />
      <Layouts.Content>
        {details.isLoading && !data ? (
          <Loading>{`Loading the history of ${alias}…`}</Loading>
        ) : details.error && !data ? (
          <ErrorAlert title={`The history of ${alias} could not be loaded`} message={details.error} onRetry={details.reload} />
        ) : data ? (
          <Flex direction="column" alignItems="stretch" gap={8}>
            <Box background="neutral0" hasRadius shadow="tableShadow" padding={6}>
              <Grid.Root gap={4}>
                <Grid.Item col={3} s={6} xs={12} direction="column" alignItems="flex-start">
                  <Typography variant="sigma" textColor="neutral600" tag="p">
                    Status
                  </Typography>
                  <StatusBadge status={data.status} />
                  {data.statusUntil ? (
                    <Typography variant="pi" textColor="neutral700">
                      until <DateTime value={data.statusUntil} />
                    </Typography>
                  ) : null}
                </Grid.Item>
                <Grid.Item col={3} s={6} xs={12} direction="column" alignItems="flex-start">
                  <Typography variant="sigma" textColor="neutral600" tag="p">
                    Warnings
                  </Typography>
                  <Typography>{data.warnings ?? 0}</Typography>
                </Grid.Item>
                <Grid.Item col={3} s={6} xs={12} direction="column" alignItems="flex-start">
                  <Typography variant="sigma" textColor="neutral600" tag="p">
                    Member since
                  </Typography>
                  <Typography>
                    <DateTime value={data.memberSince} />
                  </Typography>
                </Grid.Item>
                <Grid.Item col={3} s={6} xs={12} direction="column" alignItems="flex-start">
                  <Typography variant="sigma" textColor="neutral600" tag="p">
                    Status reason
                  </Typography>
                  <Typography>{data.statusReason || '—'}</Typography>
                </Grid.Item>
                <Grid.Item col={12} direction="column" alignItems="flex-start">
                  <Typography variant="sigma" textColor="neutral600" tag="p">
                    All aliases of this member (this lookup is written to the moderation log)
                  </Typography>
                  <Typography>{data.aliases?.length ? data.aliases.join(' → ') : data.alias}</Typography>
                </Grid.Item>
              </Grid.Root>
            </Box>

            <Flex direction="column" alignItems="stretch" gap={3} tag="section" aria-labelledby="alias-history">
              <Typography tag="h2" variant="delta" id="alias-history">
                Posts and replies
              </Typography>
              {data.history?.length ? (
                <Table colCount={6} rowCount={data.history.length + 1} aria-labelledby="alias-history">
                  <Thead>
                    <Tr>
                      {['Type', 'Title or excerpt', 'Written as', 'Status', 'Flags', 'Written'].map((column) => (
                        <Th key={column}>
                          <Typography variant="sigma">{column}</Typography>
                        </Th>
                      ))}
                    </Tr>
                  </Thead>
                  <Tbody>
                    {data.history.map((item) => (
                      <Tr key={`${item.target}-${item.id}`}>
                        <Td>
                          <Typography>{targetLabel(item.target)}</Typography>
                        </Td>
                        <Td style={{ whiteSpace: 'normal', maxWidth: '40rem' }}>
                          <Typography fontWeight={item.title ? 'semiBold' : undefined}>{item.title || item.excerpt || '—'}</Typography>
                        </Td>
                        <Td>
                          <Typography>{item.alias || data.alias}</Typography>
                        </Td>
                        <Td>
                          <StatusBadge status={item.status} />
                        </Td>
                        <Td>
                          <Typography>{item.flagCount ?? 0}</Typography>
                        </Td>
                        <Td>
                          <Typography>
                            <DateTime value={item.createdAt} />
                          </Typography>
                        </Td>
                      </Tr>
                    ))}
                  </Tbody>
                </Table>
              ) : (
                <Empty>{`${data.alias} has not written anything yet.`}</Empty>
              )}
            </Flex>

            <Flex direction="column" alignItems="stretch" gap={3} tag="section" aria-labelledby="alias-actions">
              <Typography tag="h2" variant="delta" id="alias-actions">
                Past moderation actions
              </Typography>
              {data.actions?.length ? (
                <LogTable entries={data.actions} label={`Moderation actions on ${data.alias}`} showAlias={false} />
              ) : (
                <Empty>No moderation actions yet.</Empty>
              )}
            </Flex>
          </Flex>
        ) : null}
      </Layouts.Content>
      <ActionModal
        request={request}
        onClose={() => setRequest(null)}
        onDone={() => {
          setRequest(null);
          details.reload();
        }}
      />
      <RevealModal alias={revealing} onClose={() => setRevealing(null)} />
    </Page.Main>
  );
}
