/**
 * GET /api/library/search on the SITE: the search island's only way to the library search (unless
 * the CMS runs Meilisearch, which browsers may query directly with a search-only key). It passes the
 * known parameters on to the CMS's /api/library/search, so browsers never need the CMS's address.
 */
import type { APIRoute } from 'astro';
import { parseLibraryParams, searchQueryString } from '../../../lib/library';
import { searchRaw } from '../../../lib/library-server';

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
  });

export const GET: APIRoute = async ({ url, clientAddress }) => {
  const state = parseLibraryParams(url.searchParams);
  const requestedSize = Number(url.searchParams.get('pageSize') ?? '10');
  const pageSize = Number.isInteger(requestedSize) && requestedSize >= 1 && requestedSize <= 50 ? requestedSize : 10;
  let ip: string | undefined;
  try {
    ip = clientAddress;
  } catch {
    ip = undefined;
  }
  const result = await searchRaw(searchQueryString(state, pageSize), ip);
  if (!result.ok) return json(result.status, { error: { message: result.message } });
  return json(200, result.data);
};
