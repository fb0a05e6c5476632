import type { APIRoute } from 'astro';
import { ID_PATTERN, json, sameOrigin, videoAccess } from '../../../../lib/chat';

/** GET /api/chat/video/:bookingId: how the video island enters the session's room (the CMS decides who and when). */
export const GET: APIRoute = async ({ locals, params, request }) => {
  if (!sameOrigin(request)) return json({ error: 'Not available from other sites.' }, 403);
  if (!locals.token) return json({ error: 'Please log in again.' }, 401);
  const id = params.id ?? '';
  if (!ID_PATTERN.test(id)) return json({ error: 'No such session.' }, 404);
  const result = await videoAccess(locals.token, id);
  if (!result.ok) return json({ error: result.message, details: result.error?.details ?? null }, result.status);
  return json(result.data.data);
};
