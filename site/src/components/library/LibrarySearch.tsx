/**
 * The library's search-as-you-type island (react-instantsearch). The server renders /library as a
 * plain GET form that works without JavaScript; this island searches in the background and, once its
 * first results are in, takes that form's place. The URL stays in the same /library?q=&category=…
 * format, so every state can be shared and opened without JavaScript.
 *
 * Search goes to Meilisearch directly (a search-only key) when the CMS says so, and otherwise to the
 * site's own /api/library/search through an InstantSearch-compatible client.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  ClearRefinements,
  Configure,
  Highlight,
  Hits,
  InstantSearch,
  Pagination,
  RefinementList,
  SearchBox,
  Stats,
  useInstantSearch,
} from 'react-instantsearch';
import {
  CATEGORY_ATTRIBUTE,
  KIND_ATTRIBUTE,
  KIND_LABELS,
  KINDS,
  PAGE_SIZE,
  absoluteMediaUrl,
  isKind,
  kindLabel,
  timeLabel,
  type BrowserSearchConfig,
  type Category,
} from '../../lib/library';
import { createLibrarySearchClient, SEARCH_ERROR_MESSAGE } from '../../lib/instantsearch-client';
import { libraryRouting } from '../../lib/library-routing';

interface Props {
  config: BrowserSearchConfig;
  categories: Category[];
  /** The CMS's public address, for cover pictures stored as paths (/uploads/…). */
  mediaBase: string;
  /** The id of the server-rendered search that this island replaces. */
  staticId: string;
}

type SearchClient = any;

const resultsText = (count: number) => (count === 1 ? '1 resource' : `${count} resources`);
const countText = (count: number, query?: string) => (count === 0 ? 'No resources found' : `${resultsText(count)}${query ? ` for “${query}”` : ''}`);

export default function LibrarySearch({ config, categories, mediaBase, staticId }: Props) {
  const [client, setClient] = useState<SearchClient | null>(null);
  const meili = config.engine === 'meilisearch' && config.host && config.apiKey && config.indexUid;
  const indexName = meili ? (config.indexUid as string) : 'library';

  useEffect(() => {
    let cancelled = false;
    if (meili) {
      import('@meilisearch/instant-meilisearch')
        .then(({ instantMeiliSearch }) => {
          if (!cancelled) {
            const { searchClient } = instantMeiliSearch(config.host as string, config.apiKey as string, { placeholderSearch: true, finitePagination: true });
            setClient(() => searchClient);
          }
        })
        .catch(() => {
          /* the server-rendered search stays in place */
        });
    } else {
      setClient(() => createLibrarySearchClient());
    }
    return () => {
      cancelled = true;
    };
  }, [meili, config.host, config.apiKey]);

  const routing = useMemo(() => libraryRouting(indexName, Object.fromEntries(categories.map((c) => [c.slug, c.name]))), [indexName, categories]);
  if (!client) return null;

  return (
    <InstantSearch searchClient={client} indexName={indexName} routing={routing as any} stalledSearchDelay={150} future={{ preserveSharedStateOnUnmount: true }}>
      <Configure hitsPerPage={PAGE_SIZE} />
      <LibraryUi categories={categories} mediaBase={mediaBase} staticId={staticId} />
    </InstantSearch>
  );
}

