import type { Core } from '@strapi/strapi';
import { badRequest } from '@haven/shared/errors';
import type { CategoryView } from '@haven/shared/community';
import { CATEGORIES } from '../data/categories';
import { visiblePostCountsByCategory } from '../db/category-post-counts';
import { tables } from '../db/tables';
import { categoryView } from '../views';

export type { CategoryView } from '@haven/shared/community';

/** The community's categories (seeded from data/categories.ts) with their visible post counts. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const db = tables(strapi);
  const slugs = CATEGORIES.map((c) => c.slug);

  return {
    async list(): Promise<CategoryView[]> {
      const rows = await db.categories.findMany({ orderBy: [{ position: 'asc' }, { name: 'asc' }] });
      const counts = await visiblePostCountsByCategory(strapi);
      return categoryView.pickAll(rows.map((row) => ({ ...row, description: row.description ?? '', postCount: counts.get(row.slug) ?? 0 })));
    },

    /** 400 naming the categories when a slug is not one of them. */
    assertCategory(slug: string): void {
      if (!slugs.includes(slug)) throw badRequest(`category must be one of: ${slugs.join(', ')}`, { errors: [{ path: ['category'], message: 'is not a community category' }] });
    },
  };
};
