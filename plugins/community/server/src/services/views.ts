import type { Core } from '@strapi/strapi';
import type { AuthorView, FullPostView, PostView, ReplyView } from '@haven/shared/community';
import type { ViewOf } from '@haven/shared/view';
import { CATEGORIES } from '../data/categories';
import { getService } from '../get-service';
import type { PostRow, ReactionCounts, ReplyRow } from '../db/rows';
import { iso } from '../lib/dates';
import { REACTION_KINDS, type ReactionKind, type Target } from '../lib/validation';
import { tables } from '../db/tables';
import { authorView, fullPostView, ownFullPostView, ownReplyView, postView, replyView, type FullPostRecord, type PostRecord, type ReplyRecord } from '../views';
import type { Member } from './members';

export type { AuthorView, FullPostView, PostView, ReplyView } from '@haven/shared/community';

export const reactionsOf = (row: Partial<ReactionCounts>): ReactionCounts => ({ heart: row.heart ?? 0, hug: row.hug ?? 0, strength: row.strength ?? 0, relate: row.relate ?? 0 });

export const FORMER_MEMBER = 'Former member';

/**
 * What the content API answers about posts and replies: each row is resolved into a record (../views.ts)
 * and the answer picked from it by the view's allow-list. Public ids are documentIds, authors are
 * {alias, isYou}; the member id behind an author stays in the record.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const db = tables(strapi);
  const members = () => getService('members');
  const categoryNames = new Map(CATEGORIES.map((c) => [c.slug, c.name]));

  /** The caller's reactions on some items, in the order of REACTION_KINDS. */
  /** Posts as `me` sees them, from their authors' aliases and `me`'s reactions already read. */
  const postsFrom = (rows: PostRow[], aliases: Map<number, string>, me: Member | null, mine: Map<string, ReactionKind[]>): PostView[] =>
    rows.map((row) => postView.pick(postRecord(row, aliases, me, mine)));

  async function myReactionsFor(member: Member | null, target: Target, ids: string[]): Promise<Map<string, ReactionKind[]>> {
    const map = new Map<string, ReactionKind[]>();
    if (!member || !ids.length) return map;
    const rows = await db.reactions.findMany({ where: { memberId: member.id, targetType: target, targetId: { $in: ids } }, select: ['targetId', 'kind'] });
    for (const row of rows) map.set(row.targetId, [...(map.get(row.targetId) ?? []), row.kind]);
    for (const [id, kinds] of map) map.set(id, REACTION_KINDS.filter((k) => kinds.includes(k)));
    return map;
  }

  /**
   * The alias an item was written under (not the author's alias today: changing alias must not relabel
   * old posts); "Former member" once the member is gone. `aliases` holds the members that still exist.
   */
  const author = (row: { authorId: number; authorAlias: string | null }, aliases: Map<number, string>, me: Member | null): AuthorView =>
    authorView.pick({
      memberId: row.authorId,
      alias: aliases.has(row.authorId) ? (row.authorAlias ?? aliases.get(row.authorId) ?? FORMER_MEMBER) : FORMER_MEMBER,
      isYou: !!me && row.authorId === me.id,
    });

  const isMine = (row: { authorId: number }, me: Member | null) => !!me && row.authorId === me.id;

  function postRecord(row: PostRow, aliases: Map<number, string>, me: Member | null, mine: Map<string, ReactionKind[]>): PostRecord {
    return {
      id: row.documentId,
      authorId: row.authorId,
      title: row.title,
      excerpt: row.excerpt ?? '',
      category: { slug: row.categorySlug, name: categoryNames.get(row.categorySlug) ?? row.categorySlug },
      author: author(row, aliases, me),
      createdAt: iso(row.createdAt),
      editedAt: iso(row.editedAt),
      replyCount: row.replyCount ?? 0,
      reactions: reactionsOf(row),
      myReactions: mine.get(row.documentId) ?? [],
      status: row.state,
      careNotice: !!row.crisis,
      bodyHtml: row.bodyHtml ?? '',
      body: row.body ?? '',
    };
  }

  function reply(row: ReplyRow, aliases: Map<number, string>, me: Member | null, mine: Map<string, ReactionKind[]>): ViewOf<typeof replyView> | ViewOf<typeof ownReplyView> {
    const record: ReplyRecord = {
      id: row.documentId,
      postId: row.postId,
      authorId: row.authorId,
      bodyHtml: row.bodyHtml ?? '',
      body: row.body ?? '',
      author: author(row, aliases, me),
      createdAt: iso(row.createdAt),
      editedAt: iso(row.editedAt),
      reactions: reactionsOf(row),
      myReactions: mine.get(row.documentId) ?? [],
      status: row.state,
      careNotice: !!row.crisis,
    };
    // The Markdown source goes to its author only, so they can edit exactly what they wrote.
    return (isMine(row, me) ? ownReplyView : replyView).pick(record);
  }

  return {
    categoryNames,
    myReactionsFor,

    async posts(rows: PostRow[], me: Member | null): Promise<PostView[]> {
      const [aliases, mine] = await Promise.all([
        members().aliasesOf(rows.map((r) => r.authorId)),
        myReactionsFor(
          me,
          'post',
          rows.map((r) => r.documentId),
        ),
      ]);
      return postsFrom(rows, aliases, me, mine);
    },

    postsFrom,

    /** A post with its body and the replies the caller may see (visible ones, and their own held ones). */
    async fullPost(row: PostRow, me: Member | null): Promise<FullPostView> {
      const where = me ? { postId: row.documentId, $or: [{ state: 'visible' }, { state: 'held', authorId: me.id }] } : { postId: row.documentId, state: 'visible' };
      const replyRows = await db.replies.findMany({ where, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], limit: 1000 });
      const [aliases, minePosts, mineReplies] = await Promise.all([
        members().aliasesOf([row.authorId, ...replyRows.map((r) => r.authorId)]),
        myReactionsFor(me, 'post', [row.documentId]),
        myReactionsFor(
          me,
          'reply',
          replyRows.map((r) => r.documentId),
        ),
      ]);
      const record: FullPostRecord = { ...postRecord(row, aliases, me, minePosts), replies: replyRows.map((r) => reply(r, aliases, me, mineReplies)) };
      return (isMine(row, me) ? ownFullPostView : fullPostView).pick(record);
    },

    /** One reply as its author sees it after writing it. */
    async reply(row: ReplyRow, me: Member): Promise<ReplyView> {
      const [aliases, mine] = await Promise.all([members().aliasesOf([row.authorId]), myReactionsFor(me, 'reply', [row.documentId])]);
      return reply(row, aliases, me, mine);
    },
  };
};