function LibraryUi({ categories, mediaBase, staticId }: Omit<Props, 'config'>) {
  const { status, results, error, indexUiState, setIndexUiState } = useInstantSearch({ catchError: true });
  const [ready, setReady] = useState(false);
  const names = useMemo(() => Object.fromEntries(categories.map((c) => [c.slug, c.name])), [categories]);

  // Take over from the server-rendered search once the first real results are in (not on an error:
  // then the plain form keeps working). Whatever was typed there meanwhile comes along, with the focus.
  useEffect(() => {
    if (ready || error || status !== 'idle' || !results || (results as any).__isArtificial) return;
    const staticBlock = document.getElementById(staticId);
    const staticInput = staticBlock?.querySelector<HTMLInputElement>('input[name="q"]');
    const hadFocus = Boolean(staticInput && document.activeElement === staticInput);
    const typed = staticInput?.value.trim() ?? '';
    if (staticInput && typed !== (indexUiState.query ?? '')) setIndexUiState((state) => ({ ...state, query: typed, page: undefined }));
    if (staticBlock) staticBlock.hidden = true;
    setReady(true);
    if (hadFocus) requestAnimationFrame(() => document.getElementById('library-live-q')?.focus());
  }, [ready, error, status, results, staticId, indexUiState.query, setIndexUiState]);

  const debounce = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const queryHook = useCallback((query: string, search: (value: string) => void) => {
    if (debounce.current) clearTimeout(debounce.current);
    debounce.current = setTimeout(() => search(query), 120);
  }, []);

  const labelCategories = useCallback((items: any[]) => items.map((item) => ({ ...item, label: names[item.value] ?? item.label })), [names]);
  const labelKinds = useCallback((items: any[]) => items.filter((item) => isKind(item.value)).map((item) => ({ ...item, label: KIND_LABELS[item.value as keyof typeof KIND_LABELS].many })), []);
  const byKindOrder = useCallback((a: { name: string }, b: { name: string }) => KINDS.indexOf(a.name as any) - KINDS.indexOf(b.name as any), []);

  // One component for the lifetime of the island, so that hits are not remounted on every render.
  const hitComponent = useMemo(() => ({ hit }: { hit: any }) => <HitCard hit={hit} names={names} mediaBase={mediaBase} />, [names, mediaBase]);

  const refinedCategories = indexUiState.refinementList?.[CATEGORY_ATTRIBUTE] ?? [];
  const intro = refinedCategories.length === 1 ? categories.find((c) => c.slug === refinedCategories[0]) : undefined;
  const searching = status === 'stalled';
  const noResults = ready && !searching && !error && results && !(results as any).__isArtificial && results.nbHits === 0;
  const selectedCount = refinedCategories.length + (indexUiState.refinementList?.[KIND_ATTRIBUTE] ?? []).length;
  const hasFilters = selectedCount > 0;
  // Folded on phones as the server-rendered filters are: the island starts as the visitor left those.
  const [filtersOpen, setFiltersOpen] = useState(() => {
    const staticFilters = document.getElementById('library-filters-static') as HTMLDetailsElement | null;
    return staticFilters ? staticFilters.open : window.matchMedia('(min-width: 56rem)').matches;
  });

  return (
    <div className="library-live" data-library-island="" data-ready={ready ? 'true' : undefined} hidden={!ready}>
      <div className="library-search">
        <label id="library-live-label" className="label" htmlFor="library-live-q">
          Search the library
        </label>
        <SearchBox
          inputProps={{ id: 'library-live-q', 'aria-labelledby': 'library-live-label' } as any}
          placeholder="For example: sleep, anxiety, breathing"
          queryHook={queryHook}
          submitIconComponent={SubmitLabel}
          translations={{ submitButtonTitle: 'Search', resetButtonTitle: 'Clear the search words' }}
        />
      </div>

      <div className="library-layout">
        <details className="library-filters filters-disclosure" open={filtersOpen} onToggle={(event) => setFiltersOpen(event.currentTarget.open)}>
          <summary>
            <span className="filters-title">Filters</span>
            {selectedCount > 0 && <span className="badge filter-count">{selectedCount} selected</span>}
          </summary>
          <fieldset className="facet">
            <legend>Category</legend>
            <RefinementList attribute={CATEGORY_ATTRIBUTE} operator="or" limit={50} sortBy={['name:asc']} transformItems={labelCategories} />
          </fieldset>
          <fieldset className="facet">
            <legend>Type</legend>
            <RefinementList attribute={KIND_ATTRIBUTE} operator="or" limit={10} sortBy={byKindOrder as any} transformItems={labelKinds} />
          </fieldset>
          {hasFilters && <ClearRefinements translations={{ resetButtonText: 'Clear all filters' }} />}
        </details>

        <section className="library-results" aria-labelledby="library-live-results-title">
          <h2 id="library-live-results-title" className="visually-hidden">
            Results
          </h2>
          {intro && (
            <div className="category-intro">
              <h3>{intro.name}</h3>
              {intro.description && <p>{intro.description}</p>}
            </div>
          )}
          <div className="search-status">
            <Stats
              classNames={{ root: searching || error ? 'is-stale' : undefined }}
              translations={{
                rootElementText: ({ nbHits }: { nbHits: number }) => countText(nbHits, results?.query),
                // Stats announces the count in its own live region once typing settles.
                announcementText: ({ nbHits }: { nbHits: number }) => countText(nbHits, results?.query),
              }}
            />
            <span className="search-progress" role="status">
              {error ? <span className="status-error">{error.message || SEARCH_ERROR_MESSAGE}</span> : searching ? 'Searching…' : ''}
            </span>
          </div>
          {noResults && <NoResults hasFilters={hasFilters} hasQuery={Boolean(results?.query)} />}
          <Hits hitComponent={hitComponent} classNames={{ list: 'result-list' }} />
          <nav aria-label="Pages of results" className="library-pagination">
            <Pagination
              padding={2}
              showFirst={false}
              showLast={false}
              translations={{
                previousPageItemText: 'Previous',
                nextPageItemText: 'Next',
                previousPageItemAriaLabel: 'Previous page',
                nextPageItemAriaLabel: 'Next page',
                pageItemAriaLabel: ({ currentPage, nbPages }: { currentPage: number; nbPages: number }) => `Page ${currentPage} of ${nbPages}`,
              }}
            />
          </nav>
        </section>
      </div>
    </div>
  );
}

