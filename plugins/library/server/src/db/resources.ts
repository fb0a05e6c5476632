import type { Core } from '@strapi/strapi';
import type { SearchDocument } from '../search/types';
import { plainText } from '../search/text';
import type { ResourceEntry } from './rows';
import { resourceDocuments } from './tables';

/** What a search document needs of a resource beyond its own fields. */
const POPULATE = { categories: { fields: ['slug', 'name'] }, cover: { fields: ['url'] }, tags: { fields: ['name'] } };

/** A published resource as the search engines store it. */
export function toSearchDocument(resource: ResourceEntry): SearchDocument {
  return {
    id: resource.documentId,
    slug: resource.slug,
    title: resource.title,
    summary: resource.summary ?? '',
    body: plainText(resource.body).slice(0, 20_000),
    kind: resource.kind,
    categories: (resource.categories ?? []).map((c) => c.slug),
    categoryNames: (resource.categories ?? []).map((c) => c.name),
    tags: (resource.tags ?? []).map((tag) => tag.name).filter((name): name is string => typeof name === 'string' && name !== ''),
    coverUrl: resource.cover?.url ?? null,
    durationMinutes: resource.durationMinutes ?? 0,
    publishedAt: new Date(resource.publishedAt).getTime(),
  };
}

/** The published versions of the CMS's resources, as search documents. */
export function publishedResources(strapi: Core.Strapi) {
  const resources = () => resourceDocuments(strapi);
  return {
    /** The published version of a resource, or null when it has none (draft only, or deleted). */
    async one(documentId: string): Promise<SearchDocument | null> {
      const resource = await resources().findOne({ documentId, status: 'published', populate: POPULATE });
      return resource ? toSearchDocument(resource) : null;
    },

    /** Every published resource, a page at a time, for a full rebuild. */
    async *pages(pageSize = 200): AsyncGenerator<SearchDocument[]> {
      for (let start = 0; ; start += pageSize) {
        const page = await resources().findMany({ status: 'published', populate: POPULATE, sort: 'id:asc', start, limit: pageSize });
        if (!page.length) return;
        yield page.map(toSearchDocument);
        if (page.length < pageSize) return;
      }
    },

    async count(): Promise<number> {
      return resources().count({ status: 'published' });
    },
  };
}
