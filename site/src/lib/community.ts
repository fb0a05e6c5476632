/**
 * The anonymous peer-support community, from the site's server side: the calls to the CMS's
 * /api/community (through cms.ts, with the member's bearer token), the visitor's locale for crisis
 * lines, friendlier error messages for forms, and a one-time "flash" cookie that carries what happened
 * (posted, held for review, crisis language found) across the redirect after a form post.
 *
 * Nothing here ever reads or shows an account's email, username or display name: authors are
 * `{alias, isYou}` and nothing more.
 */
import type { AstroCookies } from 'astro';
import { DateTime } from 'luxon';
import { cms, type CmsFail, type CmsResult, type Pagination } from './cms';
import { labelled, type FieldErrors } from './forms';
import { isValidTimeZone, LOCALE } from './format';
import { cookieOptions } from './session';
import {
  BODY_MAX,
  NOTE_MAX,
  POST_SORTS,
  TITLE_MAX,
  TITLE_MIN,
  type CategoryView,
  type CommunityNoticeView,
  type CrisisResources,
  type FlagReason,
  type FullPostView,
  type ItemState,
  type MemberView,
  type PostSort,
  type PostView,
  type ReactionCounts,
  type ReactionKind,
  type ReplyView,
  type Target,
  type WriteOutcome,
} from '@haven/shared/community';
import { isDocumentId, isSlug } from '@haven/shared/ids';
import { preferredLocale } from '@haven/shared/locale';

export { REACTIONS, isReactionKind, FLAG_REASONS, isFlagReason, BODY_MAX, NOTE_MAX, TITLE_MAX, TITLE_MIN } from '@haven/shared/community';
export type { CrisisLine, CrisisResources, FlagReason, ReactionKind, Target } from '@haven/shared/community';

// ---- shapes of the community API (defined once, in @haven/shared) ------------------------------------

export type MemberStatus = MemberView['status'];
export type ItemStatus = ItemState;
export type Member = MemberView;
export type Category = CategoryView;
export type Author = PostView['author'];
export type PostSummary = PostView;
export type Reply = ReplyView;
export type Post = FullPostView;
export type WriteMeta = WriteOutcome;
export type Reactions = ReactionCounts;
export type CommunityNotice = CommunityNoticeView;

type Listing<T> = { data: T[]; meta: { pagination: Pagination } };

export const STATUS_TEXT: Record<ItemStatus, string> = {
  visible: 'Published',
  held: 'Awaiting review',
  hidden: 'Hidden by moderators',
  removed: 'Removed by moderators',
  deleted: 'Deleted',
};

export const SORTS = POST_SORTS;
export type Sort = PostSort;
export const SORT_LABELS: Record<Sort, string> = { new: 'Newest', active: 'Recently active', top: 'Most supported' };


/** Category slugs and ids as the CMS accepts them (anything else is simply "not found"). */
export const isId = isDocumentId;
export { isSlug };

// ---- calls ------------------------------------------------------------------------------------------

const BASE = '/api/community';
const withLocale = (path: string, locale: string | null) => (locale ? `${path}${path.includes('?') ? '&' : '?'}locale=${encodeURIComponent(locale)}` : path);

