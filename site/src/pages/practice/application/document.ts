import type { APIRoute } from 'astro';
import { CMS_URL } from '../../../lib/cms';

/** GET /practice/application/document: the signed-in therapist's own licence document, passed through as a download. */
export const GET: APIRoute = async ({ locals, url, redirect }) => {
  if (!locals.user || !locals.token) return redirect(`/login?next=${encodeURIComponent(url.pathname)}`, 302);
  let res: Response;
  try {
    res = await fetch(`${CMS_URL}/api/applications/mine/document`, { headers: { authorization: `Bearer ${locals.token}` }, signal: AbortSignal.timeout(15_000) });
  } catch {
    return new Response('We could not reach Haven just now. Please try again in a moment.', { status: 503, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  }
  if (!res.ok) return new Response(res.status === 404 ? 'You have not uploaded a licence document yet.' : 'The document could not be read just now.', { status: res.status === 404 ? 404 : 502, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  // The CMS decided the type from the bytes and named the file; it is downloaded, never shown in the page.
  const headers = new Headers({
    'content-type': res.headers.get('content-type') ?? 'application/octet-stream',
    'content-disposition': res.headers.get('content-disposition') ?? 'attachment; filename="licence"',
    'x-content-type-options': 'nosniff',
    'cache-control': 'private, no-store',
    'content-security-policy': "default-src 'none'; sandbox",
  });
  return new Response(await res.arrayBuffer(), { status: 200, headers });
};
