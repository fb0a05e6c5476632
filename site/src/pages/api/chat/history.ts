import type { APIRoute } from 'astro';
import { json, messagesPage, sameOrigin } from '../../../lib/chat';

/** GET /api/chat/history?c=&before=: an older page of a conversation (the CMS answers 404 for anyone else's). */
export const GET: APIRoute = async ({ locals, request, url }) => {
  if (!sameOrigin(request)) return json({ error: 'Not available from other sites.' }, 403);
  if (!locals.token) return json({ error: 'Please log in again.' }, 401);
  const id = url.searchParams.get('c') ?? '';
  const before = url.searchParams.get('before');
  if (!/^[a-z0-9]{1,64}$/.test(id) || (before !== null && !/^\d{1,10}$/.test(before))) return json({ error: 'No such conversation.' }, 404);
  const result = await messagesPage(locals.token, id, before ? Number(before) : null);
  if (!result.ok) return json({ error: result.message }, result.status);
  return json({ messages: result.data.data, nextBefore: result.data.meta.nextBefore });
};
