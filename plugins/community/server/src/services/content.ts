import type { Core } from '@strapi/strapi';
import type { CommunityConfig } from '../config';
import { CATEGORIES } from '../data/categories';
import { badRequest, conflict, forbidden, notFound } from '../lib/errors';
import { isUniqueViolation, withLock } from '../lib/locks';
import { excerptOf, renderMarkdown } from '../lib/render';
import { UID, iso } from '../lib/uids';
import { REACTION_KINDS, type ReactionKind, type Target } from '../lib/validation';
import type { Member } from './members';
import type { Screening } from './safety';

type Row = Record<string, any>;
export type ItemState = 'visible' | 'held' | 'hidden' | 'removed' | 'deleted';

const KIND_WORD: Record<Target, string> = { post: 'post', reply: 'reply' };
const uidOf = (target: Target) => (target === 'post' ? UID.post : UID.reply);

export const reactionsOf = (row: Row) => ({ heart: row.heart ?? 0, hug: row.hug ?? 0, strength: row.strength ?? 0, relate: row.relate ?? 0 });

/**
 * Posts, replies, reactions and flags. Every answer is built here from an allow-list of fields:
 * public ids are documentIds, authors are {alias, isYou}; no user, member or row id ever leaves.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const posts = () => strapi.db.query(UID.post as any);
  const replies = () => strapi.db.query(UID.reply as any);
  const reactions = () => strapi.db.query(UID.reaction as any);
  const flags = () => strapi.db.query(UID.flag as any);
  const members = () => strapi.plugin('community').service('members');
  const safety = () => strapi.plugin('community').service('safety');
  const config = () => strapi.config.get('plugin::community') as CommunityConfig;
  const categoryNames = new Map(CATEGORIES.map((c) => [c.slug, c.name]));

  // ---------- views ----------

  async function myReactionsFor(member: Member | null, target: Target, ids: string[]): Promise<Map<string, ReactionKind[]>> {
    const map = new Map<string, ReactionKind[]>();
    if (!member || !ids.length) return map;
    const rows = await reactions().findMany({ where: { memberId: member.id, targetType: target, targetId: { $in: ids } }, select: ['targetId', 'kind'] });
    for (const row of rows) map.set(row.targetId, [...(map.get(row.targetId) ?? []), row.kind]);
    for (const [id, kinds] of map) map.set(id, REACTION_KINDS.filter((k) => kinds.includes(k)));
    return map;
  }

  function postView(post: Row, aliases: Map<number, string>, me: Member | null, mine: Map<string, ReactionKind[]>) {
    return {
      id: post.documentId as string,
      title: post.title as string,
      excerpt: (post.excerpt ?? '') as string,
      category: { slug: post.categorySlug as string, name: categoryNames.get(post.categorySlug) ?? post.categorySlug },
      author: { alias: aliases.get(post.authorId) ?? 'Former member', isYou: !!me && post.authorId === me.id },
      createdAt: iso(post.createdAt),
      editedAt: iso(post.editedAt),
      replyCount: post.replyCount ?? 0,
      reactions: reactionsOf(post),
      myReactions: mine.get(post.documentId) ?? [],
      status: post.state as ItemState,
    };
  }

  function replyView(reply: Row, aliases: Map<number, string>, me: Member | null, mine: Map<string, ReactionKind[]>) {
    return {
      id: reply.documentId as string,
      postId: reply.postId as string,
      bodyHtml: (reply.bodyHtml ?? '') as string,
      // The Markdown source goes to its author only, so they can edit exactly what they wrote.
      ...(me && reply.authorId === me.id ? { body: (reply.body ?? '') as string } : {}),
      author: { alias: aliases.get(reply.authorId) ?? 'Former member', isYou: !!me && reply.authorId === me.id },
      createdAt: iso(reply.createdAt),
      editedAt: iso(reply.editedAt),
      reactions: reactionsOf(reply),
      myReactions: mine.get(reply.documentId) ?? [],
      status: reply.state as ItemState,
    };
  }

  async function postViews(rows: Row[], me: Member | null) {
    const [aliases, mine] = await Promise.all([members().aliasesOf(rows.map((r) => r.authorId)), myReactionsFor(me, 'post', rows.map((r) => r.documentId))]);
    return rows.map((row) => postView(row, aliases, me, mine));
  }

  async function fullPostView(post: Row, me: Member | null) {
    const where: Row = me ? { postId: post.documentId, $or: [{ state: 'visible' }, { state: 'held', authorId: me.id }] } : { postId: post.documentId, state: 'visible' };
    const replyRows = await replies().findMany({ where, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], limit: 1000 });
    const [aliases, minePosts, mineReplies] = await Promise.all([
      members().aliasesOf([post.authorId, ...replyRows.map((r: Row) => r.authorId)]),
      myReactionsFor(me, 'post', [post.documentId]),
      myReactionsFor(me, 'reply', replyRows.map((r: Row) => r.documentId)),
    ]);
    return {
      ...postView(post, aliases, me, minePosts),
      bodyHtml: (post.bodyHtml ?? '') as string,
      ...(me && post.authorId === me.id ? { body: (post.body ?? '') as string } : {}),
      replies: replyRows.map((r: Row) => replyView(r, aliases, me, mineReplies)),
    };
  }

  // ---------- lookups ----------

  /** A post the caller may see: visible, or their own (any state but deleted). Otherwise 404. */
  async function readablePost(id: string, me: Member | null): Promise<Row> {
    const post = await posts().findOne({ where: { documentId: id } });
    if (!post || post.state === 'deleted') throw notFound('No such post');
    if (post.state !== 'visible' && !(me && post.authorId === me.id)) throw notFound('No such post');
    return post;
  }

  /** An item by its author only: someone else's and missing answer the same 404. */
  async function ownItem(target: Target, id: string, me: Member): Promise<Row> {
    const row = await strapi.db.query(uidOf(target) as any).findOne({ where: { documentId: id } });
    if (!row || row.state === 'deleted' || row.authorId !== me.id) throw notFound(`No such ${KIND_WORD[target]}`);
    return row;
  }

  /** A visible item (a reply counts only while its post is visible too). */
  async function visibleItem(target: Target, id: string): Promise<Row> {
    const row = await strapi.db.query(uidOf(target) as any).findOne({ where: { documentId: id } });
    if (!row || row.state !== 'visible') throw notFound(`No such ${KIND_WORD[target]}`);
    if (target === 'reply') {
      const post = await posts().findOne({ where: { documentId: row.postId }, select: ['state'] });
      if (!post || post.state !== 'visible') throw notFound('No such reply');
    }
    return row;
  }

  /** Recounts a post's visible replies (and, optionally, marks activity now). */
  async function refreshReplyCount(postId: string, activity = false) {
    const replyCount = await replies().count({ where: { postId, state: 'visible' } });
    await posts().update({ where: { documentId: postId }, data: { replyCount, ...(activity ? { lastActivityAt: new Date() } : {}) } });
  }

  function assertCategory(slug: string) {
    if (!categoryNames.has(slug)) throw badRequest(`category must be one of: ${[...categoryNames.keys()].join(', ')}`, { errors: [{ path: ['category'], message: 'is not a community category' }] });
  }

  /** Fields that follow from screening a new or edited text. */
  function screenedFields(screening: Screening, current: Row | null) {
    const notes = [...((current?.systemNotes as unknown[]) ?? []), ...screening.notes].slice(-20);
    const data: Row = { crisis: screening.crisis || !!current?.crisis, systemNotes: notes };
    if (screening.queue) {
      data.queued = true;
      data.queuedAt = current?.queuedAt ?? new Date();
    }
    if (screening.hold && (!current || current.state === 'visible')) {
      data.state = 'held';
      data.heldReason = screening.heldReason;
    }
    return data;
  }

  function meta(screening: Screening, state: ItemState, heldReason: string | null, locale: string | null) {
    const held = state === 'held';
    return {
      held,
      ...(held ? { heldReason: heldReason ?? 'review' } : {}),
      crisis: screening.crisis,
      ...(screening.crisis ? { crisisResources: strapi.plugin('community').service('crisis').resourcesFor(locale) } : {}),
    };
  }

  const service = {
    categoryNames,

    async categories() {
      const rows = await strapi.db.query(UID.category as any).findMany({ orderBy: [{ position: 'asc' }, { name: 'asc' }] });
      const counts = new Map<string, number>();
      const table = strapi.db.metadata.get(UID.post as any).tableName;
      const grouped = await strapi.db.connection(table).select('category_slug as slug').count({ n: '*' }).where('state', 'visible').groupBy('category_slug');
      for (const row of grouped as any[]) counts.set(row.slug, Number(row.n));
      return rows.map((row: Row) => ({ slug: row.slug, name: row.name, description: row.description ?? '', postCount: counts.get(row.slug) ?? 0 }));
    },

    async list(me: Member | null, query: { category?: string; sort: 'new' | 'active' | 'top'; page: number; pageSize: number }) {
      if (query.category) assertCategory(query.category);
      const where: Row = me ? { $or: [{ state: 'visible' }, { state: 'held', authorId: me.id }] } : { state: 'visible' };
      if (query.category) where.categorySlug = query.category;
      const orderBy =
        query.sort === 'active'
          ? [{ lastActivityAt: 'desc' }, { createdAt: 'desc' }, { id: 'desc' }]
          : query.sort === 'top'
            ? [{ reactionTotal: 'desc' }, { createdAt: 'desc' }, { id: 'desc' }]
            : [{ createdAt: 'desc' }, { id: 'desc' }];
      const [rows, total] = await Promise.all([
        posts().findMany({ where, orderBy, offset: (query.page - 1) * query.pageSize, limit: query.pageSize }),
        posts().count({ where }),
      ]);
      return {
        data: await postViews(rows, me),
        meta: { pagination: { page: query.page, pageSize: query.pageSize, total, pageCount: Math.ceil(total / query.pageSize) } },
      };
    },

    async mine(me: Member, query: { page: number; pageSize: number }) {
      const where = { authorId: me.id, state: { $ne: 'deleted' } };
      const [rows, total] = await Promise.all([
        posts().findMany({ where, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], offset: (query.page - 1) * query.pageSize, limit: query.pageSize }),
        posts().count({ where }),
      ]);
      return {
        data: await postViews(rows, me),
        meta: { pagination: { page: query.page, pageSize: query.pageSize, total, pageCount: Math.ceil(total / query.pageSize) } },
      };
    },

    async findOne(id: string, me: Member | null) {
      return fullPostView(await readablePost(id, me), me);
    },

    async createPost(me: Member, input: { category: string; title: string; body: string }, locale: string | null) {
      assertCategory(input.category);
      return withLock(`member:${me.id}`, async () => {
        await safety().assertRate(me, 'post');
        const bodyHtml = renderMarkdown(input.body);
        await safety().assertLinks(me, [{ source: input.title }, { source: input.body, html: bodyHtml }]);
        const screening: Screening = await safety().screen(`${input.title}\n${input.body}`);
        const now = new Date();
        const created = await posts().create({
          data: {
            authorId: me.id,
            categorySlug: input.category,
            title: input.title,
            body: input.body,
            bodyHtml,
            excerpt: excerptOf(bodyHtml),
            state: 'visible',
            flagCount: 0,
            replyCount: 0,
            heart: 0,
            hug: 0,
            strength: 0,
            relate: 0,
            reactionTotal: 0,
            lastActivityAt: now,
            publishedAt: now,
            ...screenedFields(screening, null),
          },
        });
        return { data: await fullPostView(created, me), meta: meta(screening, created.state, created.heldReason ?? null, locale) };
      });
    },

    async updatePost(me: Member, id: string, input: { title?: string; body?: string }, locale: string | null) {
      return withLock(`member:${me.id}`, async () => {
        const post = await ownItem('post', id, me);
        if (post.state === 'hidden' || post.state === 'removed') throw forbidden('Moderators took this post down, so it can no longer be edited. You can still delete it.');
        const title = input.title ?? post.title;
        const body = input.body ?? post.body;
        const bodyHtml = renderMarkdown(body);
        await safety().assertLinks(me, [{ source: title }, { source: body, html: bodyHtml }]);
        const screening: Screening = await safety().screen(`${title}\n${body}`);
        const updated = await posts().update({
          where: { id: post.id },
          data: { title, body, bodyHtml, excerpt: excerptOf(bodyHtml), editedAt: new Date(), ...screenedFields(screening, post) },
        });
        return { data: await fullPostView(updated, me), meta: meta(screening, updated.state, updated.heldReason ?? null, locale) };
      });
    },

    /** Deletes one's own post: the text is wiped at once; the row stays only so hourly limits hold. */
    async deletePost(me: Member, id: string) {
      return withLock(`member:${me.id}`, async () => {
        const post = await ownItem('post', id, me);
        await posts().update({
          where: { id: post.id },
          data: { state: 'deleted', title: '[deleted]', body: '', bodyHtml: '', excerpt: '', systemNotes: null, queued: false, heldReason: null },
        });
        await reactions().deleteMany({ where: { targetType: 'post', targetId: post.documentId } });
        await flags().updateMany({ where: { targetType: 'post', targetId: post.documentId }, data: { resolved: true } });
        return { data: { id: post.documentId, status: 'deleted' as const } };
      });
    },

    async createReply(me: Member, postId: string, input: { body: string }, locale: string | null) {
      return withLock(`member:${me.id}`, async () => {
        const post = await posts().findOne({ where: { documentId: postId }, select: ['id', 'documentId', 'state'] });
        if (!post || post.state !== 'visible') throw notFound('No such post');
        await safety().assertRate(me, 'reply');
        const bodyHtml = renderMarkdown(input.body);
        await safety().assertLinks(me, [{ source: input.body, html: bodyHtml }]);
        const screening: Screening = await safety().screen(input.body);
        const created = await replies().create({
          data: {
            postId: post.documentId,
            authorId: me.id,
            body: input.body,
            bodyHtml,
            excerpt: excerptOf(bodyHtml),
            state: 'visible',
            flagCount: 0,
            heart: 0,
            hug: 0,
            strength: 0,
            relate: 0,
            reactionTotal: 0,
            publishedAt: new Date(),
            ...screenedFields(screening, null),
          },
        });
        await refreshReplyCount(post.documentId, created.state === 'visible');
        const aliases = await members().aliasesOf([me.id]);
        return { data: replyView(created, aliases, me, new Map()), meta: meta(screening, created.state, created.heldReason ?? null, locale) };
      });
    },

    async updateReply(me: Member, id: string, input: { body: string }, locale: string | null) {
      return withLock(`member:${me.id}`, async () => {
        const reply = await ownItem('reply', id, me);
        if (reply.state === 'hidden' || reply.state === 'removed') throw forbidden('Moderators took this reply down, so it can no longer be edited. You can still delete it.');
        const bodyHtml = renderMarkdown(input.body);
        await safety().assertLinks(me, [{ source: input.body, html: bodyHtml }]);
        const screening: Screening = await safety().screen(input.body);
        const updated = await replies().update({
          where: { id: reply.id },
          data: { body: input.body, bodyHtml, excerpt: excerptOf(bodyHtml), editedAt: new Date(), ...screenedFields(screening, reply) },
        });
        if (updated.state !== reply.state) await refreshReplyCount(reply.postId);
        const [aliases, mine] = await Promise.all([members().aliasesOf([me.id]), myReactionsFor(me, 'reply', [updated.documentId])]);
        return { data: replyView(updated, aliases, me, mine), meta: meta(screening, updated.state, updated.heldReason ?? null, locale) };
      });
    },

    async deleteReply(me: Member, id: string) {
      return withLock(`member:${me.id}`, async () => {
        const reply = await ownItem('reply', id, me);
        await replies().update({ where: { id: reply.id }, data: { state: 'deleted', body: '', bodyHtml: '', excerpt: '', systemNotes: null, queued: false, heldReason: null } });
        await reactions().deleteMany({ where: { targetType: 'reply', targetId: reply.documentId } });
        await flags().updateMany({ where: { targetType: 'reply', targetId: reply.documentId }, data: { resolved: true } });
        await refreshReplyCount(reply.postId);
        return { data: { id: reply.documentId, status: 'deleted' as const } };
      });
    },

    /** Toggles one reaction of the caller on a visible item; counts are recounted, not incremented. */
    async toggleReaction(me: Member, input: { target: Target; id: string; kind: ReactionKind }) {
      return withLock(`member:${me.id}`, async () => {
        const item = await visibleItem(input.target, input.id);
        const key = { memberId: me.id, targetType: input.target, targetId: item.documentId, kind: input.kind };
        const existing = await reactions().findOne({ where: key, select: ['id'] });
        if (existing) await reactions().delete({ where: { id: existing.id } });
        else {
          try {
            await reactions().create({ data: key });
          } catch (err) {
            if (!isUniqueViolation(err)) throw err;
          }
        }
        const counts = await service.recountReactions(input.target, item.documentId);
        const mine = await myReactionsFor(me, input.target, [item.documentId]);
        return { data: { reactions: counts, myReactions: mine.get(item.documentId) ?? [] } };
      });
    },

    async recountReactions(target: Target, documentId: string) {
      const table = strapi.db.metadata.get(UID.reaction as any).tableName;
      const rows = await strapi.db.connection(table).select('kind').count({ n: '*' }).where({ target_type: target, target_id: documentId }).groupBy('kind');
      const counts = { heart: 0, hug: 0, strength: 0, relate: 0 };
      for (const row of rows as any[]) if (row.kind in counts) counts[row.kind as ReactionKind] = Number(row.n);
      const total = counts.heart + counts.hug + counts.strength + counts.relate;
      await strapi.db.query(uidOf(target) as any).update({ where: { documentId }, data: { ...counts, reactionTotal: total } });
      return counts;
    },

    /** One flag per member per item; past the threshold of open flags the item is held for review. */
    async flag(me: Member, input: { target: Target; id: string; reason: string; note?: string }) {
      return withLock(`member:${me.id}`, async () => {
        const item = await visibleItem(input.target, input.id);
        if (item.authorId === me.id) {
          throw badRequest(`You cannot flag your own ${KIND_WORD[input.target]}. You can edit or delete it instead.`, { errors: [{ path: ['id'], message: 'is your own' }] });
        }
        const already = await flags().findOne({ where: { memberId: me.id, targetType: input.target, targetId: item.documentId }, select: ['id'] });
        const thanks = `You have already flagged this ${KIND_WORD[input.target]}. Thank you — the moderators will look at it.`;
        if (already) throw conflict(thanks);
        try {
          await flags().create({ data: { memberId: me.id, targetType: input.target, targetId: item.documentId, reason: input.reason, note: input.note ?? null, resolved: false } });
        } catch (err) {
          if (isUniqueViolation(err)) throw conflict(thanks);
          throw err;
        }
        await service.refreshFlags(input.target, item.documentId);
        return {
          data: { target: input.target, id: item.documentId, reason: input.reason },
          meta: { message: 'Thank you for looking out for the community. A moderator will review it.' },
        };
      });
    },

    /** Re-counts open flags of an item, queues it, and holds it once the threshold is reached. */
    async refreshFlags(target: Target, documentId: string) {
      const query = strapi.db.query(uidOf(target) as any);
      const item = await query.findOne({ where: { documentId } });
      if (!item) return;
      const open = await flags().count({ where: { targetType: target, targetId: documentId, resolved: false } });
      const data: Row = { flagCount: open };
      if (open > 0) {
        data.queued = true;
        data.queuedAt = item.queuedAt ?? new Date();
      }
      if (open >= config().flagThreshold && item.state === 'visible') {
        data.state = 'held';
        data.heldReason = 'flags';
      }
      await query.update({ where: { id: item.id }, data });
      if (target === 'reply' && data.state) await refreshReplyCount(item.postId);
    },

    refreshReplyCount,
  };
  return service;
};