/** The community API as one member (their CMS access token) sees it. */
export function communityApi(token: string) {
  return {
    me: () => cms<{ data: Member }>(`${BASE}/me`, { token }),
    changeAlias: () => cms<{ data: Member }>(`${BASE}/me/alias`, { method: 'POST', token, body: {} }),
    categories: () => cms<{ data: Category[] }>(`${BASE}/categories`, { token }),
    posts: (query: { category?: string; sort?: Sort; page?: number; pageSize?: number }) => {
      const params = new URLSearchParams();
      if (query.category) params.set('category', query.category);
      params.set('sort', query.sort ?? 'new');
      params.set('page', String(query.page ?? 1));
      params.set('pageSize', String(query.pageSize ?? 20));
      return cms<Listing<PostSummary>>(`${BASE}/posts?${params}`, { token });
    },
    mine: (page = 1, pageSize = 20) => cms<Listing<PostSummary>>(`${BASE}/my/posts?page=${page}&pageSize=${pageSize}`, { token }),
    post: (id: string) => cms<{ data: Post }>(`${BASE}/posts/${encodeURIComponent(id)}`, { token }),
    createPost: (input: { category: string; title: string; body: string }, locale: string | null) =>
      cms<{ data: Post; meta: WriteMeta }>(withLocale(`${BASE}/posts`, locale), { method: 'POST', token, body: input }),
    updatePost: (id: string, input: { title: string; body: string }, locale: string | null) =>
      cms<{ data: Post; meta: WriteMeta }>(withLocale(`${BASE}/posts/${encodeURIComponent(id)}`, locale), { method: 'PUT', token, body: input }),
    deletePost: (id: string) => cms<{ data: { id: string; status: 'deleted' } }>(`${BASE}/posts/${encodeURIComponent(id)}`, { method: 'DELETE', token }),
    createReply: (postId: string, body: string, locale: string | null) =>
      cms<{ data: Reply; meta: WriteMeta }>(withLocale(`${BASE}/posts/${encodeURIComponent(postId)}/replies`, locale), { method: 'POST', token, body: { body } }),
    updateReply: (id: string, body: string, locale: string | null) =>
      cms<{ data: Reply; meta: WriteMeta }>(withLocale(`${BASE}/replies/${encodeURIComponent(id)}`, locale), { method: 'PUT', token, body: { body } }),
    deleteReply: (id: string) => cms<{ data: { id: string; status: 'deleted' } }>(`${BASE}/replies/${encodeURIComponent(id)}`, { method: 'DELETE', token }),
    react: (target: Target, id: string, kind: ReactionKind) =>
      cms<{ data: { reactions: Reactions; myReactions: ReactionKind[] } }>(`${BASE}/reactions`, { token, body: { target, id, kind } }),
    flag: (input: { target: Target; id: string; reason: FlagReason; note?: string }) => cms<{ data: unknown; meta?: { message?: string } }>(`${BASE}/flags`, { token, body: input }),
    /** The moderators' private messages to this member (newest first), each with the crisis lines of `locale`. */
    notices: (locale: string | null) => cms<{ data: CommunityNoticeView[]; meta: { unread: number } }>(withLocale(`${BASE}/notices`, locale), { token }),
    /** Marks one of the member's own notices read (204; another's, or an unknown one, is a 404). */
    readNotice: (id: string) => cms<null>(`${BASE}/notices/${encodeURIComponent(id)}/read`, { method: 'POST', token, body: {} }),
  };
}

/** Crisis lines for a locale (public: no token needed). */
export const crisisResources = (locale: string | null) => cms<{ data: CrisisResources }>(withLocale(`${BASE}/crisis-resources`, locale));

// ---- the visitor's locale ------------------------------------------------------------------------------

/** The visitor's preferred language tag from Accept-Language ("en-GB"), or null. */
export const visitorLocale = (request: Request): string | null => preferredLocale(request.headers.get('accept-language'));

// ---- times --------------------------------------------------------------------------------------------

/** "12 Mar 2026, 14:05" in the viewer's zone (their profile's time zone). */
export function when(iso: string | null | undefined, zone: string): string | null {
  if (!iso) return null;
  const dt = DateTime.fromISO(iso, { zone: 'utc' }).setZone(isValidTimeZone(zone) ? zone : 'UTC');
  return dt.isValid ? dt.setLocale(LOCALE).toLocaleString(DateTime.DATETIME_MED) : null;
}

/** "Thursday 12 March 2026 at 14:05 (Europe/London)": for "until" dates that people plan around. */
export function untilText(iso: string | null | undefined, zone: string): string | null {
  if (!iso) return null;
  const dt = DateTime.fromISO(iso, { zone: 'utc' }).setZone(isValidTimeZone(zone) ? zone : 'UTC');
  if (!dt.isValid) return null;
  return `${dt.setLocale(LOCALE).toFormat("cccc d LLLL yyyy 'at' HH:mm")} (${(dt.zoneName ?? 'UTC').replaceAll('_', ' ')})`;
}

// ---- errors for forms ---------------------------------------------------------------------------------

/**
 * A failed write as a form shows it: a message for the summary and messages next to fields. The CMS
 * names fields in its 400s ("title must be at least 3 characters"); some rules answer one field with
 * a whole explanation (links for new members, language that is not allowed), which is kept whole.
 * Silenced/suspended (403) and rate limits (429) keep the CMS's own sentence, which says until when.
 */
export function formProblem(result: CmsFail, labels: Record<string, string>): { message: string; errors: FieldErrors } {
  const cmsMessage = typeof result.error?.message === 'string' ? result.error.message : '';
  if (result.status === 429 && cmsMessage) return { message: cmsMessage, errors: {} };
  if (result.status === 400) {
    const fields = Object.keys(result.fieldErrors).filter((field) => labels[field]);
    if (fields.length === 1 && cmsMessage && !cmsMessage.startsWith(`${fields[0]} `)) {
      return { message: cmsMessage, errors: { [fields[0]]: cmsMessage } };
    }
    const errors = labelled(result.fieldErrors, labels);
    return { message: Object.keys(errors).length ? result.message : cmsMessage || result.message, errors };
  }
  if (result.status === 401) return { message: 'Your session has ended. Please log in again.', errors: {} };
  return { message: result.message, errors: {} };
}

