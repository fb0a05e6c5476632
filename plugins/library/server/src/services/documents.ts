import type { Core } from '@strapi/strapi';
import type { SearchDocument } from '../search/types';
import { plainText } from '../search/text';

export const RESOURCE_UID = 'api::resource.resource';
const POPULATE = { categories: { fields: ['slug', 'name'] }, cover: { fields: ['url'] } };

/** A published resource as the Document Service returns it with POPULATE. */
export interface ResourceEntry {
  documentId: string;
  slug: string;
  title: string;
  summary?: string | null;
  body?: string | null;
  kind: string;
  categories?: { slug: string; name: string }[] | null;
  tags?: unknown;
  cover?: { url?: string | null } | null;
  timeMinutes?: number | null;
  publishedAt: string | Date;
}

/** The part of the Document Service this plugin reads (its generated types do not know the CMS's content types). */
interface ResourceDocuments {
  findOne(params: { documentId: string; status: 'published'; populate: typeof POPULATE }): Promise<ResourceEntry | null>;
  findMany(params: { status: 'published'; populate: typeof POPULATE; sort: string; start: number; limit: number }): Promise<ResourceEntry[]>;
  count(params: { status: 'published' }): Promise<number>;
}

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
    tags: Array.isArray(resource.tags) ? resource.tags.filter((t): t is string => typeof t === 'string') : [],
    coverUrl: resource.cover?.url ?? null,
    timeMinutes: resource.timeMinutes ?? 0,
    publishedAt: new Date(resource.publishedAt).getTime(),
  };
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const resources = () => strapi.documents(RESOURCE_UID as Parameters<typeof strapi.documents>[0]) as unknown as ResourceDocuments;

  return {
    /** The published version of a resource, or null when it has none (draft only, or deleted). */
    async published(documentId: string): Promise<SearchDocument | null> {
      const resource = await resources().findOne({ documentId, status: 'published', populate: POPULATE });
      return resource ? toSearchDocument(resource) : null;
    },

    /** Every published resource, a page at a time, for a full rebuild. */
    async *allPublished(pageSize = 200): AsyncGenerator<SearchDocument[]> {
      for (let start = 0; ; start += pageSize) {
        const page = await resources().findMany({ status: 'published', populate: POPULATE, sort: 'id:asc', start, limit: pageSize });
        if (!page.length) return;
        yield page.map(toSearchDocument);
        if (page.length < pageSize) return;
      }
    },

    async countPublished(): Promise<number> {
      return resources().count({ status: 'published' });
    },
  };
};
