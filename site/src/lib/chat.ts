/**
 * The chat and video as the site's server side sees them: CMS calls with the visitor's token, and the
 * same-origin check for the small JSON endpoints the islands call. Types come from @haven/shared/chat.
 */
import type { ConversationSummary, StoredMessageView, VideoAccess } from '@haven/shared/chat';
import type { CrisisResources } from '@haven/shared/safety';
import { LANGUAGE_TAG, LANGUAGE_TAG_MAX } from '@haven/shared/locale';
import { cms, PUBLIC_CMS_URL } from './cms';

export { PUBLIC_CMS_URL };

export const listConversations = (token: string) => cms<{ data: ConversationSummary[] }>('/api/chat/conversations', { token });

export const messagesPage = (token: string, conversationId: string, before?: number | null, limit = 50) =>
  cms<{ data: StoredMessageView[]; meta: { nextBefore: number | null } }>(
    `/api/chat/conversations/${encodeURIComponent(conversationId)}/messages?limit=${limit}${before ? `&before=${before}` : ''}`,
    { token },
  );

export const openForBooking = (token: string, bookingId: string) => cms<{ data: ConversationSummary }>('/api/chat/conversations', { body: { bookingId }, token });

/**
 * The one-time cookie that carries "your message matched: show the crisis lines" across the form
 * post's redirect (the sender's locale, or "-"); the lines themselves are asked for again.
 */
export const CRISIS_FLASH = 'haven_chat_crisis';

/** Crisis lines for a locale (the safety plugin's public list); a malformed locale asks for the default. */
export const crisisLines = (locale: string | null) =>
  cms<{ data: CrisisResources }>(`/api/safety/lines${locale && locale.length <= LANGUAGE_TAG_MAX && LANGUAGE_TAG.test(locale) ? `?locale=${encodeURIComponent(locale)}` : ''}`);

export const videoAccess = (token: string, bookingId: string) => cms<{ data: VideoAccess }>(`/api/chat/bookings/${encodeURIComponent(bookingId)}/video`, { token });

/**
 * Whether a request comes from this site's own pages. Browsers say so in Sec-Fetch-Site (and in Origin
 * for other than simple GETs); a request that says it comes from elsewhere gets nothing.
 */
export function sameOrigin(request: Request): boolean {
  const site = request.headers.get('sec-fetch-site');
  if (site && site !== 'same-origin') return false;
  const origin = request.headers.get('origin');
  if (origin && origin !== new URL(request.url).origin) return false;
  return true;
}

/** A JSON answer that no cache keeps. */
export function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' } });
}

export const ID_PATTERN = /^[A-Za-z0-9]{1,64}$/;
