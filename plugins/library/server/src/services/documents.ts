import type { Core } from '@strapi/strapi';
import type { SearchDocument } from '../search/types';
import { plainText } from '../search/text';

export const RESOURCE_UID = 'api::resource.resource';
const POPULATE = { categories: { fields: ['slug', 'name'] }, cover: { fields: ['url'] } } as const;

/** A published resource as the search engines store it. */
export function toSearchDocument(resource: any): SearchDocument {
  return {
    id: resource.documentId,
    slug: resource.slug,
    title: resource.title,
    summary: resource.summary ?? '',
    body: plainText(resource.body).slice(0, 20_000),
    kind: resource.kind,
    categories: (resource.categories ?? []).map((c: any) => c.slug),
    categoryNames: (resource.categories ?? []).map((c: any) => c.name),
    tags: Array.isArray(resource.tags) ? resource.tags.filter((t: unknown) => typeof t === 'string') : [],
    coverUrl: resource.cover?.url ?? null,
    timeMinutes: resource.timeMinutes ?? 0,
    publishedAt: new Date(resource.publishedAt).getTime(),
  };
}

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** The published version of a resource, or null when it has none (draft only, or deleted). */
  async published(documentId: string): Promise<SearchDocument | null> {
    const resource = await strapi.documents(RESOURCE_UID as any).findOne({ documentId, status: 'published', populate: POPULATE as any });
    return resource ? toSearchDocument(resource) : null;
  },

  /** Every published resource, a page at a time, for a full rebuild. */
  async *allPublished(pageSize = 200): AsyncGenerator<SearchDocument[]> {
    for (let start = 0; ; start += pageSize) {
      const page = await strapi.documents(RESOURCE_UID as any).findMany({ status: 'published', populate: POPULATE as any, sort: 'id:asc', start, limit: pageSize });
      if (!page.length) return;
      yield page.map(toSearchDocument);
      if (page.length < pageSize) return;
    }
  },

  async countPublished(): Promise<number> {
    return strapi.documents(RESOURCE_UID as any).count({ status: 'published' });
  },
});
