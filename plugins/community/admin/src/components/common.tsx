/** Moderation's own badges and names; loading, error and empty states come from @haven/admin-ui/States. */
import * as React from 'react';
import { Badge, type BadgeProps } from '@strapi/design-system';
export { VisuallyHidden } from '@strapi/design-system';
import type { LogEntry } from '../api';
import { statusLabel, statusTone, type Tone } from '../labels';

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
