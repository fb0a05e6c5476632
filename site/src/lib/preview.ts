/**
 * The editors' draft preview, site side (server only): which token opens which draft, and the
 * headers a preview answers with. The CMS's preview handler signs the token (cms/src/lib/preview.ts);
 * PREVIEW_SECRET is shared by both. Without it, the preview address does not exist (404).
 */
import { checkPreviewToken, isPreviewSecret, type PreviewCheck } from '@haven/shared/preview';
import { PUBLIC_CMS_URL } from './cms';
import { VIDEO_FRAME_HOSTS } from './library';

/** The check of `token` for `documentId`, or null when previews are off on this site. */
export async function checkPreview(documentId: string, token: string | null): Promise<PreviewCheck | null> {
  const secret = process.env.PREVIEW_SECRET;
  if (!isPreviewSecret(secret)) return null;
  return checkPreviewToken(secret, token, documentId);
}

/** The admin's origin: the one page that may show a preview in a frame (the Content Manager's preview). */
function adminOrigin(): string | null {
  try {
    return new URL(PUBLIC_CMS_URL).origin;
  } catch {
    return null;
  }
}

/**
 * A draft is for the editor who opened it: never stored by a cache, never indexed, the address (which
 * carries the token) never sent on as a referrer, and framed only by the admin.
 */
export function previewHeaders(): Record<string, string> {
  const admin = adminOrigin();
  return {
    'Cache-Control': 'no-store',
    'X-Robots-Tag': 'noindex, nofollow',
    'Referrer-Policy': 'no-referrer',
    'Content-Security-Policy': `frame-ancestors ${admin ?? "'none'"}; base-uri 'self'; form-action 'self'; object-src 'none'; frame-src ${VIDEO_FRAME_HOSTS.join(' ')}`,
  };
}
