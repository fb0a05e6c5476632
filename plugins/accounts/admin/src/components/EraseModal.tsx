/**
 * "Erase this account" (issue 20): staff schedule the erasure of a site account (after the same grace
 * period a person gets, or now for a request staff have verified), or cancel one that is scheduled.
 * Served by the privacy plugin (admin routes under /privacy, plugin::privacy.erase: super admins);
 * the reason is kept in the audit log.
 */
import * as React from 'react';
import { Button, Field, Modal, SingleSelect, SingleSelectOption, Typography } from '@strapi/design-system';
import { useFetchClient, useNotification } from '@strapi/strapi/admin';
import { DateTime } from '@haven/admin-ui/DateTime';
import { ReasonDialog } from '@haven/admin-ui/ReasonDialog';
import { ErrorAlert, Loading } from '@haven/admin-ui/States';
import { errorMessage, useAdminQuery } from '@haven/admin-ui/query';
import type { ErasureCommunityChoice, ErasureStatus } from '@haven/shared/erasure';
import type { Account } from '../api';

const FORBIDDEN = 'Only super admins can erase accounts.';
const erasurePath = (userId: number) => `/privacy/accounts/${userId}/erasure`;

type When = 'grace' | 'now';

/** A due date as the Accounts page states its times: UTC, said so. */
const DueAt = ({ value }: { value: string | null }) => (
  <>
    <DateTime value={value} timeZone="UTC" /> UTC
  </>
);

export function EraseModal({ account, onClose, onDone }: { account: Account | null; onClose(): void; onDone(): void }) {
  if (!account) return null;
  return <EraseDialog key={account.userId} account={account} onClose={onClose} onDone={onDone} />;
}

/** Before the account's erasure state is known (or when it cannot be read): no form to send by mistake. */
function StateDialog({ title, onClose, children }: { title: string; onClose(): void; children: React.ReactNode }) {
  return (
    <Modal.Root open onOpenChange={(open) => !open && onClose()}>
      <Modal.Content>
        <Modal.Header closeLabel="Close">
          <Modal.Title>{title}</Modal.Title>
        </Modal.Header>
        <Modal.Body>{children}</Modal.Body>
        <Modal.Footer>
          <Modal.Close>
            <Button variant="tertiary">Close</Button>
          </Modal.Close>
        </Modal.Footer>
      </Modal.Content>
    </Modal.Root>
  );
}

function EraseDialog({ account, onClose, onDone }: { account: Account; onClose(): void; onDone(): void }) {
  const { post } = useFetchClient();
  const { toggleNotification } = useNotification();
  const status = useAdminQuery<{ data: ErasureStatus }>(erasurePath(account.userId), { forbidden: FORBIDDEN });
  const [when, setWhen] = React.useState<When>('grace');
  const [community, setCommunity] = React.useState<ErasureCommunityChoice>('keep-as-former-member');
  // Once scheduled, the dialog stays open on the date (a notification would vanish before it is read).
  const [scheduledFor, setScheduledFor] = React.useState<string | null>(null);
  const name = account.displayName || account.username;
  const scheduled = status.body?.data.state === 'scheduled' ? status.body.data : null;

  if (!status.body) {
    // Offering "Schedule" before knowing whether one is already scheduled would only earn a 409.
    return (
      <StateDialog title={`Erase ${name}`} onClose={onClose}>
        {status.error ? <ErrorAlert message={errorMessage(status.error, FORBIDDEN)} onRetry={status.reload} /> : <Loading>Checking whether an erasure is already scheduled…</Loading>}
      </StateDialog>
    );
  }

  if (scheduled && !scheduledFor) {
    return (
      <ReasonDialog
        id="account-erasure"
        title={`Cancel the erasure of ${name}`}
        explanation={
          <>
            {name} is due to be erased on <DueAt value={scheduled.dueAt} />. Cancelling the erasure keeps the account as it is; they are told by mail.
          </>
        }
        keptIn="in the audit log"
        submitLabel="Cancel the erasure"
        closeLabel="Keep it scheduled"
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
      onClose={scheduledFor ? onDone : onClose}
      onSubmit={async (reason) => {
        const { data } = await post<{ data: { dueAt: string } }>(erasurePath(account.userId), { reason, when, community });
        if (when === 'now') {
          toggleNotification({ type: 'success', message: `${name} is being erased` });
          onDone();
          return;
        }
        setScheduledFor(data.data.dueAt);
      }}
      result={
        scheduledFor ? (
          <Typography role="status" tag="p">
            Scheduled: {name} will be erased on <DueAt value={scheduledFor} />. They were signed out and mailed the date; logging in before then cancels it, and so can you from
            “Erase”.
          </Typography>
        ) : undefined
      }
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