/** The island's search button reads "Search", as the server-rendered form's does. */
function SubmitLabel() {
  return <span aria-hidden="true">Search</span>;
}

function NoResults({ hasFilters, hasQuery }: { hasFilters: boolean; hasQuery: boolean }) {
  const { setIndexUiState } = useInstantSearch();
  return (
    <div className="no-results card">
      <h3>Nothing matched</h3>
      <ul>
        {hasFilters && (
          <li>
            <button type="button" className="link-button inline-link" onClick={() => setIndexUiState((state) => ({ ...state, refinementList: {}, page: undefined }))}>
              Remove the filters
            </button>{' '}
            to search every category and type.
          </li>
        )}
        {hasQuery && <li>Check the spelling, or try fewer or more general words, such as “sleep” or “stress”.</li>}
        <li>
          You can also <a href="/library">browse the whole library</a>.
        </li>
      </ul>
      <p className="small">
        If you need help right now, please do not wait for a search: <a href="#crisis">see how to get urgent help</a>.
      </p>
    </div>
  );
}

function HitCard({ hit, names, mediaBase }: { hit: any; names: Record<string, string>; mediaBase: string }) {
  const id = `live-${String(hit.objectID ?? hit.id ?? hit.slug).replace(/[^A-Za-z0-9_-]/g, '')}`;
  const cover = absoluteMediaUrl(hit.coverUrl, mediaBase);
  const time = timeLabel(hit.kind, hit.durationMinutes);
  const cats: string[] = Array.isArray(hit.categories) ? hit.categories : [];
  return (
    <article className="card resource-card" aria-labelledby={id}>
      {cover && <img className="resource-thumb" src={cover} alt="" width={96} height={96} loading="lazy" decoding="async" />}
      <div className="resource-card-body">
        <h3 id={id}>
          <a href={`/library/${encodeURIComponent(hit.slug)}`}>
            {hit._highlightResult?.title ? <Highlight attribute="title" hit={hit} /> : hit.title}
          </a>
        </h3>
        <p className="resource-meta">
          <span className={`kind-badge kind-${isKind(hit.kind) ? hit.kind : 'article'}`}>{kindLabel(hit.kind)}</span>
          {time && <span>{time}</span>}
        </p>
        {hit.summary && <p className="resource-summary">{hit._highlightResult?.summary ? <Highlight attribute="summary" hit={hit} /> : hit.summary}</p>}
        {cats.length > 0 && (
          <p className="resource-categories small">
            <span className="visually-hidden">Categories: </span>
            {cats.map((slug) => names[slug] ?? slug).join(' · ')}
          </p>
        )}
      </div>
    </article>
  );
}
