import type { Core } from '@strapi/strapi';
import { UID } from './uids';

/**
 * Indexes the schema cannot express: uniqueness that must hold even under parallel requests, and the
 * indexes behind the listings.
 *
 * Listings (GET /posts, posts.list): one index per sort order, within a category and over all of
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
  // Staff dashboards (db/activity-days.ts): counts per day over a range, and the open flags, from indexes.
  { uid: UID.reply, name: 'community_replies_created_idx', attributes: ['createdAt'] },
  { uid: UID.flag, name: 'community_flags_created_idx', attributes: ['createdAt'] },
  { uid: UID.flag, name: 'community_flags_decided_idx', attributes: ['decidedAt', 'targetType', 'targetId', 'createdAt'] },
  { uid: UID.flag, name: 'community_flags_open_idx', attributes: ['resolved', 'createdAt'] },
  { uid: UID.log, name: 'community_log_created_idx', attributes: ['createdAt', 'action'] },
  // A member's notices, newest first, and their unread count.
  { uid: UID.notice, name: 'community_notices_member_idx', attributes: ['memberId', 'createdAt'] },
];

/**
 * Indexes of earlier versions that now do harm. community_posts_list_idx (state, created_at): SQLite,
 * which has no statistics unless someone runs ANALYZE, took it for the listing's "visible, or held and
 * mine" condition (a multi-index OR, then a sort of every visible post) and for the categories' counts
 * (a table lookup per post) over the listing indexes above.
 */
const SUPERSEDED_INDEXES = ['community_posts_list_idx'];

/** Creates the indexes above when missing and drops superseded ones; safe at every start. */
export async function ensureIndexes(strapi: Core.Strapi) {
  for (const name of SUPERSEDED_INDEXES) {
    try {
      await strapi.db.connection.raw('DROP INDEX IF EXISTS ??', [name]);
    } catch (err) {
      strapi.log.error(`[community] could not drop index ${name}: ${(err as Error).message}`);
    }
  }
  for (const index of INDEXES) {
    const meta = strapi.db.metadata.get(index.uid);
    const columns = index.attributes.map((name) => {
      const attribute = meta.attributes[name] as { columnName?: string } | undefined;
      return attribute?.columnName ?? name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    });
    const sql = `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX IF NOT EXISTS ?? ON ?? (${columns.map(() => '??').join(', ')})`;
    try {
      await strapi.db.connection.raw(sql, [index.name, meta.tableName, ...columns]);
    } catch (err) {
      strapi.log.error(`[community] could not create index ${index.name}: ${(err as Error).message}`);
    }
  }
}
