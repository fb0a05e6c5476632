/**
 * The moderation admin API (served by the plugin's server side under the admin prefix, e.g.
 * GET /community/queue) and small hooks around Strapi's fetch client.
 */
import * as React from 'react';
import { isFetchError, useFetchClient } from '@strapi/strapi/admin';

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

export interface Pagination {
  page: number;
  pageSize: number;
  total: number;
  pageCount: number;
}

export const paths = {
  queue: '/community/queue',
  alias: (alias: string) => `/community/aliases/${encodeURIComponent(alias)}`,
  actions: '/community/actions',
  log: '/community/log',
  watchedWords: '/community/watched-words',
  watchedWord: (id: number | string) => `/community/watched-words/${encodeURIComponent(String(id))}`,
  reveal: '/community/reveal',
};

/** Field messages of a validation error: "reason must be at least 3 characters". */
function detailsOf(error: unknown): string {
  const details = (error as { details?: { errors?: { path?: unknown[]; message?: string }[] } } | undefined)?.details;
  const errors = Array.isArray(details?.errors) ? details.errors : [];
  return errors
    .filter((e) => e && e.message)
    .map((e) => `${Array.isArray(e.path) && e.path.length ? `${e.path.join('.')} ` : ''}${e.message}`)
    .join('; ');
}

/** A sentence a moderator can act on, from whatever the fetch client threw. */
export function errorMessage(error: unknown): string {
  if (isFetchError(error)) {
    const status = error.status ?? error.response?.data?.error?.status;
    const details = detailsOf(error.response?.data?.error);
    const message = error.response?.data?.error?.message;
    const serverMessage = message && details && !message.includes(details) ? `${message} (${details})` : message || details;
    if (status === 401) return 'Your session has ended. Please log in again.';
    if (status === 403) return serverMessage && serverMessage !== 'Forbidden' ? serverMessage : 'You do not have permission to do this.';
    if (status === 404) return serverMessage && serverMessage !== 'Not Found' ? serverMessage : 'This could not be found. It may have been removed already.';
    if (status === 429) return 'Too many requests. Please wait a moment and try again.';
    if (serverMessage) return serverMessage;
    if (status && status >= 500) return 'The server ran into a problem. Please try again in a moment.';
    return error.message || 'Something went wrong.';
  }
  if (error instanceof TypeError) return 'The server could not be reached. Check your connection and try again.';
  if (error instanceof Error && error.message) return error.message;
  return 'Something went wrong.';
}

const isAbort = (error: unknown) => error instanceof DOMException && error.name === 'AbortError';

export interface Resource<T> {
  data: T | undefined;
  meta: { pagination?: Pagination } | undefined;
  error: string | null;
  isLoading: boolean;
  /** Fetches again; the current data stays shown meanwhile. */
  reload(): void;
}

/** GETs `{data}` from the admin API, with loading and error states; `url` null waits. */
export function useResource<T>(url: string | null): Resource<T> {
  const { get } = useFetchClient();
  const [state, setState] = React.useState<{ data: T | undefined; meta: Resource<T>['meta']; error: string | null; isLoading: boolean }>({
    data: undefined,
    meta: undefined,
    error: null,
    isLoading: url !== null,
  });
  const [generation, setGeneration] = React.useState(0);
  const latest = React.useRef(0);

  React.useEffect(() => {
    if (url === null) return;
    const request = ++latest.current;
    setState((s) => ({ ...s, isLoading: true, error: null }));
    get<{ data: T; meta?: Resource<T>['meta'] }>(url)
      .then(({ data }) => {
        if (request === latest.current) setState({ data: data?.data, meta: data?.meta, error: null, isLoading: false });
      })
      .catch((error: unknown) => {
        if (isAbort(error)) return;
        if (request === latest.current) setState((s) => ({ ...s, error: errorMessage(error), isLoading: false }));
      });
  }, [url, generation, get]);

  const reload = React.useCallback(() => setGeneration((g) => g + 1), []);
  return { ...state, reload };
}
