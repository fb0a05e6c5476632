/**
 * The decision dialog: approve, reject or ask for more, with a message that is mailed to the
 * applicant and a reason kept in the audit log. Both are required; the server checks them again.
 */
import * as React from 'react';
import { Box, Button, Field, Flex, Modal, Textarea, TextInput, Typography } from '@strapi/design-system';
import { useFetchClient, useNotification } from '@strapi/strapi/admin';
import { errorMessage, paths, type ApplicationDecision, type ApplicationView } from '../api';

const MESSAGE_MAX = 4000;
const REASON_MAX = 1000;

export const DECISION_TEXT: Record<ApplicationDecision, { title: string; button: string; variant: 'success' | 'danger' | 'secondary'; explain: string; placeholder: string }> = {
  approve: { title: 'Approve', button: 'Approve and notify', variant: 'success', explain: 'They will be listed in the directory and can take bookings at once.', placeholder: 'Welcome to Haven: your licence is verified…' },
  reject: { title: 'Reject', button: 'Reject and notify', variant: 'danger', explain: 'They will not be listed. Tell them why, and what they could do.', placeholder: 'We could not verify your licence because…' },
  'more-info': { title: 'Ask for more', button: 'Ask and notify', variant: 'secondary', explain: 'The application waits for them; uploading a document sends it back to review.', placeholder: 'Please upload a clear scan of your current licence…' },
};

interface Props {
  application: ApplicationView;
  decision: ApplicationDecision;
  onClose(): void;
  onDone(): void;
}

export function DecisionModal({ application, decision, onClose, onDone }: Props) {
  const { post } = useFetchClient();
  const { toggleNotification } = useNotification();
  const [message, setMessage] = React.useState('');
  const [reason, setReason] = React.useState('');
  const [errors, setErrors] = React.useState<{ message?: string; reason?: string }>({});
  const [submitError, setSubmitError] = React.useState<string | null>(null);
  const [submitting, setSubmitting] = React.useState(false);
  const text = DECISION_TEXT[decision];

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    if (submitting) return;
    const next: typeof errors = {};
    if (!message.trim()) next.message = 'Write the message the applicant will receive.';
    if (!reason.trim()) next.reason = 'Give a reason for the audit log.';
    setErrors(next);
    if (next.message || next.reason) {
      document.getElementById(next.message ? 'decision-message' : 'decision-reason')?.focus();
      return;
    }
    setSubmitting(true);
    setSubmitError(null);
    try {
      const { data } = await post<{ meta: { mailed: boolean } }>(paths.decision(application.id), { decision, message: message.trim(), reason: reason.trim() });
      toggleNotification({
        type: data.meta.mailed ? 'success' : 'warning',
        message: data.meta.mailed ? `${text.title}: ${application.displayName} was notified by email` : `${text.title}: saved, but the email to ${application.displayName} could not be sent`,
      });
      onDone();
    } catch (error) {
      setSubmitError(errorMessage(error));
      setSubmitting(false);
    }
  }

  return (
    <Modal.Root open onOpenChange={(open) => !open && !submitting && onClose()}>
      <Modal.Content aria-describedby="decision-explanation">
        <form onSubmit={submit} noValidate>
          <Modal.Header closeLabel="Close">
            <Modal.Title>
              {text.title}: {application.displayName}
            </Modal.Title>
          </Modal.Header>
          <Modal.Body>
            <Flex direction="column" alignItems="stretch" gap={5}>
              <Typography id="decision-explanation" tag="p">
                {text.explain} Your message is emailed to {application.email ?? 'the applicant'}.
              </Typography>
              <Field.Root name="message" id="decision-message" required error={errors.message} hint={`Emailed to the applicant and shown on their application page (up to ${MESSAGE_MAX} characters).`}>
                <Field.Label>Message to the applicant</Field.Label>
                <Textarea value={message} maxLength={MESSAGE_MAX} placeholder={text.placeholder} disabled={submitting} onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => setMessage(e.target.value)} />
                <Field.Error />
                <Field.Hint />
              </Field.Root>
              <Field.Root name="reason" id="decision-reason" required error={errors.reason} hint="Kept in the audit log with your name; not sent to the applicant.">
                <Field.Label>Reason</Field.Label>
                <TextInput value={reason} maxLength={REASON_MAX} disabled={submitting} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setReason(e.target.value)} />
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
            <Button type="submit" variant={text.variant} loading={submitting}>
              {text.button}
            </Button>
          </Modal.Footer>
        </form>
      </Modal.Content>
    </Modal.Root>
  );
}
