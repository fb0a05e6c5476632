/**
 * Every answer of the community's routes, as a typed allow-list of the fields that may leave the server
 * (`publicView`, @haven/shared/view). Each definition picks from an internal record that still holds
 * what must stay here: the member row behind an author (`authorId`, `memberId`), the account behind a
 * member (`userId`), staff ids. A field stays private until it is named below, and ./view-proofs.ts
 * makes the compiler refuse any definition that names something identifying an author.
 */
import type { CommunityNoticeView, CrisisResources, ItemState, MemberState, PostingLimits, QueueHighlight, ReactionCounts, ReactionKind } from '@haven/shared/community';
import { publicView, type ViewOf } from '@haven/shared/view';
import type { ModerationInput, Target, WatchAction } from './lib/validation';

// ---- content API (/api/community) ------------------------------------------------------------------

/** Who wrote an item: the member row (never sent) and what readers are shown instead. */
export interface AuthorRecord {
  memberId: number;
  alias: string;
  isYou: boolean;
}
/** `author` of every post and reply (GET /posts, /posts/:id, /my/posts; writes of posts and replies). */
export const authorView = publicView<AuthorRecord>()('alias', 'isYou');

/** A post as the views service resolves it: its author's member id and Markdown source are held back. */
export interface PostRecord {
  id: string;
  authorId: number;
  title: string;
  excerpt: string;
  category: { slug: string; name: string };
  author: ViewOf<typeof authorView>;
  createdAt: string | null;
  editedAt: string | null;
  replyCount: number;
  reactions: ReactionCounts;
  myReactions: ReactionKind[];
  status: ItemState;
  /** Crisis language in what readers see: shown behind a care notice, reactions off. */
  careNotice: boolean;
  bodyHtml: string;
  /** The Markdown source: sent to its author only (ownFullPostView). */
  body: string;
}
/** A post in a listing: GET /posts and GET /my/posts. */
export const postView = publicView<PostRecord>()('id', 'title', 'excerpt', 'category', 'author', 'createdAt', 'editedAt', 'replyCount', 'reactions', 'myReactions', 'status', 'careNotice');

/** A reply as the views service resolves it. */
export interface ReplyRecord {
  id: string;
  postId: string;
  authorId: number;
  bodyHtml: string;
  body: string;
  author: ViewOf<typeof authorView>;
  createdAt: string | null;
  editedAt: string | null;
  reactions: ReactionCounts;
  myReactions: ReactionKind[];
  status: ItemState;
  careNotice: boolean;
}
/** Someone else's reply, inside GET /posts/:id and the post writes. */
export const replyView = publicView<ReplyRecord>()('id', 'postId', 'bodyHtml', 'author', 'createdAt', 'editedAt', 'reactions', 'myReactions', 'status', 'careNotice');
/** The caller's own reply, with its Markdown source so they can edit it: POST /posts/:id/replies, PUT /replies/:id, and inside GET /posts/:id. */
export const ownReplyView = publicView<ReplyRecord>()('id', 'postId', 'bodyHtml', 'body', 'author', 'createdAt', 'editedAt', 'reactions', 'myReactions', 'status', 'careNotice');

/** A post with its body and the replies the caller may see (each already picked by replyView or ownReplyView). */
export interface FullPostRecord extends PostRecord {
  replies: (ViewOf<typeof replyView> | ViewOf<typeof ownReplyView>)[];
}
/** Someone else's post: GET /posts/:id. */
export const fullPostView = publicView<FullPostRecord>()(...postView.fields, 'bodyHtml', 'replies');
/** The caller's own post, with its Markdown source: GET /posts/:id, POST /posts, PUT /posts/:id. */
export const ownFullPostView = publicView<FullPostRecord>()(...postView.fields, 'bodyHtml', 'body', 'replies');

/** The caller's member row as GET /me resolves it: the account and row ids stay here. */
export interface MemberRecord {
  memberId: number;
  userId: number;
  alias: string;
  aliasChangeableAt: string | null;
  status: MemberState;
  statusUntil: string | null;
  statusReason: string | null;
  memberSince: string | null;
  canPostLinks: boolean;
  limits: PostingLimits;
}
/** GET /me and POST /me/alias. */
export const memberView = publicView<MemberRecord>()('alias', 'aliasChangeableAt', 'status', 'statusUntil', 'statusReason', 'memberSince', 'canPostLinks', 'limits');

/** A category row with its count of visible posts. */
export interface CategoryRecord {
  id: number;
  slug: string;
  name: string;
  description: string;
  position: number | null;
  postCount: number;
}
/** GET /categories. */
export const categoryView = publicView<CategoryRecord>()('slug', 'name', 'description', 'postCount');

/** GET /crisis-resources, `meta.crisis` of a write with crisis language, and a notice's lines (the safety plugin's answer is picked, never spread). */
export const crisisResourcesView = publicView<CrisisResources>()('locale', 'matched', 'country', 'emergency', 'message', 'lines', 'more');

