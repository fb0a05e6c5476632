/**
 * The library's past for the demo (called once from demo-seed.ts on an empty database, after the
 * resources exist), so that the engagement dashboard and the editors' widget are alive on first start:
 * three months of a few visitors a day reading published resources and searching, some searches for
 * what the library does not have yet. Written through the library's contract, counted as its routes
 * count (each visitor once per resource or search a day). Deterministic (a seeded generator).
 */
import type { Core } from '@strapi/strapi';
import { library } from '@haven/plugin-library/public';
import { documentsOf } from '@haven/shared/server/strapi';
import { generator } from './wellness';

const DAY = 24 * 3_600_000;
const DAYS = 90;
/** What visitors look for: most find something, a few (eating disorders, ADHD, postpartum) do not yet. */
const QUERIES = ['anxiety', 'sleep', 'panic', 'breathing', 'grief', 'stress at work', 'loneliness', 'self-compassion', 'eating disorder', 'adhd', 'postpartum', 'anger'];

export async function seedLibraryActivity(strapi: Core.Strapi) {
  const published = await documentsOf<{ slug: string }, never>(strapi, 'api::resource.resource').findMany({ status: 'published', fields: ['slug'] });
  const slugs = published.map((r) => r.slug);
  if (!slugs.length) return;
  // What each query finds today stands for what it found then.
  const found = new Map<string, number>();
  for (const q of QUERIES) found.set(q, (await library.search({ q, categories: [], kinds: [], page: 1, pageSize: 1 })).total);
  const rand = generator(17);
  const pick = <T>(list: T[]) => list[Math.floor(rand() * list.length)];
  const now = Date.now();
  for (let daysAgo = DAYS; daysAgo >= 1; daysAgo--) {
    const visitors = 2 + Math.floor(rand() * 5);
    for (let v = 0; v < visitors; v++) {
      const visitor = `demo-visitor-${Math.floor(rand() * 40)}`;
      const at = new Date(now - daysAgo * DAY + Math.floor(rand() * 12) * 3_600_000);
      if (rand() < 0.6) {
        const q = pick(QUERIES);
        await library.recordSearch(visitor, q, found.get(q) ?? 0, at);
      }
      for (let r = Math.floor(rand() * 3); r > 0; r--) await library.recordView(visitor, pick(slugs), at);
    }
  }
  strapi.log.info(`[seed] demo library activity ready: ${DAYS} days of views and searches`);
}
