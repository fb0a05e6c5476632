/**
 * "Erase this account" (issue 20): staff schedule the erasure of a site account (after the same grace
 * period a person gets, or now for a request staff have verified), or cancel one that is scheduled.
 * Served by the privacy plugin (admin routes under /privacy, plugin::privacy.erase: super admins);
 * the reason is kept in the audit log.
 */
import * as React from 'react';
import { Field, SingleSelect, SingleSelectOption } from '@strapi/design-system';
import { useFetchClient, useNotification } from '@strapi/strapi/admin';
import { ReasonDialog } from '@haven/admin-ui/ReasonDialog';
import { useAdminQuery } from '@haven/admin-ui/query';
import { formatInstant } from '@haven/admin-ui/format';
import type { ErasureCommunityChoice, ErasureStatus } from '@haven/shared/erasure';
import type { Account } from '../api';

const FORBIDDEN = 'Only super admins can erase accounts.';
const erasurePath = (userId: number) => `/privacy/accounts/${userId}/erasure`;

type When = 'grace' | 'now';

export function EraseModal({ account, onClose, onDone }: { account: Account | null; onClose(): void; onDone(): void }) {
  if (!account) return null;
  return <EraseDialog key={account.userId} account={account} onClose={onClose} onDone={onDone} />;
}

function EraseDialog({ account, onClose, onDone }: { account: Account; onClose(): void; onDone(): void }) {
  const { post } = useFetchClient();
  const { toggleNotification } = useNotification();
  const status = useAdminQuery<{ data: ErasureStatus }>(erasurePath(account.userId), { forbidden: FORBIDDEN });
  const [when, setWhen] = React.useState<When>('grace');
  const [community, setCommunity] = React.useState<ErasureCommunityChoice>('keep-as-former-member');
  const name = account.displayName || account.username;
  const scheduled = status.body?.data.state === 'scheduled' ? status.body.data : null;

  if (scheduled) {
    return (
      <ReasonDialog
        id="account-erasure"
        title={`Cancel the erasure of ${name}`}
        explanation={`${name} is due to be erased on ${formatInstant(scheduled.dueAt ?? '')}. Cancelling keeps the account as it is; they are told by mail.`}
        keptIn="in the audit log"
        submitLabel="Cancel the erasure"
        forbidden={FORBIDDEN}
        onClose={onClose}
        onSubmit={async (reason) => {
          await post(`${erasurePath(account.userId)}/cancel`, { reason });
          toggleNotification({ type: 'success', message: `${name} will not be erased` });
          onDone();
        }}
      />
    );
  }

  return (
    <ReasonDialog
      id="account-erasure"
      title={`Erase ${name}`}
      explanation={
        when === 'now'
          ? `${name}'s account and data are erased within a minute: signed out everywhere, upcoming sessions cancelled, messages, journal and profile erased, payments kept without their name. This cannot be undone.`
          : `${name} is signed out everywhere and mailed the date; the account and data are erased after the grace period unless they log in before then.`
      }
      keptIn="in the audit log"
      submitLabel={when === 'now' ? 'Erase now' : 'Schedule the erasure'}
      submitVariant="danger"
      forbidden={FORBIDDEN}
      onClose={onClose}
      onSubmit={async (reason) => {
        const { data } = await post<{ data: { dueAt: string } }>(erasurePath(account.userId), { reason, when, community });
        toggleNotification({ type: 'success', message: when === 'now' ? `${name} is being erased` : `${name} will be erased on ${formatInstant(data.data.dueAt)}` });
        onDone();
      }}
    >
      <Field.Root name="when" id="erasure-when" required hint="Erase now only for a request you have verified (for example a written request from the account's address).">
        <Field.Label>When</Field.Label>
        <SingleSelect value={when} onChange={(value) => setWhen(value === 'now' ? 'now' : 'grace')}>
          <SingleSelectOption value="grace">After the grace period (logging in cancels it)</SingleSelectOption>
          <SingleSelectOption value="now">Now (a request staff verified)</SingleSelectOption>
        </SingleSelect>
        <Field.Hint />
      </Field.Root>
      <Field.Root name="community" id="erasure-community" required>
        <Field.Label>Their community posts and replies</Field.Label>
        <SingleSelect value={community} onChange={(value) => setCommunity(value === 'erase' ? 'erase' : 'keep-as-former-member')}>
          <SingleSelectOption value="keep-as-former-member">Keep them under “Former member”</SingleSelectOption>
          <SingleSelectOption value="erase">Erase them</SingleSelectOption>
        </SingleSelect>
      </Field.Root>
    </ReasonDialog>
  );
}
