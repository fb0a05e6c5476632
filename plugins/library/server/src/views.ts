/**
 * What the library's routes send, as typed allow-lists of public fields (`publicView`, @haven/shared/view).
 * An engine's hit is a record: whatever the engine hands back besides the public fields (the stored full
 * text, tags, category names, Meilisearch's `_formatted` and scores) stays here.
 */
import type { BrowserSearchConfig, SearchHit } from '@haven/shared/library';
import { publicView, type SameFields, type ViewOf, type Proof } from '@haven/shared/view';
import type { SearchDocument } from './search/types';

/** A hit as an engine resolves it, with the stored document's matching-only fields when the engine returns them. */
export type SearchHitRecord = SearchHit & Partial<Pick<SearchDocument, 'body' | 'tags' | 'categoryNames'>>;

/** Each of `hits` in GET /api/library/search (both engines). */
export const searchHitView = publicView<SearchHitRecord>()('id', 'slug', 'title', 'summary', 'kind', 'categories', 'coverUrl', 'durationMinutes', 'publishedAt', 'highlight');

/** GET /api/library/search/config: the search-only key and where to use it, never anything else an engine knows. */
export const browserConfigView = publicView<BrowserSearchConfig>()('engine', 'host', 'apiKey', 'indexUid');


/** Compile-time proof that the views are exactly the shapes the site reads (@haven/shared/library). */
export type ViewsMatchTheSite = [Proof<SameFields<ViewOf<typeof searchHitView>, SearchHit>>, Proof<SameFields<ViewOf<typeof browserConfigView>, BrowserSearchConfig>>];
