/** An application's flags as badges, each with words (never colour alone). */
import { Badge, Flex, Typography } from '@strapi/design-system';
import type { ApplicationView } from '../api';

const STATUS: Record<ApplicationView['status'], { label: string; text: string; background: string }> = {
  pending: { label: 'Waiting for review', text: 'primary700', background: 'primary100' },
  'more-info': { label: 'More information asked', text: 'warning700', background: 'warning100' },
  verified: { label: 'Approved', text: 'success700', background: 'success100' },
  rejected: { label: 'Rejected', text: 'danger700', background: 'danger100' },
};

export function StatusBadge({ status }: { status: ApplicationView['status'] }) {
  const s = STATUS[status];
  return (
    <Badge textColor={s.text} backgroundColor={s.background}>
      {s.label}
    </Badge>
  );
}

export function FlagBadges({ application }: { application: ApplicationView }) {
  const { flags } = application;
  const badges: { key: string; label: string; text: string; background: string }[] = [];
  if (flags.duplicate) badges.push({ key: 'duplicate', label: `Licence shared with ${flags.sharedWith} other${flags.sharedWith === 1 ? '' : 's'}`, text: 'danger700', background: 'danger100' });
  if (flags.expired) badges.push({ key: 'expired', label: 'Licence expired', text: 'danger700', background: 'danger100' });
  if (flags.expiringSoon) badges.push({ key: 'soon', label: 'Expires within 30 days', text: 'warning700', background: 'warning100' });
  if (!application.document) badges.push({ key: 'nodoc', label: 'No document', text: 'neutral700', background: 'neutral150' });
  if (!badges.length) return <Typography textColor="neutral600">None</Typography>;
  return (
    <Flex gap={1} wrap="wrap">
      {badges.map((b) => (
        <Badge key={b.key} textColor={b.text} backgroundColor={b.background}>
          {b.label}
        </Badge>
      ))}
    </Flex>
  );
}
