/**
 * The one dialog every action on a site account goes through: it says what will happen and asks for
 * a reason (required, kept in the audit log with the staff member's name and address).
 */
import * as React from 'react';
import { Box, Button, Field, Flex, Modal, Textarea, Typography } from '@strapi/design-system';
import { useFetchClient, useNotification } from '@strapi/strapi/admin';
import { errorMessage, paths, REASON_MAX, REASON_MIN, type Account } from '../api';

export type AccountAction = 'ban' | 'unban' | 'feature' | 'unfeature' | 'make-therapist' | 'make-client';

export interface ActionRequest {
  action: AccountAction;
  account: Account;
}

const nameOf = (account: Account) => account.displayName || account.username;

function describe({ action, account }: ActionRequest): { title: string; explanation: string; verb: string; done: string } {
  const name = nameOf(account);
  switch (action) {
    case 'ban':
      return {
        title: `Ban ${name}`,
        explanation: `${name} will be signed out everywhere at once and cannot log in; open chats close. Their upcoming sessions are cancelled, paid ones refunded in full, and the other person is told by mail.`,
        verb: 'Ban',
        done: `${name} is banned`,
      };
    case 'unban':
      return { title: `Unban ${name}`, explanation: `${name} will be able to log in again. Sessions cancelled by the ban stay cancelled.`, verb: 'Unban', done: `${name} can log in again` };
    case 'feature':
      return { title: `Feature ${name}`, explanation: `${name} will be listed first in the therapist directory, with a “Featured” badge.`, verb: 'Feature', done: `${name} is featured` };
    case 'unfeature':
      return { title: `Stop featuring ${name}`, explanation: `${name} will be listed in the directory like everyone else.`, verb: 'Stop featuring', done: `${name} is no longer featured` };
    case 'make-therapist':
      return {
        title: `Make ${name} a therapist`,
        explanation: `${name} becomes a Therapist. They are listed and bookable only once staff have verified their therapist profile; until then they stay pending.`,
        verb: 'Make therapist',
        done: `${name} is a therapist`,
      };
    case 'make-client':
      return {
        title: `Make ${name} a client`,
        explanation: `${name} becomes a Client. A verification they had is withdrawn: they leave the directory and take no new bookings. Sessions already booked stay.`,
        verb: 'Make client',
        done: `${name} is a client`,
      };
  }
}

export function ActionModal({ request, onClose, onDone }: { request: ActionRequest | null; onClose(): void; onDone(): void }) {
  const { post, put } = useFetchClient();
  const { toggleNotification } = useNotification();
  const [reason, setReason] = React.useState('');
  const [reasonError, setReasonError] = React.useState<string | undefined>();
  const [submitError, setSubmitError] = React.useState<string | null>(null);
  const [submitting, setSubmitting] = React.useState(false);

  // A fresh form for every request.
  React.useEffect(() => {
    setReason('');
    setReasonError(undefined);
    setSubmitError(null);
    setSubmitting(false);
  }, [request]);

  if (!request) return null;
  const text = describe(request);

  async function send(current: ActionRequest, body: { reason: string }) {
    const id = current.account.userId;
    switch (current.action) {
      case 'ban':
        return post(paths.ban(id), body);
      case 'unban':
        return post(paths.unban(id), body);
      case 'feature':
      case 'unfeature':
        return put(paths.featured(id), { ...body, featured: current.action === 'feature' });
      case 'make-therapist':
      case 'make-client':
        return put(paths.role(id), { ...body, role: current.action === 'make-therapist' ? 'therapist' : 'client' });
    }
  }

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    if (!request || submitting) return;
    const trimmed = reason.trim();
    if (trimmed.length < REASON_MIN) {
      setReasonError(trimmed ? `Please write a little more: at least ${REASON_MIN} characters.` : 'Please give a reason. It is kept in the audit log.');
      document.getElementById('account-reason')?.focus();
      return;
    }
    setSubmitting(true);
    setSubmitError(null);
    try {
      await send(request, { reason: trimmed });
      toggleNotification({ type: 'success', message: text.done });
      onDone();
    } catch (error) {
      setSubmitError(errorMessage(error));
      setSubmitting(false);
    }
  }

  const danger = request.action === 'ban' || request.action === 'make-client';
  return (
    <Modal.Root open onOpenChange={(open) => !open && !submitting && onClose()}>
      <Modal.Content aria-describedby="account-action-explanation">
        <form onSubmit={submit} noValidate>
          <Modal.Header closeLabel="Close">
            <Modal.Title>{text.title}</Modal.Title>
          </Modal.Header>
          <Modal.Body>
            <Flex direction="column" alignItems="stretch" gap={5}>
              <Typography id="account-action-explanation" tag="p">
                {text.explanation}
              </Typography>
              <Field.Root name="reason" id="account-reason" required error={reasonError} hint={`Kept in the audit log, with your name (${REASON_MIN} to ${REASON_MAX} characters).`}>
                <Field.Label>Reason</Field.Label>
                <Textarea
                  value={reason}
                  maxLength={REASON_MAX}
                  disabled={submitting}
                  onChange={(event: React.ChangeEvent<HTMLTextAreaElement>) => {
                    setReason(event.target.value);
                    if (reasonError && event.target.value.trim().length >= REASON_MIN) setReasonError(undefined);
                  }}
                />
                <Field.Error />
                <Field.Hint />
              </Field.Root>
              {submitError ? (
                <Box role="alert" background="danger100" borderColor="danger200" hasRadius padding={3}>
                  <Typography textColor="danger700">{submitError}</Typography>
                </Box>
              ) : null}
            </Flex>
          </Modal.Body>
          <Modal.Footer>
            <Modal.Close>
              <Button variant="tertiary" disabled={submitting}>
                Cancel
              </Button>
            </Modal.Close>
            <Button type="submit" loading={submitting} variant={danger ? 'danger' : 'default'}>
              {text.verb}
            </Button>
          </Modal.Footer>
        </form>
      </Modal.Content>
    </Modal.Root>
  );
}
