/**
 * The Accounts page: find any site account by name, email or username, see its role, standing,
 * sign-up date and therapist verification, and act on it (ban, unban, feature, change the site role),
 * always with a reason. Staff (Editor, Moderator) are invited from here too. The search lives in the
 * address, so a view can be shared.
 */
import * as React from 'react';
import { Badge, Box, Button, Field, Flex, SingleSelect, SingleSelectOption, Td, TextInput, Tr, Typography } from '@strapi/design-system';
import { DateTime } from '@haven/admin-ui/DateTime';
import { countOf } from '@haven/admin-ui/format';
import { Pager, useListParams } from '@haven/admin-ui/Pager';
import { DataTable, ErrorAlert, ListState } from '@haven/admin-ui/States';
import { Layouts, Page } from '@strapi/strapi/admin';
import { useAccounts, type Account } from '../api';
import { ActionModal, type AccountAction, type ActionRequest } from '../components/ActionModal';
import { EraseModal } from '../components/EraseModal';
import { ExportModal } from '../components/ExportModal';
import { InviteModal } from '../components/InviteModal';

const FILTERS = ['q', 'role', 'blocked'] as const;
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

function Row({ account, onAction, onErase, onExport }: { account: Account; onAction(request: ActionRequest): void; onErase(account: Account): void; onExport(account: Account): void }) {
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
        <Typography>
          <DateTime value={account.signedUpAt} timeZone="UTC" dateOnly />
        </Typography>
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
          {/* Issue 20: a copy of everything Haven holds about the person (the privacy plugin's admin routes). */}
          <Button size="S" variant="tertiary" onClick={() => onExport(account)} aria-label={`Export data: ${name}`}>
            Export data
          </Button>
          {/* Issue 20: schedule (or cancel) the erasure of the account (the privacy plugin's admin routes). */}
          <Button size="S" variant="danger-light" onClick={() => onErase(account)} aria-label={`Erase: ${name}`}>
            Erase
          </Button>
        </Flex>
      </Td>
    </Tr>
  );
}

export function AccountsPage() {
  const { params, page, setPage, query, setFilter, valueOf } = useListParams(FILTERS, 25);
  const [draft, setDraft] = React.useState(params.get('q') ?? '');
  const [request, setRequest] = React.useState<ActionRequest | null>(null);
  const [inviting, setInviting] = React.useState(false);
  const [erasing, setErasing] = React.useState<Account | null>(null);
  const [exporting, setExporting] = React.useState<Account | null>(null);
  // Exports asked for on this page and not finished yet, by account: reopening "Export data" follows the same one.
  const [exportJobs, setExportJobs] = React.useState<Readonly<Record<number, string>>>({});
  const rememberExport = React.useCallback((userId: number, jobId: string | null) => {
    setExportJobs((jobs) => {
      if ((jobs[userId] ?? null) === jobId) return jobs;
      const next = { ...jobs };
      if (jobId) next[userId] = jobId;
      else delete next[userId];
      return next;
    });
  }, []);
  const { body, error, isLoading, reload } = useAccounts(query);
  const data = body?.data ?? [];
  const pagination = body?.meta.pagination;

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
                <SingleSelect value={valueOf('role')} onChange={(v) => setFilter('role', String(v))}>
                  <SingleSelectOption value="any">Any role</SingleSelectOption>
                  <SingleSelectOption value="client">Clients</SingleSelectOption>
                  <SingleSelectOption value="therapist">Therapists</SingleSelectOption>
                </SingleSelect>
              </Field.Root>
              <Field.Root name="blocked" id="accounts-blocked">
                <Field.Label>Standing</Field.Label>
                <SingleSelect value={valueOf('blocked')} onChange={(v) => setFilter('blocked', String(v))}>
                  <SingleSelectOption value="any">Anyone</SingleSelectOption>
                  <SingleSelectOption value="false">Not banned</SingleSelectOption>
                  <SingleSelectOption value="true">Banned</SingleSelectOption>
                </SingleSelect>
              </Field.Root>
              <Button type="submit">Search</Button>
            </Flex>
          </form>
        </Box>

        {error ? <ErrorAlert message={error} onRetry={reload} /> : null}

        {pagination ? (
          <Box marginBottom={3} aria-live="polite">
            <Typography textColor="neutral700">{countOf(pagination.total, 'account')}</Typography>
          </Box>
        ) : null}

        <ListState isLoading={isLoading} count={data.length} loading="Loading accounts…" empty="No account matches this search.">
          <DataTable columns={COLUMNS} label="Site accounts" rowCount={data.length}>
            {data.map((account) => (
              <Row key={account.userId} account={account} onAction={setRequest} onErase={setErasing} onExport={setExporting} />
            ))}
          </DataTable>
        </ListState>

        <Pager page={page} pageCount={pagination?.pageCount ?? 1} onPage={setPage} previous="Newer" next="Older" />
      </Layouts.Content>
      <ActionModal
        request={request}
        onClose={() => setRequest(null)}
        onDone={() => {
          setRequest(null);
          reload();
        }}
      />
      <EraseModal
        account={erasing}
        onClose={() => setErasing(null)}
        onDone={() => {
          setErasing(null);
          reload();
        }}
      />
      <ExportModal account={exporting} jobId={exporting ? (exportJobs[exporting.userId] ?? null) : null} onJob={rememberExport} onClose={() => setExporting(null)} />
      {inviting ? <InviteModal onClose={() => setInviting(false)} /> : null}
    </Page.Main>
  );
}
