import type { Core } from '@strapi/strapi';
import { tableNameOf } from '@haven/shared/server/strapi';
import { UID } from './uids';

/**
 * Visible posts per category slug, in one grouped count over the listing index (state is part of it)
 * instead of a count per category: the Query Engine has no GROUP BY.
 */
export async function visiblePostCountsByCategory(strapi: Core.Strapi): Promise<Map<string, number>> {
  const grouped: { slug: string; n: number | string }[] = await strapi.db
    .connection(tableNameOf(strapi, UID.post))
    .select('category_slug as slug')
    .count({ n: '*' })
    .where('state', 'visible')
    .groupBy('category_slug');
  return new Map(grouped.map((row) => [row.slug, Number(row.n)]));
}
