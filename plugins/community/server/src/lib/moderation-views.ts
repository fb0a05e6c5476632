/**
 * What the moderation panel is shown: the views of log entries, queued items, a member's history and
 * watched words, built from rows. Moderators work with aliases only, so no view here carries a user id,
 * username or email.
 */
import type { FlagRow, ItemRow, ItemState, LogRow, MemberRow } from '../db/rows';
import { iso } from './dates';
import type { ModerationInput, Target, WatchAction } from './validation';

export interface LogView {
  id: string;
  action: string;
  admin: { id: string | null; name: string };
  moderator: string;
  alias: string | null;
  target: string | null;
  targetId: string | null;
  excerpt: string | null;
  reason: string | null;
  until: string | null;
  createdAt: string | null;
}

export interface ModeratedMemberView {
  alias: string;
  status: MemberRow['state'];
  statusUntil: string | null;
  statusReason: string | null;
  warnings: number;
}

export interface QueueItem {
  target: Target;
  id: string;
  postId?: string;
  title: string;
  excerpt: string;
  bodyHtml: string;
  alias: string;
  status: ItemState;
  crisis: boolean;
  flagCount: number;
  flagReasons: Record<string, number>;
  notes: string[];
  systemNotes: string[];
  heldReason: string | null;
  createdAt: string | null;
}

export interface HistoryItem {
  target: Target;
  id: string;
  postId?: string;
  title: string;
  excerpt: string;
  /** The alias the item was written under. */
  alias: string;
  status: ItemState;
  createdAt: string | null;
  flagCount: number;
}

export interface AliasReport extends ModeratedMemberView {
  /** Every alias the member has had, oldest first (the current one last). */
  aliases: string[];
  memberSince: string | null;
  history: HistoryItem[];
  actions: LogView[];
}

export interface WatchedWordView {
  id: string;
  phrase: string;
  action: WatchAction;
  createdAt?: string | null;
}

/** What an action answers: the item's new state, or the member's new standing. */
export type ActionResult =
  | { action: ModerationInput['action']; target: Target; id: string; status: ItemState; alias: string | null; log: LogView }
  | ({ action: ModerationInput['action']; target: Target | null; id: string | null; log: LogView } & ModeratedMemberView);

export interface Staff {
  id: number;
  documentId?: string;
  firstname?: string | null;
  lastname?: string | null;
  username?: string | null;
  roles?: { code: string }[];
}

export const staffName = (admin: Staff) => [admin.firstname, admin.lastname].filter(Boolean).join(' ') || admin.username || 'Staff member';

export function logView(row: LogRow): LogView {
  return {
    id: row.documentId,
    action: row.action,
    admin: { id: row.adminDocumentId ?? null, name: row.adminName ?? '' },
    moderator: row.adminName ?? '',
    alias: row.alias ?? null,
    target: row.targetType ?? null,
    targetId: row.targetId ?? null,
    excerpt: row.excerpt ?? null,
    reason: row.reason ?? null,
    until: iso(row.until),
    createdAt: iso(row.createdAt),
  };
}

/** One queued item with its open flags (their reasons and members' notes, never who flagged). */
export function queueItemOf(target: Target, row: ItemRow, title: string, openFlags: FlagRow[], aliases: Map<number, string>, postId?: string): QueueItem {
  const mine = openFlags.filter((f) => f.targetType === target && f.targetId === row.documentId);
  const flagReasons: Record<string, number> = {};
  for (const f of mine) flagReasons[f.reason] = (flagReasons[f.reason] ?? 0) + 1;
  // Members' notes from their flags (their words only, never who flagged), and what the system saw.
  const notes = mine.map((f) => (f.note ?? '').trim()).filter(Boolean);
  const systemNotes = (row.systemNotes ?? []).map((n) => String(n.text ?? '')).filter(Boolean);
  return {
    target,
    id: row.documentId,
    ...(postId !== undefined ? { postId } : {}),
    title,
    excerpt: row.excerpt ?? '',
    bodyHtml: row.bodyHtml ?? '',
    // The alias the item was written under, as readers saw it (the alias page shows all of a member's).
    alias: aliases.has(row.authorId) ? (row.authorAlias ?? aliases.get(row.authorId) ?? 'Former member') : 'Former member',
    status: row.state,
    crisis: !!row.crisis || mine.some((f) => f.reason === 'self-harm'),
    flagCount: mine.length,
    flagReasons,
    notes,
    systemNotes,
    heldReason: row.state === 'held' ? (row.heldReason ?? null) : null,
    createdAt: iso(row.createdAt),
  };
}
