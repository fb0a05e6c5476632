import * as React from 'react';
import { Badge, Box, Button, EmptyStateLayout, Flex, Loader, Typography, type BadgeProps } from '@strapi/design-system';
export { VisuallyHidden } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import type { LogEntry } from '../api';
import { statusLabel, statusTone, type Tone } from '../labels';

/** A centred spinner whose text is read out to screen readers. */
export const Loading = ({ children }: { children: string }) => (
  <Flex justifyContent="center" padding={8} role="status" aria-live="polite">
    <Loader>{children}</Loader>
  </Flex>
);

/** A failed request, said plainly, with a way to try again. */
export const LoadError = ({ title, message, onRetry }: { title: string; message: string; onRetry?: () => void }) => (
  <Box role="alert" background="danger100" borderColor="danger200" borderStyle="solid" borderWidth="1px" hasRadius padding={5}>
    <Flex gap={4} justifyContent="space-between" alignItems="center" wrap="wrap">
      <Flex direction="column" alignItems="flex-start" gap={1}>
        <Typography fontWeight="bold" textColor="danger700">
          {title}
        </Typography>
        <Typography textColor="neutral800">{message}</Typography>
      </Flex>
      {onRetry ? (
        <Button variant="danger-light" onClick={onRetry}>
          Try again
        </Button>
      ) : null}
    </Flex>
  </Box>
);

export const Empty = ({ children }: { children: string }) => (
  <Box background="neutral0" hasRadius shadow="tableShadow">
    <EmptyStateLayout content={children} />
  </Box>
);

/** A date and time in the moderator's locale, with the exact instant in the markup. */
export function DateTime({ value }: { value: string | null | undefined }) {
  const { formatDate } = useIntl();
  if (!value) return <>—</>;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return <>{value}</>;
  return <time dateTime={date.toISOString()}>{formatDate(date, { dateStyle: 'medium', timeStyle: 'short' })}</time>;
}

/** Badge colours that keep a 4.5:1 contrast (the design system's warning badge does not). */
const TONES: Record<Tone | 'crisis', Pick<BadgeProps, 'backgroundColor' | 'textColor'>> = {
  success: { backgroundColor: 'success100', textColor: 'success700' },
  warning: { backgroundColor: 'warning100', textColor: 'neutral800' },
  danger: { backgroundColor: 'danger100', textColor: 'danger700' },
  neutral: { backgroundColor: 'neutral150', textColor: 'neutral700' },
  crisis: { backgroundColor: 'danger600', textColor: 'neutral0' },
};

export const ToneBadge = ({ tone, children }: { tone: Tone | 'crisis'; children: React.ReactNode }) => (
  <Badge size={tone === 'crisis' ? 'M' : 'S'} {...TONES[tone]}>
    {children}
  </Badge>
);

export const StatusBadge = ({ status }: { status: string | null | undefined }) => <ToneBadge tone={statusTone(status)}>{statusLabel(status)}</ToneBadge>;

export function moderatorName(moderator: LogEntry['moderator']): string {
  if (!moderator) return '—';
  if (typeof moderator === 'string') return moderator;
  const name = [moderator.firstname, moderator.lastname].filter(Boolean).join(' ');
  return name || moderator.username || moderator.email || '—';
}
