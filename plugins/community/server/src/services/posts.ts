import type { Core } from '@strapi/strapi';
import { forbidden } from '@haven/shared/errors';
import type { Pagination } from '@haven/shared/community';
import { config, getService } from '../get-service';
import { communityReadCache, keptOr, type CommunityReadCache } from '../db/read-cache';
import { withLock } from '../lib/locks';
import type { PostRow } from '../db/rows';
import type { CreatePostInput, ListQuery, MyPostsQuery, ReactionKind, UpdatePostInput } from '../lib/validation';
import { tables } from '../db/tables';
import type { Written } from './items';
import type { FullPostView, PostView } from './views';

export type { Pagination } from '@haven/shared/community';

export interface PostPage {
  items: PostView[];
  pagination: Pagination;
}

const SORTS = {
  new: [{ createdAt: 'desc' }, { id: 'desc' }],
  active: [{ lastActivityAt: 'desc' }, { createdAt: 'desc' }, { id: 'desc' }],
  top: [{ reactionTotal: 'desc' }, { createdAt: 'desc' }, { id: 'desc' }],
} as const satisfies Record<ListQuery['sort'], Array<Partial<Record<keyof PostRow, 'desc'>>>>;

const paginationOf = (page: number, pageSize: number, total: number): Pagination => ({ page, pageSize, total, pageCount: Math.ceil(total / pageSize) });

/** Posts: listings, one post with its replies, and writing, editing and deleting one's own. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const db = tables(strapi);
  const members = () => getService('members');
  const items = () => getService('items');
  const views = () => getService('views');
  const safety = () => getService('safety');
  const categories = () => getService('categories');

  /**
   * `list` from what this process keeps (db/read-cache.ts): the same answer, fewer reads. A reader
   * without held posts sees only visible ones, so their page is the one every such reader shares.
   */
  async function keptList(kept: CommunityReadCache, userId: number, query: ListQuery): Promise<PostPage> {
    const me = await keptOr(kept, kept.readers, String(userId), () => members().reader(userId));
    if (query.category) categories().assertCategory(query.category);
    const held = me ? await keptOr(kept, kept.held, String(me.id), async () => (await db.posts.count({ where: { authorId: me.id, state: 'held' } })) > 0) : false;
    const where: Record<string, unknown> = me && held ? { $or: [{ state: 'visible' }, { state: 'held', authorId: me.id }] } : { state: 'visible' };
    if (query.category) where.categorySlug = query.category;
    const offset = (query.page - 1) * query.pageSize;
    const page = await keptOr(kept, kept.pages, JSON.stringify([where, query.sort, offset, query.pageSize]), async () => {
      const [rows, total] = await Promise.all([db.posts.findMany({ where, orderBy: [...SORTS[query.sort]], offset, limit: query.pageSize }), db.posts.count({ where })]);
      return { rows, total, aliases: await members().aliasesOf(rows.map((r) => r.authorId)) };
    });
    const ids = page.rows.map((r) => r.documentId);
    const mine = me && ids.length ? await keptOr(kept, kept.reactions, `${me.id}:${ids.join(',')}`, () => views().myReactionsFor(me, 'post', ids)) : new Map<string, ReactionKind[]>();
    return { items: views().postsFrom(page.rows, page.aliases, me, mine), pagination: paginationOf(query.page, query.pageSize, page.total) };
  }

  return {
    /** A page of posts: visible ones, and the caller's own held ones. */
    async list(userId: number, query: ListQuery): Promise<PostPage> {
      const kept = communityReadCache(strapi, config().cacheMs);
      if (kept.on) return keptList(kept, userId, query);
      const me = await members().reader(userId);
      if (query.category) categories().assertCategory(query.category);
      const where: Record<string, unknown> = me ? { $or: [{ state: 'visible' }, { state: 'held', authorId: me.id }] } : { state: 'visible' };
      if (query.category) where.categorySlug = query.category;
      const [rows, total] = await Promise.all([
        db.posts.findMany({ where, orderBy: [...SORTS[query.sort]], offset: (query.page - 1) * query.pageSize, limit: query.pageSize }),
        db.posts.count({ where }),
      ]);
      return { items: await views().posts(rows, me), pagination: paginationOf(query.page, query.pageSize, total) };
    },

    /** The caller's own posts, in any state but deleted. */
    async mine(userId: number, query: MyPostsQuery): Promise<PostPage> {
      const me = await members().reader(userId);
      if (!me) return { items: [], pagination: paginationOf(query.page, query.pageSize, 0) };
      const where = { authorId: me.id, state: { $ne: 'deleted' } };
      const [rows, total] = await Promise.all([
        db.posts.findMany({ where, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], offset: (query.page - 1) * query.pageSize, limit: query.pageSize }),
        db.posts.count({ where }),
      ]);
      return { items: await views().posts(rows, me), pagination: paginationOf(query.page, query.pageSize, total) };
    },

    async findOne(userId: number, id: string): Promise<FullPostView> {
      const me = await members().reader(userId);
      return views().fullPost(await items().readablePost(id, me), me);
    },

    async create(userId: number, input: CreatePostInput, locale: string | null): Promise<Written<FullPostView>> {
      const me = await members().writer(userId);
      categories().assertCategory(input.category);
      return withLock(`member:${me.id}`, async () => {
        await safety().assertRate(me, 'post');
        const prepared = await items().prepare(me, input, locale);
        const now = new Date();
        const created = await db.posts.create({
          data: { ...items().newItem(me, prepared, now), categorySlug: input.category, title: input.title, replyCount: 0, lastActivityAt: now },
        });
        return { item: await views().fullPost(created, me), outcome: items().outcome(prepared.screening, created) };
      });
    },

    async update(userId: number, id: string, input: UpdatePostInput, locale: string | null): Promise<Written<FullPostView>> {
      const me = await members().writer(userId);
      return withLock(`member:${me.id}`, async () => {
        const post = await items().ownPost(id, me);
        if (post.state === 'hidden' || post.state === 'removed') throw forbidden('Moderators took this post down, so it can no longer be edited. You can still delete it.');
        const title = input.title ?? post.title;
        const prepared = await items().prepare(me, { title, body: input.body ?? post.body ?? '' }, locale);
        const updated = await db.posts.update({ where: { id: post.id }, data: { title, ...items().edited(prepared, post) } });
        return { item: await views().fullPost(updated, me), outcome: items().outcome(prepared.screening, updated) };
      });
    },

    /**
     * Deletes one's own post: the text is wiped at once; the row stays only so hourly limits hold.
     * Possible while silenced or suspended: it only takes words away.
     */
    async remove(userId: number, id: string): Promise<{ id: string; status: 'deleted' }> {
      const me = await members().ensure(userId);
      return withLock(`member:${me.id}`, async () => {
        const post = await items().ownPost(id, me);
        await db.posts.update({
          where: { id: post.id },
          data: { state: 'deleted', title: '[deleted]', body: '', bodyHtml: '', excerpt: '', systemNotes: null, queued: false, heldReason: null },
        });
        await db.reactions.deleteMany({ where: { targetType: 'post', targetId: post.documentId } });
        await db.flags.updateMany({ where: { targetType: 'post', targetId: post.documentId }, data: { resolved: true } });
        return { id: post.documentId, status: 'deleted' };
      });
    },
  };
};
