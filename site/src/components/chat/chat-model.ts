/** The messages island's own state types and the small helpers it and its parts share. */
import type { ChatMessage, ConversationSummary, StoredMessageView } from '@haven/shared/chat';

export type Connection = 'connecting' | 'online' | 'reconnecting' | 'offline';

/** A message written here that the server has not stored yet (or refused). */
export type Pending = { clientId: string; conversationId: string; body: string; state: 'sending' | 'failed'; error?: string };

export const CONNECTION_TEXT: Record<Connection, string> = {
  connecting: 'Connecting…',
  online: 'Connected',
  reconnecting: 'Connection lost. Reconnecting… Messages you write are sent once it is back.',
  offline: 'Offline.',
};

/** A short-lived socket token from the site's server (it holds the session); throws with the status when refused. */
export async function fetchToken(): Promise<{ token: string; cmsUrl: string }> {
  const res = await fetch('/api/chat/token', { credentials: 'same-origin', cache: 'no-store' });
  if (!res.ok) throw Object.assign(new Error((await res.json().catch(() => null))?.error ?? 'Please log in again.'), { status: res.status });
  return res.json();
}

/** The retry id of a message: one resent after a reconnection is stored once. */
export const newClientId = () => (crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`);

/** One thread from two lists of stored messages: each id once, oldest first. */
export function mergeMessages(list: StoredMessageView[], more: StoredMessageView[]): StoredMessageView[] {
  const byId = new Map(list.map((m) => [m.id, m]));
  for (const m of more) byId.set(m.id, m);
  return [...byId.values()].sort((a, b) => a.id - b.id);
}

/**
 * A conversation after a new message in it: counters move, and a client's urgent message counts for
 * the therapist until they read it (the badge appears live).
 */
export function afterNewMessage(c: ConversationSummary, message: ChatMessage): ConversationSummary {
  const mine = message.sender === c.yourRole;
  const lastMessageId = Math.max(c.lastMessageId, message.id);
  const yourReadId = mine ? Math.max(c.yourReadId, message.id) : c.yourReadId;
  const fresh = message.id > c.lastMessageId;
  const urgent = c.yourRole === 'therapist' && !mine && message.urgent && fresh ? c.urgent + 1 : c.urgent;
  return { ...c, lastMessageId, lastMessageAt: message.createdAt, yourReadId, unread: Math.max(0, lastMessageId - yourReadId), urgent: yourReadId >= lastMessageId ? 0 : urgent };
}

/** A conversation read up to `upTo` (never back): read to the end, nothing is left unread or urgent. */
export function afterRead(c: ConversationSummary, upTo: number): ConversationSummary {
  if (upTo <= c.yourReadId) return c;
  const read = upTo >= c.lastMessageId;
  return { ...c, yourReadId: upTo, unread: Math.max(0, c.lastMessageId - upTo), urgent: read ? 0 : c.urgent };
}

/** Conversations with unread urgent messages first (as the server lists them), otherwise in the order given. */
export const urgentFirst = (list: ConversationSummary[]): ConversationSummary[] => [...list.filter((c) => c.urgent > 0), ...list.filter((c) => c.urgent === 0)];
