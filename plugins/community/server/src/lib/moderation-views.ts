/**
 * What the moderation panel is shown: log entries, queued items, a member's history and watched words,
 * built from rows into the records of ../views.ts and picked by their allow-lists. Moderators work with
 * aliases only, so no view here carries a user id, member id, username or email (../view-proofs.ts).
 */
import type { QueueHighlight } from '@haven/shared/community';
import type { ViewOf } from '@haven/shared/view';
import type { FlagRow, ItemRow, ItemState, LogRow, MemberRow, WatchedWordRow } from '../db/rows';
import type { Standing } from '../services/members';
import {
  aliasReportView,
  historyItemView,
  logView,
  memberActionView,
  moderatedMemberView,
  queueItemView,
  watchedWordView,
  type AliasReportRecord,
  type ModeratedMemberRecord,
} from '../views';
import { iso } from './dates';
import type { ModerationInput, Target } from './validation';

export type LogView = ViewOf<typeof logView>;
export type ModeratedMemberView = ViewOf<typeof moderatedMemberView>;
export type QueueItem = ViewOf<typeof queueItemView>;
export type HistoryItem = ViewOf<typeof historyItemView>;
export type AliasReport = ViewOf<typeof aliasReportView>;
export type WatchedWordView = ViewOf<typeof watchedWordView>;

/** What an action answers: the item's new state, or the member's new standing. */
export type ActionResult =
  | { action: ModerationInput['action']; target: Target; id: string; status: ItemState; alias: string | null; log: LogView }
  | ViewOf<typeof memberActionView>;

export interface Staff {
  id: number;
  documentId?: string;
  firstname?: string | null;
  lastname?: string | null;
  username?: string | null;
  roles?: { code: string }[];
  /** The address the request came from (Koa's, trusted proxies only), for the audit log; absent outside a request (the demo seed). */
  ip?: string | null;
}

export const staffName = (admin: Staff) => [admin.firstname, admin.lastname].filter(Boolean).join(' ') || admin.username || 'Staff member';

/** A moderation log row as its view. */
export function logOf(row: LogRow): LogView {
  return logView.pick({
    id: row.documentId,
    action: row.action,
    adminId: row.adminId,
    admin: { id: row.adminDocumentId ?? null, name: row.adminName ?? '' },
    moderator: row.adminName ?? '',
    memberId: row.memberId,
    alias: row.alias ?? null,
    target: row.targetType ?? null,
    targetId: row.targetId ?? null,
    excerpt: row.excerpt ?? null,
    reason: row.reason ?? null,
    until: iso(row.until),
    createdAt: iso(row.createdAt),
  });
}

/** An item's text as readers see it, and the ranges of it to mark (lib/highlights.ts). */
export interface ShownText {
  text: string;
  highlights: QueueHighlight[];
}

/** One queued item with its open flags (their reasons and members' notes, never who flagged). */
export function queueItemOf(target: Target, row: ItemRow, title: string, openFlags: FlagRow[], aliases: Map<number, string>, shown: ShownText, postId?: string): QueueItem {
  const mine = openFlags.filter((f) => f.targetType === target && f.targetId === row.documentId);
  const flagReasons: Record<string, number> = {};
  for (const f of mine) flagReasons[f.reason] = (flagReasons[f.reason] ?? 0) + 1;
  // Members' notes from their flags (their words only, never who flagged), and what the system saw.
  const notes = mine.map((f) => (f.note ?? '').trim()).filter(Boolean);
  const systemNotes = (row.systemNotes ?? []).map((n) => String(n.text ?? '')).filter(Boolean);
  return queueItemView.pick({
    target,
    id: row.documentId,
    ...(postId !== undefined ? { postId } : {}),
    authorId: row.authorId,
    flaggerIds: mine.map((f) => f.memberId),
    title,
    excerpt: row.excerpt ?? '',
    bodyHtml: row.bodyHtml ?? '',
    text: shown.text,
    highlights: shown.highlights,
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
  });
}

/** A member's standing as moderators see it; `standing` is the members service's reading of the row. */
export function moderatedMemberRecord(member: MemberRow, standing: Standing): ModeratedMemberRecord {
  return { memberId: member.id, userId: member.userId, alias: member.alias, status: standing.status, statusUntil: standing.until, statusReason: standing.reason, warnings: member.warnings ?? 0 };
}

/** One item of a member's history, under the alias it was written under. */
export function historyItemOf(target: Target, row: ItemRow, title: string, alias: string, postId?: string): HistoryItem {
  return historyItemView.pick({
    target,
    id: row.documentId,
    ...(postId !== undefined ? { postId } : {}),
    authorId: row.authorId,
    title,
    excerpt: row.excerpt ?? '',
    alias,
    status: row.state,
    createdAt: iso(row.createdAt),
    flagCount: row.flagCount ?? 0,
  });
}

/** A member's standing, aliases, history and the actions about them. */
export function aliasReportOf(member: MemberRow, standing: Standing, report: Pick<AliasReportRecord, 'aliases' | 'history' | 'actions'>): AliasReport {
  return aliasReportView.pick({ ...moderatedMemberRecord(member, standing), aliases: report.aliases, memberSince: iso(member.joinedAt), history: report.history, actions: report.actions });
}

/** What an action on an alias answers. */
export function memberActionOf(action: ModerationInput['action'], target: Target | null, id: string | null, member: MemberRow, standing: Standing, log: LogView): ActionResult {
  return memberActionView.pick({ action, target, id, ...moderatedMemberRecord(member, standing), log });
}

/** A watched word; `withCreatedAt: false` for the one just removed (its answer has no createdAt). */
export function watchedWordOf(row: WatchedWordRow, { withCreatedAt = true } = {}): WatchedWordView {
  return watchedWordView.pick({
    id: row.documentId,
    rowId: row.id,
    phrase: row.phrase,
    action: row.action,
    addedBy: row.addedBy,
    ...(withCreatedAt ? { createdAt: iso(row.createdAt) } : {}),
  });
}
