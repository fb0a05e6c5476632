import type { Core } from '@strapi/strapi';
import { CATEGORIES } from './data/categories';
import { tables } from './db/tables';

/** Creates missing categories and puts back the code's names and descriptions; safe at every start. */
export async function seedCategories(strapi: Core.Strapi) {
  const categories = tables(strapi).categories;
  for (const category of CATEGORIES) {
    const existing = await categories.findOne({ where: { slug: category.slug } });
    if (!existing) await categories.create({ data: { ...category, publishedAt: new Date() } });
    else if (existing.name !== category.name || existing.description !== category.description || existing.position !== category.position) {
      await categories.update({ where: { id: existing.id }, data: category });
    }
  }
}
