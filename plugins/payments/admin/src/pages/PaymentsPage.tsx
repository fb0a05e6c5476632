/**
 * The Payments page: every payment, filtered by status, provider, therapist, date and "needs review",
 * totals per currency over the filter, and the refund and mark actions for staff allowed to.
 * Filters live in the address, so a filtered view can be shared and survives a reload.
 */
import * as React from 'react';
import { Badge, Box, Button, Checkbox, Field, Flex, Grid, SingleSelect, SingleSelectOption, Td, TextInput, Tr, Typography, VisuallyHidden } from '@strapi/design-system';
import { DateTime } from '@haven/admin-ui/DateTime';
import { formatMoney } from '@haven/admin-ui/format';
import { Pager, useListParams } from '@haven/admin-ui/Pager';
import { errorMessage } from '@haven/admin-ui/query';
import { DataTable, ErrorAlert, ListState } from '@haven/admin-ui/States';
import { Layouts, Page, useFetchClient, useNotification, useRBAC } from '@strapi/strapi/admin';
import type { AdminPaymentView, PaymentStatus } from '@haven/shared/payments';
import { paths, usePayments } from '../api';
import { RefundModal } from '../components/RefundModal';
import { PERMISSIONS } from '../permissions';

const STATUSES: { value: PaymentStatus; label: string }[] = [
  { value: 'pending', label: 'Not paid yet' },
  { value: 'succeeded', label: 'Paid' },
  { value: 'partially_refunded', label: 'Partly refunded' },
  { value: 'refunded', label: 'Refunded' },
  { value: 'failed', label: 'Not paid (failed or closed)' },
];
const PROVIDERS = [
  { value: 'stripe', label: 'Stripe' },
  { value: 'paypal', label: 'PayPal' },
  { value: 'manual', label: 'Direct to therapist' },
];
const FILTERS = ['status', 'provider', 'therapist', 'from', 'to', 'flagged'] as const;
const ALL = 'all';
const COLUMNS = ['Started', 'Client', 'Therapist', 'Amount', 'Provider', 'Status', 'Actions'];

/** Badge colours that keep a 4.5:1 contrast. */
const TONE: Record<string, { backgroundColor: string; textColor: string }> = {
  succeeded: { backgroundColor: 'success100', textColor: 'success700' },
  partially_refunded: { backgroundColor: 'neutral150', textColor: 'neutral800' },
  refunded: { backgroundColor: 'neutral150', textColor: 'neutral800' },
  pending: { backgroundColor: 'warning100', textColor: 'neutral800' },
  failed: { backgroundColor: 'danger100', textColor: 'danger700' },
};

function StatusBadge({ payment }: { payment: AdminPaymentView }) {
  const label = payment.waived ? 'Waived' : (STATUSES.find((s) => s.value === payment.status)?.label ?? payment.status);
  return (
    <Flex gap={1} wrap="wrap">
      <Badge {...(TONE[payment.status] as object)}>{label}</Badge>
      {payment.flagged ? (
        <Badge backgroundColor="danger600" textColor="neutral0">
          Needs review
        </Badge>
      ) : null}
    </Flex>
  );
}

/** One filter of the list: a labelled select whose first choice is "any". */
function FilterSelect({ name, label, anyText, options, value, onChange }: {
  name: 'status' | 'provider' | 'therapist';
  label: string;
  anyText: string;
  options: readonly { value: string; label: string }[];
  value: string | null;
  onChange: (name: 'status' | 'provider' | 'therapist', value: string) => void;
}) {
  return (
    <Grid.Item col={3} s={6} xs={12} direction="column" alignItems="stretch">
      <Field.Root name={name} id={`filter-${name}`}>
        <Field.Label>{label}</Field.Label>
        <SingleSelect value={value ?? ALL} onChange={(v) => onChange(name, String(v))}>
          <SingleSelectOption value={ALL}>{anyText}</SingleSelectOption>
          {options.map((option) => (
            <SingleSelectOption key={option.value} value={option.value}>
              {option.label}
            </SingleSelectOption>
          ))}
        </SingleSelect>
      </Field.Root>
    </Grid.Item>
  );
}

