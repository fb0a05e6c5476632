import type { APIRoute } from 'astro';
import type { AvailabilityPreview } from '@haven/shared/booking';
import { cms } from '../../../lib/cms';
import { json, sameOrigin } from '../../../lib/chat';

/** Bodies are a week of hours and a few numbers: anything much bigger is not the form's. */
const MAX_BODY = 64_000;

/**
 * POST /api/booking/availability-preview: the availability island's edits (the body PUT would send),
 * passed to the CMS's preview with the signed-in therapist's token. Nothing is saved.
 */
export const POST: APIRoute = async ({ locals, request }) => {
  if (!sameOrigin(request)) return json({ error: 'Not available from other sites.' }, 403);
  if (!locals.token) return json({ error: 'Please log in again.' }, 401);
  const raw = await request.text();
  if (raw.length > MAX_BODY) return json({ error: 'That is too much to preview.' }, 413);
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    return json({ error: 'We could not read the hours.' }, 400);
  }
  const res = await cms<{ data: AvailabilityPreview }>('/api/booking/availability/preview', { method: 'POST', body, token: locals.token });
  if (!res.ok) return json({ error: res.message, fieldErrors: res.fieldErrors }, res.status);
  return json(res.data.data);
};
