/**
 * A person's community data (issue 20). The member row is the only place where an account meets an
 * alias; everything else (posts, replies, reactions, flags, notices, the moderation log) names the
 * member. So:
 *
 * Export: the member (its alias today and every alias it was issued), the posts and replies it wrote
 * (under the alias each was written under), its reactions, the flags it raised (with the flagged
 * item's text, never its author) and the moderators' notices it received. Nobody else is named.
 *
 * Erasure: the member row is deleted, so no row links an alias to the account any more; items
 * written by a member that no longer exists read "Former member" (services/views.ts). Then, as the
 * person chose:
 *  - 'erase': their posts and replies are emptied exactly as when they delete one themselves
 *    (state 'deleted', texts and alias cleared, reactions on them removed, flags on them closed).
 *    Other members' replies under an erased post disappear from readers with it, as they do when an
 *    author deletes a post: a thread whose opening post is gone reads as nonsense, and those replies
 *    stay their writers' own (in their exports, erasable by them).
 *  - 'keep-as-former-member': the texts stay readable; only the alias they were written under is
 *    cleared, so they read "Former member" and cannot be tied to each other by alias.
 * Either way the reactions and flags they raised and the notices they received are deleted (flagged
 * items keep their open-flag counts, so a moderator's queue does not change under them); the aliases
 * they were issued stay reserved (never reissued) but linked to nobody; the moderation log keeps its
 * entries (staff's record of what they did) without the member or alias, and, on 'erase', without the
 * excerpt of their text.
 */
import type { Core } from '@strapi/strapi';
import type { ErasureOutcome, ErasureRequest, PersonalDataSections } from '@haven/shared/server/personal-data';
import { CATEGORIES } from '../data/categories';
import { getService } from '../get-service';
import type { ItemRow } from '../db/rows';
import { tables } from '../db/tables';
import { iso } from '../lib/dates';
import { withLock } from '../lib/locks';
import type { Target } from '../lib/validation';
import { reactionsOf } from './views';

/** What an erased post or reply keeps: the row (so counts and threads stay consistent), nothing written. */
const ERASED_TEXT: Partial<ItemRow> = { authorAlias: null, body: '', bodyHtml: '', excerpt: '', systemNotes: null, queued: false, heldReason: null };

const KEPT_ALIASES = 'reserved so they are never issued to anyone else; linked to no member or account';
const KEPT_LOG = "staff's record of their moderation actions, kept without the member or alias";
const KEPT_ITEMS = 'kept readable under "Former member", as the person chose; the alias they were written under is cleared';

