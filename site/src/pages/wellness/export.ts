/**
 * GET /wellness/export?format=json|csv&dataset=entries|assessments: one's own wellness data as a
 * download, passed through from the CMS (the token stays on this server).
 */
import type { APIRoute } from 'astro';
import { exportFile } from '../../lib/wellness';

export const GET: APIRoute = async ({ locals, url, redirect }) => {
  if (!locals.token) return redirect(`/login?next=${encodeURIComponent(url.pathname + url.search)}`, 302);
  const format = url.searchParams.get('format') === 'csv' ? 'csv' : 'json';
  const dataset = url.searchParams.get('dataset') === 'assessments' ? 'assessments' : 'entries';
  let upstream: Response;
  try {
    upstream = await exportFile(locals.token, format, dataset);
  } catch {
    return new Response('We could not reach Haven just now. Please try again in a moment.', { status: 503, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  }
  if (!upstream.ok) {
    return new Response('Your export could not be prepared just now. Please try again in a moment.', { status: upstream.status === 401 ? 401 : 503, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  }
  const headers = new Headers({ 'cache-control': 'private, no-store', 'x-content-type-options': 'nosniff' });
  for (const name of ['content-type', 'content-disposition']) {
    const value = upstream.headers.get(name);
    if (value) headers.set(name, value);
  }
  return new Response(upstream.body, { status: 200, headers });
};
