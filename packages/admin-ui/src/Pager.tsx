/**
 * Paging and filters kept in the address (?page=, ?status=…), so a view can be shared and survives a
 * reload, and the Previous / "Page n of m" / Next block under a list.
 */
import { Button, Flex, Typography } from '@strapi/design-system';
import { ArrowLeft, ArrowRight } from '@strapi/icons';
import { useSearchParams } from 'react-router-dom';

const pageOf = (params: URLSearchParams) => Math.max(1, Math.floor(Number(params.get('page') ?? '1')) || 1);

/** The page in the address (1 when absent or not a number) and a function that moves to another one (a new history entry). */
export function usePageParam(): [number, (page: number) => void] {
  const [params, setParams] = useSearchParams();
  const setPage = (page: number) => {
    const next = new URLSearchParams(params);
    if (page > 1) next.set('page', String(page));
    else next.delete('page');
    setParams(next);
  };
  return [pageOf(params), setPage];
}

/**
 * A list's filters and page in the address. `query` is what the admin API is asked: the filters set,
 * the page and the page size. Setting a filter goes back to page 1 and replaces the history entry;
 * a blank value or `anyValue` (the "any" choice of a select) removes it.
 */
export function useListParams<Filter extends string>(filters: readonly Filter[], pageSize: number, anyValue = 'any') {
  const [params, setParams] = useSearchParams();
  const [page, setPage] = usePageParam();
  const query = new URLSearchParams([...filters.flatMap((f) => (params.get(f) ? [[f, params.get(f) ?? '']] : [])), ['page', String(page)], ['pageSize', String(pageSize)]]).toString();
  const setFilter = (name: Filter, value: string) => {
    const next = new URLSearchParams(params);
    if (value.trim() && value !== anyValue) next.set(name, value.trim());
    else next.delete(name);
    next.delete('page');
    setParams(next, { replace: true });
  };
  /** A filter's value in the address, or `anyValue` when it is not set (what a select shows). */
  const valueOf = (name: Filter) => params.get(name) ?? anyValue;
  return { params, page, setPage, query, setFilter, valueOf };
}

export interface PagerProps {
  page: number;
  pageCount: number;
  onPage(page: number): void;
  /** Words of the two buttons: lists newest first say "Newer" / "Older". */
  previous?: string;
  next?: string;
  /** While a page loads. */
  disabled?: boolean;
  /** The navigation's name for screen readers, when a page has more than one list. */
  label?: string;
}

/** Nothing when everything fits on one page. */
export function Pager({ page, pageCount, onPage, previous = 'Previous', next = 'Next', disabled = false, label = 'Pages' }: PagerProps) {
  if (pageCount <= 1) return null;
  return (
    <Flex tag="nav" aria-label={label} justifyContent="space-between" alignItems="center" gap={3} marginTop={4}>
      <Button variant="tertiary" startIcon={<ArrowLeft />} disabled={disabled || page <= 1} onClick={() => onPage(page - 1)}>
        {previous}
      </Button>
      <Typography aria-live="polite">
        Page {page} of {pageCount}
      </Typography>
      <Button variant="tertiary" endIcon={<ArrowRight />} disabled={disabled || page >= pageCount} onClick={() => onPage(page + 1)}>
        {next}
      </Button>
    </Flex>
  );
}