const nonZero = (counts: Record<string, number>) => Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0));

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const db = () => tables(strapi);
  const categoryNames = new Map(CATEGORIES.map((c) => [c.slug, c.name]));

  /** The text of flagged or reacted-to items (title and excerpt), by documentId: what the person saw, never who wrote it. */
  async function itemTexts(target: Target, ids: string[]): Promise<Map<string, { title: string | null; excerpt: string }>> {
    if (!ids.length) return new Map();
    if (target === 'post') {
      const rows = await db().posts.findMany({ where: { documentId: { $in: ids } }, select: ['documentId', 'title', 'excerpt', 'state'] });
      return new Map(rows.map((row) => [row.documentId, { title: row.state === 'deleted' ? null : row.title, excerpt: row.excerpt ?? '' }]));
    }
    const rows = await db().replies.findMany({ where: { documentId: { $in: ids } }, select: ['documentId', 'excerpt'] });
    return new Map(rows.map((row) => [row.documentId, { title: null, excerpt: row.excerpt ?? '' }]));
  }

  return {
    async export(userId: number): Promise<PersonalDataSections> {
      const member = await db().members.findOne({ where: { userId } });
      if (!member) return { member: null, aliases: [], posts: [], replies: [], reactions: [], flagsRaised: [], noticesReceived: [] };
      const memberId = member.id;
      const [aliases, posts, replies, reactions, flags, notices] = await Promise.all([
        db().aliases.findMany({ where: { memberId }, select: ['alias'], orderBy: { id: 'asc' } }),
        db().posts.findMany({ where: { authorId: memberId, state: { $ne: 'deleted' } }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
        db().replies.findMany({ where: { authorId: memberId, state: { $ne: 'deleted' } }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
        db().reactions.findMany({ where: { memberId }, orderBy: { id: 'asc' } }),
        db().flags.findMany({ where: { memberId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
        db().notices.findMany({ where: { memberId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
      ]);
      const targets = [...reactions, ...flags];
      const [postTexts, replyTexts, repliedPosts] = await Promise.all([
        itemTexts('post', [...new Set(targets.filter((t) => t.targetType === 'post').map((t) => t.targetId))]),
        itemTexts('reply', [...new Set(targets.filter((t) => t.targetType === 'reply').map((t) => t.targetId))]),
        itemTexts('post', [...new Set(replies.map((r) => r.postId))]),
      ]);
      const textOf = (target: Target, id: string) => (target === 'post' ? postTexts : replyTexts).get(id) ?? null;
      return {
        member: {
          alias: member.alias,
          joinedAt: iso(member.joinedAt),
          aliasChangedAt: iso(member.aliasChangedAt),
          standing: member.state,
          standingUntil: iso(member.stateUntil),
          standingReason: member.stateReason,
          warnings: member.warnings ?? 0,
        },
        aliases: aliases.map((row) => row.alias),
        posts: posts.map((row) => ({
          id: row.documentId,
          alias: row.authorAlias,
          category: categoryNames.get(row.categorySlug) ?? row.categorySlug,
          title: row.title,
          body: row.body ?? '',
          status: row.state,
          createdAt: iso(row.createdAt),
          editedAt: iso(row.editedAt),
          replyCount: row.replyCount ?? 0,
          reactions: reactionsOf(row),
        })),
        replies: replies.map((row) => ({
          id: row.documentId,
          postId: row.postId,
          postTitle: repliedPosts.get(row.postId)?.title ?? null,
          alias: row.authorAlias,
          body: row.body ?? '',
          status: row.state,
          createdAt: iso(row.createdAt),
          editedAt: iso(row.editedAt),
          reactions: reactionsOf(row),
        })),
        reactions: reactions.map((row) => ({ kind: row.kind, targetType: row.targetType, targetId: row.targetId, target: textOf(row.targetType, row.targetId) })),
        flagsRaised: flags.map((row) => ({
          targetType: row.targetType,
          targetId: row.targetId,
          target: textOf(row.targetType, row.targetId),
          reason: row.reason,
          note: row.note,
          resolved: !!row.resolved,
          createdAt: iso(row.createdAt),
          decidedAt: iso(row.decidedAt),
        })),
        noticesReceived: notices.map((row) => ({ aliasAtTime: row.aliasAtTime, postId: row.postId, text: row.text, createdAt: iso(row.createdAt), readAt: iso(row.readAt) })),
      };
    },

    async erase(request: ErasureRequest): Promise<ErasureOutcome> {
      const member = await db().members.findOne({ where: { userId: request.userId } });
      // No member: never joined, or erased already (the member row goes last): nothing more to do.
      if (!member) return { erased: {}, kept: {} };
      const memberId = member.id;
      const erase = request.community === 'erase';

      // The member's lock: a post or reaction of theirs still in flight finishes before, or finds no member after.
      const { counts, kept, reacted, repliedPosts } = await withLock(`member:${memberId}`, () =>
        strapi.db.transaction(async () => {
          const [posts, replies, reactions] = await Promise.all([
            db().posts.findMany({ where: { authorId: memberId }, select: ['id', 'documentId', 'state'] }),
            db().replies.findMany({ where: { authorId: memberId }, select: ['id', 'documentId', 'postId', 'state'] }),
            db().reactions.findMany({ where: { memberId }, select: ['targetType', 'targetId'] }),
          ]);
          const postIds = posts.map((p) => p.documentId);
          const replyIds = replies.map((r) => r.documentId);
          const written = { posts: posts.filter((p) => p.state !== 'deleted').length, replies: replies.filter((r) => r.state !== 'deleted').length };

          if (erase) {
            await db().posts.updateMany({ where: { authorId: memberId }, data: { ...ERASED_TEXT, state: 'deleted', title: '[deleted]' } });
            await db().replies.updateMany({ where: { authorId: memberId }, data: { ...ERASED_TEXT, state: 'deleted' } });
            // As an author's own delete does: reactions on the erased items go, flags on them are closed.
            for (const [target, ids] of [['post', postIds], ['reply', replyIds]] as const) {
              if (!ids.length) continue;
              await db().reactions.deleteMany({ where: { targetType: target, targetId: { $in: ids } } });
              await db().flags.updateMany({ where: { targetType: target, targetId: { $in: ids } }, data: { resolved: true } });
            }
          } else {
            await db().posts.updateMany({ where: { authorId: memberId }, data: { authorAlias: null } });
            await db().replies.updateMany({ where: { authorId: memberId }, data: { authorAlias: null } });
          }

          const reactionsRaised = (await db().reactions.deleteMany({ where: { memberId } })).count;
          const flagsRaised = (await db().flags.deleteMany({ where: { memberId } })).count;
          const notices = (await db().notices.deleteMany({ where: { memberId } })).count;

          // The log about them, or about their items: no member or alias; on 'erase', none of their text either.
          const aboutThem = [{ memberId }, ...(postIds.length ? [{ targetType: 'post', targetId: { $in: postIds } }] : []), ...(replyIds.length ? [{ targetType: 'reply', targetId: { $in: replyIds } }] : [])];
          const logEntries = (await db().log.updateMany({ where: { $or: aboutThem }, data: { memberId: null, alias: null, ...(erase ? { excerpt: null } : {}) } })).count;
          const aliases = (await db().aliases.updateMany({ where: { memberId }, data: { memberId: null } })).count;
          await db().members.delete({ where: { id: memberId } });

          return {
            counts: { member: 1, ...(erase ? written : {}), reactions: reactionsRaised, flagsRaised, notices },
            kept: {
              ...(erase ? {} : { posts: written.posts, replies: written.replies }),
              aliases,
              moderationLog: logEntries,
            },
            reacted: reactions,
            repliedPosts: [...new Set(replies.map((r) => r.postId))],
          };
        }),
      );

      // Counts on other items follow their rows (outside the transaction: each is a recount, safe to repeat).
      const reactionService = getService('reactions');
      const seen = new Set<string>();
      for (const { targetType, targetId } of reacted) {
        const key = `${targetType}:${targetId}`;
        if (seen.has(key)) continue;
        seen.add(key);
        await reactionService.recount(targetType, targetId);
      }
      if (erase) for (const postId of repliedPosts) await getService('items').refreshReplyCount(postId);

      const why: Record<string, string> = { posts: KEPT_ITEMS, replies: KEPT_ITEMS, aliases: KEPT_ALIASES, moderationLog: KEPT_LOG };
      return {
        erased: nonZero(counts),
        kept: Object.fromEntries(Object.entries(nonZero(kept)).map(([kind, count]) => [kind, { count, why: why[kind] ?? '' }])),
      };
    },
  };
};
