/**
 * URL routing for the search island: InstantSearch's UI state <-> the same /library?q=&category=&kind=&page=
 * addresses the server renders, so a search typed in the island can be shared, reloaded or opened
 * without JavaScript and shows the same results.
 */
import { CATEGORY_ATTRIBUTE, KIND_ATTRIBUTE, libraryHref, parseLibraryParams, type LibraryState } from './library';

type IndexUiState = {
  query?: string;
  page?: number;
  refinementList?: Record<string, string[]>;
  [key: string]: unknown;
};
type UiState = Record<string, IndexUiState>;

/** How long typing may pause before the address is updated (InstantSearch's own default). */
const WRITE_DELAY_MS = 400;

const sameFilters = (a: LibraryState, b: LibraryState) =>
  a.categories.join(',') === b.categories.join(',') && a.kinds.join(',') === b.kinds.join(',');

/** The page title for a search, as the server writes it (pass category names for "Anxiety · Library"). */
export function libraryTitle(route: LibraryState, names: Record<string, string> = {}): string {
  if (route.q) return `“${route.q}” in the library · Haven`;
  if (route.categories.length === 1 && names[route.categories[0]]) return `${names[route.categories[0]]} · Library · Haven`;
  return 'Resource library · Haven';
}

export function libraryRouting(indexName: string, names: Record<string, string> = {}) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onPopState: (() => void) | undefined;
  const read = (): LibraryState => parseLibraryParams(new URLSearchParams(window.location.search));

  const router = {
    $$type: 'haven.library',
    read,
    createURL(route: LibraryState): string {
      return libraryHref(route, window.location.pathname);
    },
    write(route: LibraryState) {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = undefined;
        const url = libraryHref(route, window.location.pathname);
        document.title = libraryTitle(route, names);
        if (url === window.location.pathname + window.location.search) return;
        // Refining words already typed replaces the entry; a new search or a filter adds one for Back.
        const current = read();
        const typing = current.q !== '' && route.q !== '' && sameFilters(current, route);
        if (typing) window.history.replaceState(route, '', url);
        else window.history.pushState(route, '', url);
      }, WRITE_DELAY_MS);
    },
    onUpdate(callback: (route: LibraryState) => void) {
      onPopState = () => {
        if (timer) clearTimeout(timer);
        timer = undefined;
        const route = read();
        document.title = libraryTitle(route, names);
        callback(route);
      };
      window.addEventListener('popstate', onPopState);
    },
    dispose() {
      if (timer) clearTimeout(timer);
      if (onPopState) window.removeEventListener('popstate', onPopState);
    },
    start() {},
  };

  const stateMapping = {
    $$type: 'haven.library',
    stateToRoute(uiState: UiState): LibraryState {
      const state = uiState[indexName] ?? {};
      return {
        q: typeof state.query === 'string' ? state.query.trim() : '',
        categories: state.refinementList?.[CATEGORY_ATTRIBUTE] ?? [],
        kinds: (state.refinementList?.[KIND_ATTRIBUTE] ?? []) as LibraryState['kinds'],
        page: typeof state.page === 'number' && state.page > 1 ? state.page : 1,
      };
    },
    routeToState(route: LibraryState): UiState {
      const refinementList: Record<string, string[]> = {};
      if (route.categories?.length) refinementList[CATEGORY_ATTRIBUTE] = route.categories;
      if (route.kinds?.length) refinementList[KIND_ATTRIBUTE] = route.kinds;
      return {
        [indexName]: {
          ...(route.q ? { query: route.q } : {}),
          ...(Object.keys(refinementList).length ? { refinementList } : {}),
          ...(route.page && route.page > 1 ? { page: route.page } : {}),
        },
      };
    },
  };

  return { router, stateMapping };
}
