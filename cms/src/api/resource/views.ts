/**
 * The draft a preview shows, by allow-list: the fields of a reader's page (the same the public REST
 * API gives the site for a published resource), nested media and relations reduced to what the page uses.
 */
import { publicView } from '@haven/shared/view';

interface Named {
  name?: string | null;
  slug?: string | null;
}
interface MediaFile {
  url?: string | null;
  mime?: string | null;
  name?: string | null;
  alternativeText?: string | null;
}

export interface ResourceDraft {
  documentId: string;
  title: string;
  slug: string;
  summary: string | null;
  body: string | null;
  kind: string;
  videoUrl: string | null;
  externalUrl: string | null;
  durationMinutes: number | null;
  seoTitle: string | null;
  seoDescription: string | null;
  publishedAt: string | null;
  updatedAt: string | null;
  cover?: MediaFile | null;
  media?: MediaFile | null;
  tags?: Named[] | null;
  categories?: Named[] | null;
}

const draftFields = publicView<ResourceDraft>()(
  'documentId', 'title', 'slug', 'summary', 'body', 'kind', 'videoUrl', 'externalUrl', 'durationMinutes', 'seoTitle', 'seoDescription', 'publishedAt', 'updatedAt',
);
const coverView = publicView<MediaFile>()('url', 'alternativeText');
const mediaView = publicView<MediaFile>()('url', 'mime', 'name', 'alternativeText');
const categoryView = publicView<Named>()('name', 'slug');
const tagView = publicView<Named>()('name');

export function draftView(draft: ResourceDraft) {
  return {
    ...draftFields.pick(draft),
    cover: coverView.pick(draft.cover ?? null),
    media: mediaView.pick(draft.media ?? null),
    tags: tagView.pickAll(draft.tags ?? []),
    categories: categoryView.pickAll(draft.categories ?? []),
  };
}
