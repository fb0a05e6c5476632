/**
 * Inviting staff: an Editor or a Moderator, by email. The invited person receives a link to choose
 * their password; until then their admin account is inactive. The reason is kept in the audit log.
 */
import * as React from 'react';
import { Box, Button, Field, Flex, Modal, SingleSelect, SingleSelectOption, Textarea, TextInput, Typography } from '@strapi/design-system';
import { useFetchClient, useNotification } from '@strapi/strapi/admin';
import { errorMessage, paths, REASON_MAX, REASON_MIN } from '../api';

type StaffRole = 'editor' | 'moderator';

const ROLES: { value: StaffRole; label: string }[] = [
  { value: 'editor', label: 'Editor: writes and publishes library resources' },
  { value: 'moderator', label: 'Moderator: reviews the community queue' },
];

export function InviteModal({ open, onClose }: { open: boolean; onClose(): void }) {
  const { post } = useFetchClient();
  const { toggleNotification } = useNotification();
  const [email, setEmail] = React.useState('');
  const [firstname, setFirstname] = React.useState('');
  const [role, setRole] = React.useState<StaffRole>('editor');
  const [reason, setReason] = React.useState('');
  const [errors, setErrors] = React.useState<{ email?: string; firstname?: string; reason?: string }>({});
  const [submitError, setSubmitError] = React.useState<string | null>(null);
  const [submitting, setSubmitting] = React.useState(false);

  React.useEffect(() => {
    if (!open) return;
    setEmail('');
    setFirstname('');
    setRole('editor');
    setReason('');
    setErrors({});
    setSubmitError(null);
    setSubmitting(false);
  }, [open]);

  if (!open) return null;

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    if (submitting) return;
    const found: typeof errors = {};
    if (!/^[^\s@]+@[^\s@]+$/.test(email.trim())) found.email = 'Please enter an email address.';
    if (!firstname.trim()) found.firstname = 'Please enter a first name.';
    if (reason.trim().length < REASON_MIN) found.reason = `Please give a reason of at least ${REASON_MIN} characters. It is kept in the audit log.`;
    setErrors(found);
    if (Object.keys(found).length) return;
    setSubmitting(true);
    setSubmitError(null);
    try {
      await post(paths.invitations, { email: email.trim(), firstname: firstname.trim(), role, reason: reason.trim() });
      toggleNotification({ type: 'success', message: `Invitation sent to ${email.trim()}` });
      onClose();
    } catch (error) {
      setSubmitError(errorMessage(error));
      setSubmitting(false);
    }
  }

  return (
    <Modal.Root open onOpenChange={(next) => !next && !submitting && onClose()}>
      <Modal.Content aria-describedby="invite-explanation">
        <form onSubmit={submit} noValidate>
          <Modal.Header closeLabel="Close">
            <Modal.Title>Invite staff</Modal.Title>
          </Modal.Header>
          <Modal.Body>
            <Flex direction="column" alignItems="stretch" gap={5}>
              <Typography id="invite-explanation" tag="p">
                They receive a mail with a link to choose their password. Super admins are not invited from here.
              </Typography>
              <Field.Root name="email" id="invite-email" required error={errors.email}>
                <Field.Label>Email</Field.Label>
                <TextInput type="email" value={email} maxLength={254} disabled={submitting} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setEmail(e.target.value)} />
                <Field.Error />
              </Field.Root>
              <Field.Root name="firstname" id="invite-firstname" required error={errors.firstname}>
                <Field.Label>First name</Field.Label>
                <TextInput value={firstname} maxLength={60} disabled={submitting} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setFirstname(e.target.value)} />
                <Field.Error />
              </Field.Root>
              <Field.Root name="role" id="invite-role" required>
                <Field.Label>Role</Field.Label>
                <SingleSelect value={role} disabled={submitting} onChange={(value) => setRole(value === 'moderator' ? 'moderator' : 'editor')}>
                  {ROLES.map((r) => (
                    <SingleSelectOption key={r.value} value={r.value}>
                      {r.label}
                    </SingleSelectOption>
                  ))}
                </SingleSelect>
              </Field.Root>
              <Field.Root name="reason" id="invite-reason" required error={errors.reason} hint={`Kept in the audit log, with your name (${REASON_MIN} to ${REASON_MAX} characters).`}>
                <Field.Label>Reason</Field.Label>
                <Textarea value={reason} maxLength={REASON_MAX} disabled={submitting} onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => setReason(e.target.value)} />
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
            <Button type="submit" loading={submitting}>
              Send invitation
            </Button>
          </Modal.Footer>
        </form>
      </Modal.Content>
    </Modal.Root>
  );
}
