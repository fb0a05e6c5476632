import type { GuardContext, Next } from '../lib/security/http';
import { DOWNLOAD_EXTENSIONS, INLINE_EXTENSIONS } from '../lib/uploads/formats';

/**
 * Headers for every file served from /uploads on the CMS origin (the admin's origin): never
 * sniffed, never able to run script or load anything (a sandboxing content-security policy), and
 * anything that is not one of the allowed raster image formats — SVG included — is a download,
 * never shown inline. Files uploaded before Haven screened uploads are covered as well.
 */
export const UPLOAD_CSP = "default-src 'none'; img-src 'self' data:; media-src 'self'; style-src 'unsafe-inline'; sandbox";

export default () => async (ctx: GuardContext, next: Next) => {
  await next();
  if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return;
  const path = ctx.path;
  if (!path.startsWith('/uploads/')) return;
  ctx.set('X-Content-Type-Options', 'nosniff');
  ctx.set('Content-Security-Policy', UPLOAD_CSP);
  const dot = path.lastIndexOf('.');
  const extension = dot === -1 ? '' : path.slice(dot + 1).toLowerCase();
  if (!INLINE_EXTENSIONS.has(extension)) {
    ctx.set('Content-Disposition', 'attachment');
    // Audio, video and PDF keep their type (players need it); anything else is only ever bytes.
    if (!DOWNLOAD_EXTENSIONS.has(extension) && ctx.status === 200) ctx.set('Content-Type', 'application/octet-stream');
  }
};
