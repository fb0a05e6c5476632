import type { APIRoute } from 'astro';
import { json, sameOrigin } from '../../../lib/chat';
import { latestExport } from '../../../lib/privacy';

/** GET /api/privacy/export: the signed-in person's newest export's progress (the /profile/data island polls it). */
export const GET: APIRoute = async ({ locals, request }) => {
  if (!sameOrigin(request)) return json({ error: 'Not available from other sites.' }, 403);
  if (!locals.token) return json({ error: 'Please log in again.' }, 401);
  const result = await latestExport(locals.token);
  if (!result.ok) return json({ error: result.message }, result.status);
  return json({ data: result.data.data });
};
