/**
 * The rows of the community's tables as the Query Engine returns them (content-types/*\/schema.json).
 * Services read and write these shapes only; what leaves the plugin is built from them field by field.
 */
import type { FlagReason, HeldReason, ItemState, MemberState, ReactionCounts, ReactionKind, Target } from '@haven/shared/community';
import type { WatchAction } from '../lib/validation';

export type { HeldReason, ItemState, MemberState, ReactionCounts } from '@haven/shared/community';

/** A datetime column: the drivers answer Date objects, ISO strings or epoch numbers. */
export type DateValue = Date | string | number | null;


/** What the system noted about an item when it screened it (shown to moderators). */
export interface SystemNote {
  source: 'system';
  reason: 'watched-word' | 'crisis';
  text: string;
  createdAt: string;
}

/** Columns posts and replies share. */
export interface ItemRow extends Partial<ReactionCounts> {
  id: number;
  documentId: string;
  authorId: number;
  /** The alias the author had when they wrote it: kept when they change alias, so old posts cannot be followed to the new one. */
  authorAlias: string | null;
  body: string | null;
  bodyHtml: string | null;
  excerpt: string | null;
  state: ItemState;
  heldReason: HeldReason | null;
  crisis: boolean | null;
  queued: boolean | null;
  queuedAt: DateValue;
  systemNotes: SystemNote[] | null;
  flagCount: number | null;
  reactionTotal: number | null;
  editedAt: DateValue;
  reviewedAt: DateValue;
  createdAt: DateValue;
  publishedAt: DateValue;
}

export interface PostRow extends ItemRow {
  categorySlug: string;
  title: string;
  replyCount: number | null;
  lastActivityAt: DateValue;
}

export interface ReplyRow extends ItemRow {
  /** The documentId of the post replied to. */
  postId: string;
}

export interface MemberRow {
  id: number;
  documentId: string;
  userId: number;
  alias: string;
  aliasChangedAt: DateValue;
  joinedAt: DateValue;
  state: MemberState;
  stateUntil: DateValue;
  stateReason: string | null;
  warnings: number | null;
  createdAt: DateValue;
}

export interface AliasRow {
  id: number;
  alias: string;
  memberId: number | null;
}

export interface CategoryRow {
  id: number;
  slug: string;
  name: string;
  description: string | null;
  position: number | null;
  publishedAt: DateValue;
}

export interface ReactionRow {
  id: number;
  memberId: number;
  targetType: Target;
  targetId: string;
  kind: ReactionKind;
}

export interface FlagRow {
  id: number;
  memberId: number;
  targetType: Target;
  targetId: string;
  reason: FlagReason;
  note: string | null;
  resolved: boolean | null;
  /** When a moderator decided on the flagged item (approve, hide, remove); null while open or when the author deleted it. */
  decidedAt: DateValue | null;
  createdAt: DateValue;
}

export interface WatchedWordRow {
  id: number;
  documentId: string;
  phrase: string;
  action: WatchAction;
  addedBy: string | null;
  createdAt: DateValue;
}

export interface LogRow {
  id: number;
  documentId: string;
  action: string;
  adminId: number | null;
  adminDocumentId: string | null;
  adminName: string | null;
  memberId: number | null;
  alias: string | null;
  targetType: string | null;
  targetId: string | null;
  excerpt: string | null;
  reason: string | null;
  until: DateValue;
  createdAt: DateValue;
}

/** A moderator's private message to a member (the member row, never the account). */
export interface NoticeRow {
  id: number;
  documentId: string;
  memberId: number;
  /** The alias the member wrote the item under, as the moderator saw it. */
  aliasAtTime: string;
  /** The documentId of the post it is about (for a reply, the post it answers). */
  postId: string | null;
  text: string;
  readAt: DateValue;
  createdAt: DateValue;
}
