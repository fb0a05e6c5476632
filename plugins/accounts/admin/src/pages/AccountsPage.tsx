/**
 * The Accounts page: find any site account by name, email or username, see its role, standing,
 * sign-up date and therapist verification, and act on it (ban, unban, feature, change the site role),
 * always with a reason. Staff (Editor, Moderator) are invited from here too. The search lives in the
 * address, so a view can be shared.
 */
import * as React from 'react';
import { Badge, Box, Button, EmptyStateLayout, Field, Flex, Loader, SingleSelect, SingleSelectOption, Table, Tbody, Td, TextInput, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { Layouts, Page } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { useSearchParams } from 'react-router-dom';
import { useAccounts, type Account } from '../api';
import { ActionModal, type AccountAction, type ActionRequest } from '../components/ActionModal';
import { InviteModal } from '../components/InviteModal';

const ANY = 'any';
const COLUMNS = ['Account', 'Role', 'Standing', 'Signed up (UTC)', 'Therapist profile', 'Actions'];

function roleLabel(role: string | null): string {
  if (role === 'client') return 'Client';
  if (role === 'therapist') return 'Therapist';
  return role ?? '—';
}

function verificationLabel(account: Account): string {
  if (!account.therapist) return account.role === 'therapist' ? 'No profile yet (pending)' : '—';
  const status = account.therapist.verificationStatus;
  return status === 'verified' ? 'Verified' : status === 'rejected' ? 'Rejected' : status === 'more-info' ? 'More information asked' : 'Pending verification';
}

function actionsFor(account: Account): { action: AccountAction; label: string }[] {
  const list: { action: AccountAction; label: string }[] = [account.blocked ? { action: 'unban', label: 'Unban' } : { action: 'ban', label: 'Ban' }];
  if (account.therapist?.featured) list.push({ action: 'unfeature', label: 'Stop featuring' });
  else if (account.therapist?.verificationStatus === 'verified') list.push({ action: 'feature', label: 'Feature' });
  if (account.role === 'therapist') list.push({ action: 'make-client', label: 'Make client' });
  else list.push({ action: 'make-therapist', label: 'Make therapist' });
  return list;
}

function Row({ account, when, onAction }: { account: Account; when: (iso: string) => string; onAction(request: ActionRequest): void }) {
  const name = account.displayName || account.username;
  return (
    <Tr>
      <Td>
        <Typography fontWeight="semiBold">{name}</Typography>
        <Typography variant="pi" textColor="neutral600" tag="div">
          {account.email} · {account.username} · #{account.userId}
        </Typography>
      </Td>
      <Td>
        <Typography>{roleLabel(account.role)}</Typography>
      </Td>
      <Td>
        {account.blocked ? (
          <Badge backgroundColor="danger100" textColor="danger700">
            Banned
          </Badge>
        ) : (
          <Typography>{account.confirmed ? 'Active' : 'Email not confirmed'}</Typography>
        )}
      </Td>
      <Td>
        <Typography>{account.signedUpAt ? <time dateTime={account.signedUpAt}>{when(account.signedUpAt)}</time> : '—'}</Typography>
      </Td>
      <Td>
        <Typography>{verificationLabel(account)}</Typography>
        {account.therapist?.featured ? (
          <Typography variant="pi" textColor="primary700" tag="div">
            Featured
          </Typography>
        ) : null}
      </Td>
      <Td>
        <Flex gap={2} wrap="wrap">
          {actionsFor(account).map(({ action, label }) => (
            <Button key={action} size="S" variant={action === 'ban' ? 'danger-light' : 'tertiary'} onClick={() => onAction({ action, account })} aria-label={`${label}: ${name}`}>
              {label}
            </Button>
          ))}
        </Flex>
      </Td>
    </Tr>
  );
}

export function AccountsPage() {
  const [params, setParams] = useSearchParams();
  const { formatDate } = useIntl();
  const [draft, setDraft] = React.useState(params.get('q') ?? '');
  const [request, setRequest] = React.useState<ActionRequest | null>(null);
  const [inviting, setInviting] = React.useState(false);
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const query = new URLSearchParams([...(['q', 'role', 'blocked'] as const).flatMap((f) => (params.get(f) ? [[f, params.get(f)!]] : [])), ['page', String(page)], ['pageSize', '25']]).toString();
  const { data, pagination, error, isLoading, reload } = useAccounts(query);

  const setFilter = (name: 'q' | 'role' | 'blocked' | 'page', value: string) => {
    const next = new URLSearchParams(params);
    if (value.trim() && value !== ANY) next.set(name, value.trim());
    else next.delete(name);
    if (name !== 'page') next.delete('page');
    setParams(next, { replace: name !== 'page' });
  };
  const when = (iso: string) => formatDate(new Date(iso), { dateStyle: 'medium', timeZone: 'UTC' });

  return (
    <Page.Main>
      <Page.Title>Accounts</Page.Title>
      <Layouts.Header
        title="Accounts"
        subtitle="Find any site account, ban or unban it, feature a therapist or change a member's role. Every action asks for a reason and is kept in the audit log."
        primaryAction={<Button onClick={() => setInviting(true)}>Invite staff</Button>}
      />
      <Layouts.Content>
        <Box background="neutral0" hasRadius shadow="tableShadow" padding={5} marginBottom={5}>
          <form
            role="search"
            aria-label="Find accounts"
            onSubmit={(e) => {
              e.preventDefault();
              setFilter('q', draft);
            }}
          >
            <Flex gap={4} alignItems="flex-end" wrap="wrap">
              <Box flex="1" minWidth="16rem">
                <Field.Root name="q" id="accounts-q" hint="Name, email or username, any case (press Enter)">
                  <Field.Label>Search</Field.Label>
                  <TextInput name="q" value={draft} maxLength={100} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setDraft(e.target.value)} />
                  <Field.Hint />
                </Field.Root>
              </Box>
              <Field.Root name="role" id="accounts-role">
                <Field.Label>Role</Field.Label>
                <SingleSelect value={params.get('role') ?? ANY} onChange={(v) => setFilter('role', String(v))}>
                  <SingleSelectOption value={ANY}>Any role</SingleSelectOption>
                  <SingleSelectOption value="client">Clients</SingleSelectOption>
                  <SingleSelectOption value="therapist">Therapists</SingleSelectOption>
                </SingleSelect>
              </Field.Root>
              <Field.Root name="blocked" id="accounts-blocked">
                <Field.Label>Standing</Field.Label>
                <SingleSelect value={params.get('blocked') ?? ANY} onChange={(v) => setFilter('blocked', String(v))}>
                  <SingleSelectOption value={ANY}>Anyone</SingleSelectOption>
                  <SingleSelectOption value="false">Not banned</SingleSelectOption>
                  <SingleSelectOption value="true">Banned</SingleSelectOption>
                </SingleSelect>
              </Field.Root>
              <Button type="submit">Search</Button>
            </Flex>
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
              {pagination.total} account{pagination.total === 1 ? '' : 's'}
            </Typography>
          </Box>
        ) : null}

        {isLoading && !data.length ? (
          <Flex justifyContent="center" padding={8} role="status">
            <Loader>Loading accounts…</Loader>
          </Flex>
        ) : data.length === 0 ? (
          <Box background="neutral0" hasRadius shadow="tableShadow">
            <EmptyStateLayout content="No account matches this search." />
          </Box>
        ) : (
          <Table colCount={COLUMNS.length} rowCount={data.length + 1} aria-label="Site accounts">
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
              {data.map((account) => (
                <Row key={account.userId} account={account} when={when} onAction={setRequest} />
              ))}
            </Tbody>
          </Table>
        )}

        {pagination && pagination.pageCount > 1 ? (
          <Flex justifyContent="space-between" marginTop={4} tag="nav" aria-label="Pages">
            <Button variant="tertiary" disabled={page <= 1} onClick={() => setFilter('page', String(page - 1))}>
              Newer
            </Button>
            <Typography>
              Page {page} of {pagination.pageCount}
            </Typography>
            <Button variant="tertiary" disabled={page >= pagination.pageCount} onClick={() => setFilter('page', String(page + 1))}>
              Older
            </Button>
          </Flex>
        ) : null}
      </Layouts.Content>
      <ActionModal
        request={request}
        onClose={() => setRequest(null)}
        onDone={() => {
          setRequest(null);
          reload();
        }}
      />
      <InviteModal open={inviting} onClose={() => setInviting(false)} />
    </Page.Main>
  );
}
