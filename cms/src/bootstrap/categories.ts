import fs from 'node:fs';
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import { documentsOf } from '@haven/shared/server/strapi';

interface CategorySeed {
  name: string;
  slug: string;
  description: string;
}

/** The library's categories exist on every installation (demo or not); editors may add more. */
export async function seedCategories(strapi: Core.Strapi) {
  const file = path.join(strapi.dirs.app.root, '..', 'database', 'seed', 'categories.json');
  const categories: CategorySeed[] = JSON.parse(fs.readFileSync(file, 'utf8'));
  for (const category of categories) {
    const existing = await strapi.db.query('api::category.category').findOne({ where: { slug: category.slug }, select: ['id'] });
    if (!existing) await documentsOf<unknown, CategorySeed>(strapi, 'api::category.category').create({ data: category });
  }
}