export function PaymentsPage() {
  const { params, page, setPage, query, setFilter } = useListParams(FILTERS, 25, ALL);
  const { post } = useFetchClient();
  const { toggleNotification } = useNotification();
  const { allowedActions } = useRBAC({ refund: PERMISSIONS.refund });
  const canRefund = Boolean(allowedActions.canRefund);
  const { body, error, isLoading, reload } = usePayments(query);
  const data = body?.data ?? [];
  const meta = body?.meta;
  const [refunding, setRefunding] = React.useState<AdminPaymentView | null>(null);

  async function mark(payment: AdminPaymentView, outcome: 'paid' | 'waived') {
    try {
      await post(paths.mark(payment.id), { outcome });
      toggleNotification({ type: 'success', message: outcome === 'paid' ? `Marked as paid: ${payment.payer.displayName}` : `Waived: ${payment.payer.displayName}` });
      reload();
    } catch (err) {
      toggleNotification({ type: 'danger', message: errorMessage(err) });
    }
  }

  return (
    <Page.Main>
      <Page.Title>Payments</Page.Title>
      <Layouts.Header title="Payments" subtitle="Every payment for a session: find one, see where it stands, refund it" />
      <Layouts.Content>
        <Box background="neutral0" hasRadius shadow="tableShadow" padding={5} marginBottom={5}>
          <form aria-label="Filter payments" onSubmit={(e) => e.preventDefault()}>
            <Grid.Root gap={4}>
              <FilterSelect name="status" label="Status" anyText="Any status" options={STATUSES} value={params.get('status')} onChange={setFilter} />
              <FilterSelect name="provider" label="Provider" anyText="Any provider" options={PROVIDERS} value={params.get('provider')} onChange={setFilter} />
              <FilterSelect
                name="therapist"
                label="Therapist"
                anyText="Any therapist"
                options={(meta?.therapists ?? []).map((t) => ({ value: String(t.userId), label: t.displayName }))}
                value={params.get('therapist')}
                onChange={setFilter}
              />
              <Grid.Item col={3} s={6} xs={12} direction="column" alignItems="flex-start" justifyContent="flex-end">
                <Checkbox checked={params.get('flagged') === 'true'} onCheckedChange={(checked: boolean | 'indeterminate') => setFilter('flagged', checked === true ? 'true' : '')}>
                  Needs review only
                </Checkbox>
              </Grid.Item>
              <Grid.Item col={3} s={6} xs={12} direction="column" alignItems="stretch">
                <Field.Root name="from" id="filter-from" hint="Started on or after (UTC)">
                  <Field.Label>From</Field.Label>
                  <TextInput type="date" value={params.get('from') ?? ''} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setFilter('from', e.target.value)} />
                  <Field.Hint />
                </Field.Root>
              </Grid.Item>
              <Grid.Item col={3} s={6} xs={12} direction="column" alignItems="stretch">
                <Field.Root name="to" id="filter-to" hint="Started on or before (UTC)">
                  <Field.Label>To</Field.Label>
                  <TextInput type="date" value={params.get('to') ?? ''} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setFilter('to', e.target.value)} />
                  <Field.Hint />
                </Field.Root>
              </Grid.Item>
            </Grid.Root>
          </form>
        </Box>

        {meta ? (
          <Box marginBottom={5} aria-live="polite">
            <Typography tag="h2" variant="delta">
              Totals for these filters ({meta.totals.count} payment{meta.totals.count === 1 ? '' : 's'})
            </Typography>
            <Flex gap={4} wrap="wrap" marginTop={3}>
              {meta.totals.byCurrency.length === 0 ? <Typography>No payments.</Typography> : null}
              {meta.totals.byCurrency.map((t) => (
                <Box key={t.currency} background="neutral0" hasRadius shadow="tableShadow" padding={4}>
                  <Typography tag="h3" variant="sigma">
                    {t.currency}
                  </Typography>
                  <dl style={{ display: 'grid', gridTemplateColumns: 'auto auto', gap: '0.25rem 1rem', margin: 0 }}>
                    {(
                      [
                        ['Paid', t.paidMinor],
                        ['Refunded', t.refundedMinor],
                        ['Kept', t.netMinor],
                        ['Not paid yet', t.pendingMinor],
                      ] as const
                    ).map(([label, minor]) => (
                      <React.Fragment key={label}>
                        <Typography tag="dt" textColor="neutral700">
                          {label}
                        </Typography>
                        <Typography tag="dd" fontWeight={label === 'Kept' ? 'bold' : undefined} style={{ margin: 0, textAlign: 'right' }}>
                          {formatMoney(minor, t.currency)}
                        </Typography>
                      </React.Fragment>
                    ))}
                  </dl>
                </Box>
              ))}
            </Flex>
          </Box>
        ) : null}

        {error ? <ErrorAlert message={error} onRetry={reload} /> : null}

        <ListState isLoading={isLoading} count={data.length} loading="Loading payments…" empty="No payments match these filters.">
          <DataTable columns={COLUMNS} label="Payments" rowCount={data.length}>
            {data.map((p) => (
              <Tr key={p.id}>
                <Td>
                  <Typography>
                    <DateTime value={p.createdAt} />
                  </Typography>
                  <Typography variant="pi" textColor="neutral600" tag="div">
                    {p.id}
                  </Typography>
                </Td>
                <Td>
                  <Typography>{p.payer.displayName}</Typography>
                </Td>
                <Td>
                  <Typography>{p.therapist.displayName}</Typography>
                </Td>
                <Td>
                  <Typography>{formatMoney(p.amountMinor, p.currency)}</Typography>
                  {p.refundedMinor > 0 ? (
                    <Typography variant="pi" textColor="neutral600" tag="div">
                      refunded {formatMoney(p.refundedMinor, p.currency)}
                    </Typography>
                  ) : null}
                  {p.sessions.length > 1 ? (
                    <Typography variant="pi" textColor="neutral600" tag="div">
                      {p.sessions.length} sessions
                    </Typography>
                  ) : null}
                </Td>
                <Td>
                  <Typography>{PROVIDERS.find((x) => x.value === p.provider)?.label ?? p.provider}</Typography>
                </Td>
                <Td style={{ whiteSpace: 'normal', maxWidth: '18rem' }}>
                  <StatusBadge payment={p} />
                  {p.flagReason ? (
                    <Typography variant="pi" tag="div">
                      {p.flagReason}
                    </Typography>
                  ) : null}
                </Td>
                <Td>
                  <Flex gap={2}>
                    {canRefund && p.canRefund ? (
                      <Button variant="danger-light" size="S" onClick={() => setRefunding(p)}>
                        Refund<VisuallyHidden> {p.payer.displayName}</VisuallyHidden>
                      </Button>
                    ) : null}
                    {canRefund && p.canMark ? (
                      <>
                        <Button variant="secondary" size="S" onClick={() => mark(p, 'paid')}>
                          Mark paid
                        </Button>
                        <Button variant="tertiary" size="S" onClick={() => mark(p, 'waived')}>
                          Waive
                        </Button>
                      </>
                    ) : null}
                  </Flex>
                </Td>
              </Tr>
            ))}
          </DataTable>
        </ListState>

        <Pager page={page} pageCount={meta?.pagination.pageCount ?? 1} onPage={setPage} previous="Newer" next="Older" />
      </Layouts.Content>
      {refunding ? (
        <RefundModal
          payment={refunding}
          onClose={() => setRefunding(null)}
          onDone={() => {
            setRefunding(null);
            reload();
          }}
        />
      ) : null}
    </Page.Main>
  );
}
