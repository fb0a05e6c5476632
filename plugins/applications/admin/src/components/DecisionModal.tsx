/**
 * The decision dialog: approve, reject or ask for more, with a message that is mailed to the
 * applicant and a reason kept in the audit log. Both are required; the server checks them again.
 */
import * as React from 'react';
import { Field, Textarea } from '@strapi/design-system';
import { ReasonDialog } from '@haven/admin-ui/ReasonDialog';
import { useFetchClient, useNotification } from '@strapi/strapi/admin';
import { paths, type ApplicationDecision, type ApplicationView } from '../api';

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
  const [messageError, setMessageError] = React.useState<string | undefined>();
  const text = DECISION_TEXT[decision];

  const validate = () => {
    const problem = message.trim() ? undefined : 'Write the message the applicant will receive.';
    setMessageError(problem);
    if (problem) document.getElementById('decision-message')?.focus();
    return !problem;
  };

  return (
    <ReasonDialog
      id="decision"
      title={`${text.title}: ${application.displayName}`}
      explanation={`${text.explain} Your message is emailed to ${application.email ?? 'the applicant'}.`}
      keptIn="in the audit log"
      reasonHint="Kept in the audit log with your name; not sent to the applicant."
      reasonMin={1}
      reasonMax={REASON_MAX}
      singleLine
      submitLabel={text.button}
      submitVariant={text.variant}
      validate={validate}
      onClose={onClose}
      onSubmit={async (reason) => {
        const { data } = await post<{ meta: { mailed: boolean } }>(paths.decision(application.id), { decision, message: message.trim(), reason });
        toggleNotification({
          type: data.meta.mailed ? 'success' : 'warning',
          message: data.meta.mailed ? `${text.title}: ${application.displayName} was notified by email` : `${text.title}: saved, but the email to ${application.displayName} could not be sent`,
        });
        onDone();
      }}
    >
      <Field.Root name="message" id="decision-message" required error={messageError} hint={`Emailed to the applicant and shown on their application page (up to ${MESSAGE_MAX} characters).`}>
        <Field.Label>Message to the applicant</Field.Label>
        <Textarea value={message} maxLength={MESSAGE_MAX} placeholder={text.placeholder} onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => setMessage(e.target.value)} />
        <Field.Error />
        <Field.Hint />
      </Field.Root>
    </ReasonDialog>
  );
}
