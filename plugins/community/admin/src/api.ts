/**
 * The moderation admin API (served by the plugin's server side under the admin prefix, e.g.
 * GET /community/queue).
 */
import { useAdminQuery, type Pagination } from '@haven/admin-ui/query';
import type { QueueHighlight } from '@haven/shared/community';

export type { QueueHighlight };

export type Target = 'post' | 'reply';
export type HeldReason = 'flags' | 'watched-word' | 'crisis' | null;

export interface QueueItem {
  target: Target;
  id: number | string;
  /** For a reply: the post it answers (its title is `title`). */
  postId?: string;
  title?: string | null;
  excerpt?: string | null;
  bodyHtml?: string | null;
  /** The text as readers see it (a post's title on the first line, then the body as plain text). */
  text?: string | null;
  /** Ranges of `text` to mark: whole matches of crisis language and watched words, in text order. */
  highlights?: QueueHighlight[] | null;
  alias: string;
  status: string;
  crisis: boolean;
  flagCount: number;
  flagReasons?: Record<string, number> | null;
  /** Members' notes from their flags. */
  notes?: string[] | null;
  /** What Haven itself noticed (watched words, crisis language). */
  systemNotes?: string[] | null;
  heldReason?: HeldReason;
  createdAt: string;
}

export interface HistoryItem {
  target: Target;
  id: number | string;
  title?: string | null;
  excerpt?: string | null;
  /** The alias the item was written under (a member's old items keep their old alias). */
  alias?: string | null;
  status: string;
  createdAt: string;
  flagCount: number;
}

export interface LogEntry {
  id?: number | string;
  action: string;
  alias?: string | null;
  target?: Target | null;
  targetId?: number | string | null;
  /** A few words of the item acted on, kept even after it is removed. */
  excerpt?: string | null;
  reason?: string | null;
  until?: string | null;
  /** A display name, or an admin user object, depending on the server. */
  moderator?: string | { firstname?: string | null; lastname?: string | null; username?: string | null; email?: string | null } | null;
  createdAt: string;
}

export interface AliasDetails {
  alias: string;
  status: string;
  statusUntil?: string | null;
  statusReason?: string | null;
  warnings?: number | null;
  memberSince?: string | null;
  /** Every alias the member has had, oldest first. */
  aliases?: string[];
  history: HistoryItem[];
  actions: LogEntry[];
}

export type WatchedWordAction = 'block' | 'hold' | 'flag';
export interface WatchedWord {
  id: number | string;
  phrase: string;
  action: WatchedWordAction;
}

export type ItemAction = 'approve' | 'hide' | 'remove';
export type AliasAction = 'warn' | 'silence' | 'suspend' | 'reinstate';
export type ModerationAction = ItemAction | AliasAction;

export interface ActionBody {
  action: ModerationAction;
  target?: Target;
  id?: number | string;
  alias?: string;
  reason: string;
  durationHours?: number;
}

export const paths = {
  queue: '/community/queue',
  alias: (alias: string) => `/community/aliases/${encodeURIComponent(alias)}`,
  actions: '/community/actions',
  log: '/community/log',
  watchedWords: '/community/watched-words',
  watchedWord: (id: number | string) => `/community/watched-words/${encodeURIComponent(String(id))}`,
  reveal: '/community/reveal',
  notice: (target: Target, id: number | string) => `/community/queue/${target}/${encodeURIComponent(String(id))}/notice`,
};

/** What sending a private message answers: that it went, and to which alias (nothing else about the member). */
export interface NoticeSent {
  sent: true;
  alias: string;
}

/** GETs `{data}` from the admin API, with loading and error states; `url` null waits. */
export function useResource<T>(url: string | null) {
  const { body, ...state } = useAdminQuery<{ data: T; meta?: { pagination?: Pagination } }>(url);
  return { ...state, data: body?.data, meta: body?.meta };
}
