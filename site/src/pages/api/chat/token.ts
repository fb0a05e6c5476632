import type { APIRoute } from 'astro';
import { jwtExpiry } from '../../../lib/session';
import { json, PUBLIC_CMS_URL, sameOrigin } from '../../../lib/chat';

/**
 * GET /api/chat/token: the current CMS access token (about ten minutes; the middleware has refreshed it
 * on this server when it was close to running out) for this site's own chat and video islands, which
 * open their socket to the CMS with it. The refresh token never leaves the httpOnly cookie.
 */
export const GET: APIRoute = ({ locals, request }) => {
  if (!sameOrigin(request)) return json({ error: 'Not available from other sites.' }, 403);
  if (!locals.token) return json({ error: locals.cmsUnavailable ? 'Haven cannot be reached just now.' : 'Please log in again.' }, locals.cmsUnavailable ? 503 : 401);
  const exp = jwtExpiry(locals.token);
  return json({ token: locals.token, expiresAt: exp ? new Date(exp * 1000).toISOString() : null, cmsUrl: PUBLIC_CMS_URL });
};
