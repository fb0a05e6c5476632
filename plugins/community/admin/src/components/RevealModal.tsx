/**
 * Super admins only: shows the account behind an alias. Asks for a reason first; the server logs
 * every reveal. The answer lives only in this dialog and is gone when it closes.
 */
import * as React from 'react';
import { Box, Button, Field, Flex, Modal, Textarea, Typography } from '@strapi/design-system';
import { useFetchClient } from '@strapi/strapi/admin';
import { errorMessage, paths } from '../api';

export function RevealModal({ alias, onClose }: { alias: string | null; onClose(): void }) {
  const { post } = useFetchClient();
  const [reason, setReason] = React.useState('');
  const [reasonError, setReasonError] = React.useState<string | undefined>();
  const [submitError, setSubmitError] = React.useState<string | null>(null);
  const [submitting, setSubmitting] = React.useState(false);
  const [account, setAccount] = React.useState<{ username?: string; email?: string } | null>(null);

  React.useEffect(() => {
    setReason('');
    setReasonError(undefined);
    setSubmitError(null);
    setSubmitting(false);
    setAccount(null);
  }, [alias]);

  if (!alias) return null;

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    if (submitting || !alias) return;
    const trimmed = reason.trim();
    if (trimmed.length < 3) {
      setReasonError(trimmed ? 'Please write a little more: at least 3 characters.' : 'Please give a reason. Every reveal is logged.');
      document.getElementById('reveal-reason')?.focus();
      return;
    }
    setSubmitting(true);
    setSubmitError(null);
    try {
      const { data } = await post<{ data: { username?: string; email?: string } }>(paths.reveal, { alias, reason: trimmed });
      setAccount(data?.data ?? {});
    } catch (error) {
      setSubmitError(errorMessage(error));
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <Modal.Root open onOpenChange={(open) => !open && !submitting && onClose()}>
      <Modal.Content aria-describedby="reveal-explanation">
        <form onSubmit={submit} noValidate>
          <Modal.Header closeLabel="Close">
            <Modal.Title>Reveal the account behind {alias}</Modal.Title>
          </Modal.Header>
          <Modal.Body>
            <Flex direction="column" alignItems="stretch" gap={5}>
              <Typography id="reveal-explanation" tag="p">
                Members post anonymously. Reveal who is behind an alias only when their safety or others’ safety needs it. The reveal and
                your reason are logged.
              </Typography>
              {account ? (
                <Box role="status" background="neutral100" hasRadius padding={4}>
                  <dl>
                    <Flex gap={2}>
                      <Typography tag="dt" fontWeight="bold">Username:</Typography>
                      <Typography tag="dd">{account.username ?? '—'}</Typography>
                    </Flex>
                    <Flex gap={2}>
                      <Typography tag="dt" fontWeight="bold">Email:</Typography>
                      <Typography tag="dd">{account.email ?? '—'}</Typography>
                    </Flex>
                  </dl>
                </Box>
              ) : (
                <Field.Root name="reason" id="reveal-reason" required error={reasonError}>
                  <Field.Label>Reason</Field.Label>
                  <Textarea
                    value={reason}
                    maxLength={500}
                    disabled={submitting}
                    onChange={(event: React.ChangeEvent<HTMLTextAreaElement>) => {
                      setReason(event.target.value);
                      if (reasonError && event.target.value.trim().length >= 3) setReasonError(undefined);
                    }}
                  />
                  <Field.Error />
                </Field.Root>
              )}
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
                {account ? 'Close' : 'Cancel'}
              </Button>
            </Modal.Close>
            {account ? null : (
              <Button type="submit" variant="danger" loading={submitting}>
                Reveal account
              </Button>
            )}
          </Modal.Footer>
        </form>
      </Modal.Content>
    </Modal.Root>
  );
}
