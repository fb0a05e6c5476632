import type { Core } from '@strapi/strapi';
import config from './config';
import contentTypes from './content-types';
import { contentControllers } from './controllers/community';
import health from './controllers/health';
import moderation from './controllers/moderation';
import { CATEGORIES } from './data/categories';
import { UID } from './lib/uids';
import { moderationActions } from './permissions';
import routes from './routes';
import services from './services';

/**
 * Indexes the schema cannot express: uniqueness that must hold even under parallel requests, and the
 * indexes behind the listings.
 *
 * Listings (GET /posts, content.list): one index per sort order, within a category and over all of
 * them, so that the database reads a page in order and stops instead of sorting every visible post.
 * The sort columns (with id, the tie-breaker) come right after the category; state and author follow
 * so that "visible, or held and mine" is checked inside the index, and the listing's count and the
 * categories' post counts are answered from an index alone. Measured with 100,000 posts by
 * `npm run bench:community` (bench/RESULTS.md).
 */
const INDEXES: { uid: string; name: string; attributes: string[]; unique?: boolean }[] = [
  { uid: UID.member, name: 'community_members_user_uq', attributes: ['userId'], unique: true },
  { uid: UID.member, name: 'community_members_alias_uq', attributes: ['alias'], unique: true },
  { uid: UID.alias, name: 'community_aliases_alias_uq', attributes: ['alias'], unique: true },
  { uid: UID.reaction, name: 'community_reactions_uq', attributes: ['memberId', 'targetType', 'targetId', 'kind'], unique: true },
  { uid: UID.flag, name: 'community_flags_uq', attributes: ['memberId', 'targetType', 'targetId'], unique: true },
  { uid: UID.category, name: 'community_categories_slug_uq', attributes: ['slug'], unique: true },
  { uid: UID.post, name: 'community_posts_cat_new_idx', attributes: ['categorySlug', 'createdAt', 'id', 'state', 'authorId'] },
  { uid: UID.post, name: 'community_posts_cat_active_idx', attributes: ['categorySlug', 'lastActivityAt', 'createdAt', 'id', 'state', 'authorId'] },
  { uid: UID.post, name: 'community_posts_cat_top_idx', attributes: ['categorySlug', 'reactionTotal', 'createdAt', 'id', 'state', 'authorId'] },
  { uid: UID.post, name: 'community_posts_new_idx', attributes: ['createdAt', 'id', 'state', 'authorId'] },
  { uid: UID.post, name: 'community_posts_active_idx', attributes: ['lastActivityAt', 'createdAt', 'id', 'state', 'authorId'] },
  { uid: UID.post, name: 'community_posts_top_idx', attributes: ['reactionTotal', 'createdAt', 'id', 'state', 'authorId'] },
  { uid: UID.post, name: 'community_posts_author_idx', attributes: ['authorId', 'createdAt'] },
  { uid: UID.reply, name: 'community_replies_post_idx', attributes: ['postId', 'state'] },
  { uid: UID.reply, name: 'community_replies_author_idx', attributes: ['authorId', 'createdAt'] },
  { uid: UID.flag, name: 'community_flags_target_idx', attributes: ['targetType', 'targetId', 'resolved'] },
  { uid: UID.reaction, name: 'community_reactions_target_idx', attributes: ['targetType', 'targetId'] },
];

/**
 * Indexes of earlier versions that now do harm. community_posts_list_idx (state, created_at): SQLite,
 * which has no statistics unless someone runs ANALYZE, took it for the listing's "visible, or held and
 * mine" condition (a multi-index OR, then a sort of every visible post) and for the categories' counts
 * (a table lookup per post) over the listing indexes above.
 */
const SUPERSEDED_INDEXES = ['community_posts_list_idx'];

async function ensureIndexes(strapi: Core.Strapi) {
  for (const name of SUPERSEDED_INDEXES) {
    try {
      await strapi.db.connection.raw('DROP INDEX IF EXISTS ??', [name]);
    } catch (err) {
      strapi.log.error(`[community] could not drop index ${name}: ${(err as Error).message}`);
    }
  }
  for (const index of INDEXES) {
    const meta = strapi.db.metadata.get(index.uid as any) as any;
    const columns = index.attributes.map((name) => meta.attributes[name]?.columnName ?? name.replace(/[A-Z]/g, (c: string) => `_${c.toLowerCase()}`));
    const sql = `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX IF NOT EXISTS ?? ON ?? (${columns.map(() => '??').join(', ')})`;
    try {
      await strapi.db.connection.raw(sql, [index.name, meta.tableName, ...columns]);
    } catch (err) {
      strapi.log.error(`[community] could not create index ${index.name}: ${(err as Error).message}`);
    }
  }
}

/** Creates missing categories and puts back the code's names and descriptions; safe at every start. */
export async function seedCategories(strapi: Core.Strapi) {
  const categories = strapi.db.query(UID.category as any);
  for (const category of CATEGORIES) {
    const existing = await categories.findOne({ where: { slug: category.slug } });
    if (!existing) await categories.create({ data: { ...category, publishedAt: new Date() } });
    else if (existing.name !== category.name || existing.description !== category.description || existing.position !== category.position) {
      await categories.update({ where: { id: existing.id }, data: category });
    }
  }
}

export default {
  register(_: { strapi: Core.Strapi }) {},

  async bootstrap({ strapi }: { strapi: Core.Strapi }) {
    // Admin-panel permissions of the moderation queue: the Moderator admin role holds these and nothing else.
    await (strapi.service('admin::permission') as any).actionProvider.registerMany(moderationActions);
    // Crisis lines and phrases are read (and checked) now, so a broken file stops the start, not a post.
    strapi.plugin('community').service('crisis').load();
    await ensureIndexes(strapi);
    await seedCategories(strapi);
  },

  destroy(_: { strapi: Core.Strapi }) {},
  config,
  contentTypes,
  controllers: { health, moderation, ...contentControllers },
  routes,
  services,
  policies: {},
  middlewares: {},
};
