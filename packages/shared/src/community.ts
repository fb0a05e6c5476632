/**
 * The anonymous community's rules and API shapes, as the community plugin enforces and answers them
 * and the site checks and shows them. Authors are `{alias, isYou}`: no type here holds an account id.
 */

// ---- limits ----------------------------------------------------------------------------------------

export const TITLE_MIN = 3;
export const TITLE_MAX = 150;
/** Characters of a post or reply body (Markdown source). */
export const BODY_MAX = 10_000;
/** Characters of the note that goes with a flag. */
export const NOTE_MAX = 1000;
/** Characters of a moderator's reason. */
export const REASON_MAX = 500;

// ---- vocabularies ------------------------------------------------------------------------------------

export const REACTION_KINDS = ['heart', 'hug', 'strength', 'relate'] as const;
export type ReactionKind = (typeof REACTION_KINDS)[number];
export type ReactionCounts = Record<ReactionKind, number>;
export const isReactionKind = (value: unknown): value is ReactionKind => typeof value === 'string' && (REACTION_KINDS as readonly string[]).includes(value);

export const REACTIONS: { kind: ReactionKind; label: string; emoji: string }[] = [
  { kind: 'heart', label: 'Heart', emoji: '❤️' },
  { kind: 'hug', label: 'Hug', emoji: '🤗' },
  { kind: 'strength', label: 'Strength', emoji: '💪' },
  { kind: 'relate', label: 'I relate', emoji: '🤝' },
];

/** Why a member flags an item, with the words the flag form shows. */
export const FLAG_REASONS = [
  { value: 'self-harm', label: 'Someone may be at risk', hint: 'The writer may hurt themselves or be in danger.' },
  { value: 'harassment', label: 'Harassment or bullying', hint: 'Attacking, threatening or singling someone out.' },
  { value: 'hate', label: 'Hate', hint: 'Attacks people for who they are.' },
  { value: 'spam', label: 'Spam or advertising', hint: 'Selling, promoting, or the same thing over and over.' },
  { value: 'misinformation', label: 'Harmful misinformation', hint: 'False health advice that could hurt someone.' },
  { value: 'other', label: 'Something else', hint: 'Tell the moderators what is wrong in the note.' },
] as const;
export type FlagReason = (typeof FLAG_REASONS)[number]['value'];
export const FLAG_REASON_VALUES = FLAG_REASONS.map((reason) => reason.value) as [FlagReason, ...FlagReason[]];
export const isFlagReason = (value: unknown): value is FlagReason => FLAG_REASONS.some((reason) => reason.value === value);

export const TARGETS = ['post', 'reply'] as const;
export type Target = (typeof TARGETS)[number];

export const POST_SORTS = ['new', 'active', 'top'] as const;
export type PostSort = (typeof POST_SORTS)[number];

export type ItemState = 'visible' | 'held' | 'hidden' | 'removed' | 'deleted';
export type HeldReason = 'flags' | 'watched-word' | 'crisis';
export type MemberState = 'active' | 'silenced' | 'suspended';

// ---- API shapes (/api/community) -----------------------------------------------------------------

export interface AuthorView {
  alias: string;
  isYou: boolean;
}

/** A post in a listing. */
export interface PostView {
  id: string;
  title: string;
  excerpt: string;
  category: { slug: string; name: string };
  author: AuthorView;
  createdAt: string | null;
  editedAt: string | null;
  replyCount: number;
  reactions: ReactionCounts;
  myReactions: ReactionKind[];
  status: ItemState;
  /**
   * Someone may be at risk (crisis language in what readers see): readers see the item behind a care
   * notice with resources and "how to respond" guidance, and reactions are off (reacting answers 409).
   */
  careNotice: boolean;
}

export interface ReplyView {
  id: string;
  postId: string;
  /** Sanitised HTML: render as HTML only as it comes. */
  bodyHtml: string;
  /** The Markdown source, sent to its author only. */
  body?: string;
  author: AuthorView;
  createdAt: string | null;
  editedAt: string | null;
  reactions: ReactionCounts;
  myReactions: ReactionKind[];
  status: ItemState;
  /** As on a post: behind a care notice, reactions off. */
  careNotice: boolean;
}

/** A post with its body and the replies the caller may see. */
export interface FullPostView extends PostView {
  bodyHtml: string;
  body?: string;
  replies: ReplyView[];
}

export interface PostingLimits {
  postsPerHour: number;
  repliesPerHour: number;
}

/** GET /me: the member as they see themselves, nothing about the account. */
export interface MemberView {
  alias: string;
  /** When the alias may change again; null when it may change now. */
  aliasChangeableAt: string | null;
  status: MemberState;
  statusUntil: string | null;
  statusReason: string | null;
  memberSince: string | null;
  canPostLinks: boolean;
  limits: PostingLimits;
}

export interface CategoryView {
  slug: string;
  name: string;
  description: string;
  postCount: number;
}

/** Crisis lines for a locale: one shape for every place (the safety plugin answers them). */
export type { CrisisLine, CrisisResources } from './safety';
import type { CrisisResources } from './safety';

/**
 * What a write answers besides the item (`meta`): held for review? And, when what readers will see has
 * crisis language, `crisis`: the crisis lines of the request's locale (absent when nothing matched), the
 * same `meta.crisis` every place a person writes answers with (the safety plugin's one path).
 */
export interface WriteOutcome {
  held: boolean;
  heldReason?: HeldReason | 'review';
  crisis?: CrisisResources;
}

/** What reacting to an item behind a care notice answers (409): reactions are off there, kindly said. */
export const CARE_NOTICE_NO_REACTIONS =
  'Reactions are off for posts where someone may be going through a hard time; a kind reply or the resources above help more.';

/**
 * A private message from the moderators to the member behind an alias (sent from the moderation queue
 * without the moderator ever learning who the member is), with the crisis lines for the member's locale.
 * Shown on the member's community notifications page (`GET /api/community/notices`).
 */
export interface CommunityNoticeView {
  id: string;
  /** The moderators' words (plain text). */
  text: string;
  /** The alias the member wrote under, and what the notice is about (title or the reply's post title). */
  alias: string;
  about: { postId: string; title: string } | null;
  resources: CrisisResources;
  createdAt: string;
  readAt: string | null;
}

/** `meta` of GET /api/community/notices: how many of the member's notices are unread. */
export interface CommunityNoticesMeta {
  unread: number;
}

/** Characters of a moderator's private message to an alias (plain text). */
export const NOTICE_TEXT_MIN = 10;
export const NOTICE_TEXT_MAX = 2000;
/** At most this many notices are answered, newest first. */
export const NOTICES_MAX = 50;
/** What the moderation queue's "Send a private message" dialog offers to start from. */
export const DEFAULT_NOTICE_TEXT =
  'We noticed your post and wanted to check in. It sounds like things may be really hard right now, and you do not have to face this alone. ' +
  'If you are in danger or thinking about ending your life, please reach out to one of the crisis lines below now: they are free, confidential and there to listen. ' +
  'You are welcome in this community. — The Haven moderators';

/**
 * One range of a queued item's text as readers see it (UTF-16 offsets into the queue item's `text`,
 * end exclusive) that matched crisis language or a watched word: the whole match, however disguised,
 * so the moderation queue marks all of "d**ie**" (rendered "die"), not the part that was bold.
 */
export interface QueueHighlight {
  start: number;
  end: number;
  reason: 'crisis' | 'watched-word';
  /** The phrase-list entry or watched word it matched. */
  phrase: string;
}

export interface Pagination {
  page: number;
  pageSize: number;
  total: number;
  pageCount: number;
}