/** Client-side checks that match the CMS's rules, so most mistakes are caught without a round trip. */
export function checkPost(input: { title?: string; body: string }, withTitle: boolean): FieldErrors {
  const errors: FieldErrors = {};
  if (withTitle) {
    const raw = input.title ?? '';
    // Sizes first: a huge title is refused before any other work on it.
    const title = raw.length > TITLE_MAX * 4 ? raw : raw.replace(/\s+/g, ' ').trim();
    if (!title) errors.title = 'Give your post a title.';
    else if (title.length < TITLE_MIN) errors.title = `Title must be at least ${TITLE_MIN} characters.`;
    else if (title.length > TITLE_MAX) errors.title = `Title must be at most ${TITLE_MAX} characters.`;
  }
  if (input.body.length > BODY_MAX * 2) errors.body = `It is too long: at most ${BODY_MAX.toLocaleString('en')} characters.`;
  else if (!input.body.trim()) errors.body = withTitle ? 'Write something in your post.' : 'Write something in your reply.';
  else if (input.body.trimEnd().length > BODY_MAX) errors.body = `It is too long: at most ${BODY_MAX.toLocaleString('en')} characters.`;
  return errors;
}

// ---- flash: what happened, across one redirect -------------------------------------------------------

export const FLASH_COOKIE = 'haven_community_flash';

const NOTICES = ['posted', 'replied', 'edited', 'reply-edited', 'post-deleted', 'reply-deleted', 'flagged', 'already-flagged', 'alias', 'notice-read'] as const;
export type Notice = (typeof NOTICES)[number];

export interface Flash {
  notice: Notice;
  /** The item waits for a moderator before others see it. */
  held?: boolean;
  /** The text had crisis language: show crisis lines at once. */
  crisis?: boolean;
}

/** Remembers what happened for the next page (about a minute; read once). */
export function setFlash(cookies: AstroCookies, flash: Flash) {
  const value = Buffer.from(JSON.stringify({ n: flash.notice, h: flash.held ? 1 : 0, c: flash.crisis ? 1 : 0 })).toString('base64url');
  cookies.set(FLASH_COOKIE, value, { ...cookieOptions(120), path: '/community' });
}

/** Reads and forgets the flash, if any (only notices this site knows; anything else is ignored). */
export function takeFlash(cookies: AstroCookies): Flash | null {
  const value = cookies.get(FLASH_COOKIE)?.value;
  if (!value) return null;
  cookies.delete(FLASH_COOKIE, { ...cookieOptions(), path: '/community' });
  try {
    const parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    if (!NOTICES.includes(parsed?.n)) return null;
    return { notice: parsed.n, held: parsed.h === 1, crisis: parsed.c === 1 };
  } catch {
    return null;
  }
}

/** What to tell the author after a write (held items get a kind word about review). */
export function noticeText(flash: Flash): string {
  const held = 'Thank you for sharing. To keep the community safe, a moderator will look at it before others can see it. This usually does not take long; you can see it in your posts, marked “awaiting review”.';
  switch (flash.notice) {
    case 'posted':
      return flash.held ? held : 'Your post is up. Thank you for sharing.';
    case 'replied':
      return flash.held ? held.replace('sharing', 'replying') : 'Your reply is up. Thank you for being here for someone.';
    case 'edited':
      return flash.held ? `Your changes are saved. ${held}` : 'Your changes are saved.';
    case 'reply-edited':
      return flash.held ? `Your reply is saved. ${held}` : 'Your reply is saved.';
    case 'post-deleted':
      return 'Your post is deleted.';
    case 'reply-deleted':
      return 'Your reply is deleted.';
    case 'flagged':
      return 'Thank you for looking out for the community. A moderator will review it.';
    case 'already-flagged':
      return 'You have already flagged this. Thank you — the moderators will look at it.';
    case 'alias':
      return 'You have a new alias. What you write from now on shows it; what you wrote before keeps the alias it was written under.';
    case 'notice-read':
      return 'Marked as read. The message stays here if you want to read it again.';
  }
}

/** Whether the reader sees this item behind a care notice: someone else's words that may mean they are at risk. */
export const behindCareNotice = (item: { careNotice: boolean; author: { isYou: boolean } }) => item.careNotice && !item.author.isYou;

/** The id of the crisis panel the author sees right after writing crisis language (CrisisPanel's default idPrefix). */
export const CRISIS_PANEL_ID = 'crisis-panel';

/** The id of a page's one full care notice (components/community/CareNotice.astro); brief ones link to it. */
export const CARE_NOTICE_ID = 'care-notice';

/** The path of a post page, with an optional fragment. */
export const postPath = (id: string, hash = '') => `/community/posts/${encodeURIComponent(id)}${hash ? `#${hash}` : ''}`;

export type { CmsResult };
