import type { APIRoute } from 'astro';
import { json, listConversations, sameOrigin } from '../../../lib/chat';

/** GET /api/chat/conversations: the signed-in person's conversations with unread counts (for the chat island). */
export const GET: APIRoute = async ({ locals, request }) => {
  if (!sameOrigin(request)) return json({ error: 'Not available from other sites.' }, 403);
  if (!locals.token) return json({ error: 'Please log in again.' }, 401);
  const result = await listConversations(locals.token);
  if (!result.ok) return json({ error: result.message }, result.status);
  return json(result.data.data);
};
