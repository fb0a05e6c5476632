/** Words shown to moderators for the values the server sends. */
import type { HeldReason, ModerationAction, WatchedWordAction } from './api';

export const ACTION_LABELS: Record<ModerationAction, { verb: string; past: string }> = {
  approve: { verb: 'Approve', past: 'Approved' },
  hide: { verb: 'Hide', past: 'Hidden' },
  remove: { verb: 'Remove', past: 'Removed' },
  warn: { verb: 'Warn', past: 'Warned' },
  silence: { verb: 'Silence', past: 'Silenced' },
  suspend: { verb: 'Suspend', past: 'Suspended' },
  reinstate: { verb: 'Reinstate', past: 'Reinstated' },
};

/** Log entries that are not moderation actions on an item or alias. */
const OTHER_LOG_ACTIONS: Record<string, string> = {
  'watched-word-add': 'Watched word added',
  'watched-word-remove': 'Watched word removed',
  reveal: 'Account revealed',
  'history-view': 'Member history viewed',
};

export const actionLabel = (action: string) =>
  (ACTION_LABELS as Record<string, { past: string }>)[action]?.past ?? OTHER_LOG_ACTIONS[action] ?? action.charAt(0).toUpperCase() + action.slice(1).replace(/[-_]/g, ' ');

export const HELD_REASONS: Record<Exclude<HeldReason, null>, string> = {
  flags: 'Held for review: flagged by members',
  'watched-word': 'Held for review: contains a watched word',
  crisis: 'Held for review: crisis language',
};

export const WATCHED_WORD_ACTIONS: Record<WatchedWordAction, { label: string; hint: string; done: string }> = {
  block: { label: 'Block', hint: 'refuse the post', done: 'refused' },
  hold: { label: 'Hold', hint: 'hold it for review before anyone sees it', done: 'held for review' },
  flag: { label: 'Flag', hint: 'publish it, and add it to the queue', done: 'flagged for review' },
};

export const targetLabel = (target: string | null | undefined) => (target === 'reply' ? 'Reply' : target === 'post' ? 'Post' : target ?? '');

export type Tone = 'success' | 'warning' | 'danger' | 'neutral';

/** Badge colour of an item's or alias's status. */
export function statusTone(status: string | null | undefined): Tone {
  switch (status) {
    case 'published':
    case 'visible':
    case 'approved':
    case 'active':
      return 'success';
    case 'held':
    case 'pending':
    case 'silenced':
    case 'warned':
      return 'warning';
    case 'hidden':
    case 'removed':
    case 'suspended':
    case 'blocked':
      return 'danger';
    default:
      return 'neutral';
  }
}

export const statusLabel = (status: string | null | undefined) =>
  status ? status.charAt(0).toUpperCase() + status.slice(1).replace(/[-_]/g, ' ') : 'Unknown';

/** Durations a moderator can choose, in hours; null means "until lifted". */
export const SILENCE_DURATIONS: { hours: number; label: string }[] = [
  { hours: 1, label: '1 hour' },
  { hours: 24, label: '24 hours' },
  { hours: 72, label: '3 days' },
  { hours: 168, label: '7 days' },
  { hours: 720, label: '30 days' },
];
export const SUSPEND_DURATIONS: { hours: number | null; label: string }[] = [
  { hours: 24, label: '24 hours' },
  { hours: 168, label: '7 days' },
  { hours: 720, label: '30 days' },
  { hours: 2160, label: '90 days' },
  { hours: null, label: 'Indefinitely (until lifted)' },
];
