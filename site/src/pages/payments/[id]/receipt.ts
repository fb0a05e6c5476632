import type { APIRoute } from 'astro';
import { CMS_URL } from '../../../lib/cms';
import { validPaymentId } from '../../../lib/payments';

/** GET /payments/:id/receipt[?format=pdf]: the CMS's receipt for the signed-in payer or therapist, passed through. */
export const GET: APIRoute = async ({ params, locals, url, redirect }) => {
  if (!locals.user || !locals.token) return redirect(`/login?next=${encodeURIComponent(url.pathname + url.search)}`, 302);
  if (!validPaymentId(params.id)) return new Response('Not found', { status: 404 });
  const format = url.searchParams.get('format') === 'pdf' ? 'pdf' : 'html';
  let res: Response;
  try {
    res = await fetch(`${CMS_URL}/api/payments/${params.id}/receipt?format=${format}`, { headers: { authorization: `Bearer ${locals.token}` }, signal: AbortSignal.timeout(15_000) });
  } catch {
    return new Response('We could not reach Haven just now. Please try again in a moment.', { status: 503, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  }
  if (!res.ok) return new Response(res.status === 404 ? 'No such receipt' : 'The receipt could not be made just now.', { status: res.status === 404 ? 404 : 502, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  const headers = new Headers({
    'content-type': format === 'pdf' ? 'application/pdf' : 'text/html; charset=utf-8',
    'cache-control': 'private, no-store',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
  });
  if (format === 'pdf') headers.set('content-disposition', `inline; filename="haven-receipt-${params.id}.pdf"`);
  return new Response(await res.arrayBuffer(), { status: 200, headers });
};
