/**
 * Compile-time proofs about ./views.ts; nothing here runs. `npx tsc -b plugins/community` fails when
 *  - a view, at any depth (a post's author, a full post's replies, an alias report's history), names a
 *    field that would tell who wrote something or who flagged it: an account, member or profile id, a
 *    username, an email (revealView alone is left out, by name: super admins only, always logged);
 *  - a view sent to the site no longer has exactly the shape the site reads (@haven/shared/community).
 */
import type { CategoryView, CommunityNoticeView, CrisisResources, FullPostView, MemberView, PostView, ReplyView } from '@haven/shared/community';
import type { SameFields, ViewOf, Proof } from '@haven/shared/view';
import type {
  aliasReportView,
  authorView,
  categoryView,
  crisisResourcesView,
  fullPostView,
  historyItemView,
  logView,
  memberActionView,
  memberView,
  moderatedMemberView,
  noticeSentView,
  ownFullPostView,
  ownNoticeView,
  ownReplyView,
  postView,
  queueItemView,
  replyView,
  watchedWordView,
} from './views';

/** Field names that identify a person behind an alias. */
export type IdentifyingKey =
  | 'authorId'
  | 'memberId'
  | 'flaggerIds'
  | 'userId'
  | 'user'
  | 'member'
  | 'account'
  | 'username'
  | 'email'
  | 'profile'
  | 'profileId'
  | `${string}UserId`
  | `${string}MemberId`
  | `${string}ProfileId`
  | `${string}Email`;

/** Every key of a view, nested objects and array elements included. */
type KeysDeep<T> = T extends readonly (infer Element)[] ? KeysDeep<Element> : T extends object ? { [K in keyof T]-?: K | KeysDeep<T[K]> }[keyof T] : never;

/** The identifying keys a view would send (never, for an anonymous one). */
type Identifying<View> = Extract<KeysDeep<View>, IdentifyingKey>;

/** Compiles only for `never`: the error names the offending field. */
type ExpectNone<Key extends never> = Key;

/** No view of the community's routes (content API and moderation page) identifies an author, a member or a flagger. */
export type NoViewIdentifiesAnAuthor = [
  ExpectNone<Identifying<ViewOf<typeof authorView>>>,
  ExpectNone<Identifying<ViewOf<typeof postView>>>,
  ExpectNone<Identifying<ViewOf<typeof replyView>>>,
  ExpectNone<Identifying<ViewOf<typeof ownReplyView>>>,
  ExpectNone<Identifying<ViewOf<typeof fullPostView>>>,
  ExpectNone<Identifying<ViewOf<typeof ownFullPostView>>>,
  ExpectNone<Identifying<ViewOf<typeof memberView>>>,
  ExpectNone<Identifying<ViewOf<typeof categoryView>>>,
  ExpectNone<Identifying<ViewOf<typeof crisisResourcesView>>>,
  ExpectNone<Identifying<ViewOf<typeof logView>>>,
  ExpectNone<Identifying<ViewOf<typeof moderatedMemberView>>>,
  ExpectNone<Identifying<ViewOf<typeof queueItemView>>>,
  ExpectNone<Identifying<ViewOf<typeof historyItemView>>>,
  ExpectNone<Identifying<ViewOf<typeof aliasReportView>>>,
  ExpectNone<Identifying<ViewOf<typeof memberActionView>>>,
  ExpectNone<Identifying<ViewOf<typeof watchedWordView>>>,
  // ownNotices: a member's private messages carry only the alias they themselves wrote under.
  ExpectNone<Identifying<ViewOf<typeof ownNoticeView>>>,
  ExpectNone<Identifying<ViewOf<typeof noticeSentView>>>,
];

/** The content API's views are exactly the shapes the site reads (others' items without `body`, the author's with it). */
export type ViewsMatchTheSite = [
  Proof<SameFields<ViewOf<typeof authorView>, PostView['author']>>,
  Proof<SameFields<ViewOf<typeof postView>, PostView>>,
  Proof<SameFields<ViewOf<typeof replyView>, Omit<ReplyView, 'body'>>>,
  Proof<SameFields<ViewOf<typeof ownReplyView>, ReplyView>>,
  Proof<SameFields<ViewOf<typeof fullPostView>, Omit<FullPostView, 'body'>>>,
  Proof<SameFields<ViewOf<typeof ownFullPostView>, FullPostView>>,
  Proof<SameFields<ViewOf<typeof memberView>, MemberView>>,
  Proof<SameFields<ViewOf<typeof categoryView>, CategoryView>>,
  Proof<SameFields<ViewOf<typeof crisisResourcesView>, CrisisResources>>,
  Proof<SameFields<ViewOf<typeof ownNoticeView>, CommunityNoticeView>>,
];