/** A moderator's private message as the notices service resolves it: the member it was sent to stays here. */
export interface NoticeRecord extends CommunityNoticeView {
  memberId: number;
}
/** GET /notices: the caller's own notices (ownNotices in view-proofs.ts). */
export const ownNoticeView = publicView<NoticeRecord>()('id', 'text', 'alias', 'about', 'resources', 'createdAt', 'readAt');

// ---- admin API (the moderation page): moderators work with aliases only ------------------------------

/** A moderation log row, renamed: the acting admin's row id and the member's row id stay here. */
export interface LogRecord {
  id: string;
  action: string;
  adminId: number | null;
  admin: { id: string | null; name: string };
  moderator: string;
  memberId: number | null;
  alias: string | null;
  target: string | null;
  targetId: string | null;
  excerpt: string | null;
  reason: string | null;
  until: string | null;
  createdAt: string | null;
}
/** GET /log, `actions` of GET /aliases/:alias, `log` of POST /actions. */
export const logView = publicView<LogRecord>()('id', 'action', 'admin', 'moderator', 'alias', 'target', 'targetId', 'excerpt', 'reason', 'until', 'createdAt');

/** A member's standing as moderators see it (never the account behind it). */
export interface ModeratedMemberRecord {
  memberId: number;
  userId: number;
  alias: string;
  status: MemberState;
  statusUntil: string | null;
  statusReason: string | null;
  warnings: number;
}
/** The member part of GET /aliases/:alias and of POST /actions on an alias. */
export const moderatedMemberView = publicView<ModeratedMemberRecord>()('alias', 'status', 'statusUntil', 'statusReason', 'warnings');

/** A queued post or reply: its author's member id and the flaggers stay here (flags are counted and their notes quoted). */
export interface QueueRecord {
  target: Target;
  id: string;
  postId?: string;
  authorId: number;
  flaggerIds: number[];
  title: string;
  excerpt: string;
  bodyHtml: string;
  /** The item's text as readers see it (a post's title on the first line, then the body as plain text). */
  text: string;
  /** Ranges of `text` that matched crisis language or a watched word, whole matches, in text order. */
  highlights: QueueHighlight[];
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
/** GET /queue. */
export const queueItemView = publicView<QueueRecord>()(
  'target',
  'id',
  'postId',
  'title',
  'excerpt',
  'bodyHtml',
  'text',
  'highlights',
  'alias',
  'status',
  'crisis',
  'flagCount',
  'flagReasons',
  'notes',
  'systemNotes',
  'heldReason',
  'createdAt',
);

/** What sending a private message answers the moderator: that it went, and to which alias (nothing else about the member). */
export interface NoticeSentRecord {
  memberId: number;
  sent: true;
  alias: string;
}
/** POST /queue/:target/:id/notice. */
export const noticeSentView = publicView<NoticeSentRecord>()('sent', 'alias');

/** One item of a member's history. */
export interface HistoryRecord {
  target: Target;
  id: string;
  postId?: string;
  authorId: number;
  title: string;
  excerpt: string;
  /** The alias the item was written under. */
  alias: string;
  status: ItemState;
  createdAt: string | null;
  flagCount: number;
}
/** `history` of GET /aliases/:alias. */
export const historyItemView = publicView<HistoryRecord>()('target', 'id', 'postId', 'title', 'excerpt', 'alias', 'status', 'createdAt', 'flagCount');

/** Everything known about a member under any of their aliases. */
export interface AliasReportRecord extends ModeratedMemberRecord {
  /** Every alias the member has had, oldest first (the current one last). */
  aliases: string[];
  memberSince: string | null;
  history: ViewOf<typeof historyItemView>[];
  actions: ViewOf<typeof logView>[];
}
/** GET /aliases/:alias. */
export const aliasReportView = publicView<AliasReportRecord>()(...moderatedMemberView.fields, 'aliases', 'memberSince', 'history', 'actions');

/** What an action on an alias answers: the member's new standing and the log entry. */
export interface MemberActionRecord extends ModeratedMemberRecord {
  action: ModerationInput['action'];
  target: Target | null;
  id: string | null;
  log: ViewOf<typeof logView>;
}
/** POST /actions (warn, silence, suspend, reinstate). */
export const memberActionView = publicView<MemberActionRecord>()('action', 'target', 'id', ...moderatedMemberView.fields, 'log');

/** A watched-word row, renamed: its row id and the name of who added it stay here. */
export interface WatchedWordRecord {
  id: string;
  rowId: number;
  phrase: string;
  action: WatchAction;
  addedBy: string | null;
  createdAt?: string | null;
}
/** GET and POST /watched-words, DELETE /watched-words/:id (whose record has no createdAt). */
export const watchedWordView = publicView<WatchedWordRecord>()('id', 'phrase', 'action', 'createdAt');

/** The account behind an alias, as the people plugin tells it (whatever else it may one day hold stays here). */
export interface AccountRecord {
  username: string;
  email: string;
}
/**
 * POST /reveal: super admins only, always logged. The one view that names an account, on purpose;
 * view-proofs.ts leaves it out of the anonymity proof by name.
 */
export const revealView = publicView<AccountRecord>()('username', 'email');
