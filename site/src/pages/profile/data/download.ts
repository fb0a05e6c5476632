import type { APIRoute } from 'astro';
import { sameOrigin } from '../../../lib/chat';
import { isExportId } from '../../../lib/export-status';
import { fetchArchive } from '../../../lib/privacy';

/**
 * POST /profile/data/download (the "Download your archive" form): the site's server takes a one-time
 * token from the CMS and spends it at once, then passes the zip on as it arrives. The browser never
 * holds a token or an address of the archive; a second try finds nothing (the CMS deletes it once sent).
 */
export const POST: APIRoute = async ({ locals, request, redirect }) => {
  if (!sameOrigin(request)) return new Response('Not available from other sites.', { status: 403 });
  if (!locals.token) return redirect('/login?next=%2Fprofile%2Fdata', 303);
  let id = '';
  try {
    const form = await request.formData();
    id = String(form.get('id') ?? '');
  } catch {
    /* not a form: handled as a bad id below */
  }
  if (!isExportId(id)) return redirect('/profile/data?problem=missing', 303);
  const archive = await fetchArchive(locals.token, id);
  if (!archive.ok) return redirect(`/profile/data?problem=${archive.status === 410 ? 'gone' : archive.status === 404 ? 'missing' : 'failed'}`, 303);
  const upstream = archive.response;
  const headers = new Headers({
    'content-type': 'application/zip',
    'content-disposition': upstream.headers.get('content-disposition') ?? 'attachment; filename="haven-export.zip"',
    'cache-control': 'private, no-store',
    'x-content-type-options': 'nosniff',
  });
  const length = upstream.headers.get('content-length');
  if (length) headers.set('content-length', length);
  return new Response(upstream.body, { status: 200, headers });
};
