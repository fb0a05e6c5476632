/**
 * Inviting staff: an Editor or a Moderator, by email. The invited person receives a link to choose
 * their password; until then their admin account is inactive. The reason is kept in the audit log.
 */
import * as React from 'react';
import { Field, SingleSelect, SingleSelectOption, TextInput } from '@strapi/design-system';
import { ReasonDialog } from '@haven/admin-ui/ReasonDialog';
import { useFetchClient, useNotification } from '@strapi/strapi/admin';
import { FORBIDDEN, paths } from '../api';

type StaffRole = 'editor' | 'moderator';

const ROLES: { value: StaffRole; label: string }[] = [
  { value: 'editor', label: 'Editor: writes and publishes library resources' },
  { value: 'moderator', label: 'Moderator: reviews the community queue' },
];

/** Rendered only while inviting: each opening starts with an empty form. */
export function InviteModal({ onClose }: { onClose(): void }) {
  const { post } = useFetchClient();
  const { toggleNotification } = useNotification();
  const [email, setEmail] = React.useState('');
  const [firstname, setFirstname] = React.useState('');
  const [role, setRole] = React.useState<StaffRole>('editor');
  const [errors, setErrors] = React.useState<{ email?: string; firstname?: string }>({});

  const validate = () => {
    const found: typeof errors = {};
    if (!/^[^\s@]+@[^\s@]+$/.test(email.trim())) found.email = 'Please enter an email address.';
    if (!firstname.trim()) found.firstname = 'Please enter a first name.';
    setErrors(found);
    const first = found.email ? 'invite-email' : found.firstname ? 'invite-firstname' : null;
    if (first) document.getElementById(first)?.focus();
    return first === null;
  };

  return (
    <ReasonDialog
      id="invite"
      title="Invite staff"
      explanation="They receive a mail with a link to choose their password. Super admins are not invited from here."
      keptIn="in the audit log"
      submitLabel="Send invitation"
      forbidden={FORBIDDEN}
      validate={validate}
      onClose={onClose}
      onSubmit={async (reason) => {
        await post(paths.invitations, { email: email.trim(), firstname: firstname.trim(), role, reason });
        toggleNotification({ type: 'success', message: `Invitation sent to ${email.trim()}` });
        onClose();
      }}
    >
      <Field.Root name="email" id="invite-email" required error={errors.email}>
        <Field.Label>Email</Field.Label>
        <TextInput type="email" value={email} maxLength={254} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setEmail(e.target.value)} />
        <Field.Error />
      </Field.Root>
      <Field.Root name="firstname" id="invite-firstname" required error={errors.firstname}>
        <Field.Label>First name</Field.Label>
        <TextInput value={firstname} maxLength={60} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setFirstname(e.target.value)} />
        <Field.Error />
      </Field.Root>
      <Field.Root name="role" id="invite-role" required>
        <Field.Label>Role</Field.Label>
        <SingleSelect value={role} onChange={(value) => setRole(value === 'moderator' ? 'moderator' : 'editor')}>
          {ROLES.map((r) => (
            <SingleSelectOption key={r.value} value={r.value}>
              {r.label}
            </SingleSelectOption>
          ))}
        </SingleSelect>
      </Field.Root>
    </ReasonDialog>
  );
}
