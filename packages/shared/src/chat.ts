/**
 * The chat protocol that the CMS's socket.io server and the site's islands both speak: event names,
 * payload shapes, limits and error codes. Pure types and constants (safe in a browser bundle).
 *
 * Ids: a conversation is named by a random public id; a message by its sequence number inside its
 * conversation (1, 2, 3 … in commit order), so "what did I miss" is one number per conversation.
 * People are named by their role in the conversation ('client' | 'therapist'), never by user id.
 */
import type { CrisisResources } from './safety';

/** Longest message body, in characters (UTF-16 code units, as `String.length` counts). */
export const MAX_MESSAGE_CHARS = 4000;
/** Largest socket.io frame the server accepts at all (bytes, checked before parsing); bigger frames close the connection. */
export const MAX_FRAME_BYTES = 64 * 1024;
/** The most messages one page of history holds. */
export const MAX_PAGE = 100;

export type ChatRole = 'client' | 'therapist';

export interface ChatMessage {
  /** Sequence number inside the conversation (1, 2, 3 …). */
  id: number;
  conversationId: string;
  sender: ChatRole;
  body: string;
  /** ISO time in UTC. */
  createdAt: string;
  /** The sender's own id for this message (idempotent retries), when it gave one. */
  clientId: string | null;
  /**
   * A client's message whose words matched the crisis phrase lists (the safety plugin), marked for
   * their therapist. The mark says nothing of the text and stays on the message once read.
   */
  urgent: boolean;
}

/** A message whose stored text failed its integrity check: shown as such, never as text. */
export interface UnreadableMessage extends Omit<ChatMessage, 'body'> {
  body: null;
  unreadable: true;
}

/**
 * A message whose writer's account was erased (issue 20): it keeps its place and time in the
 * conversation, not its words; the site shows "Message deleted", not as something anyone wrote.
 */
export interface DeletedMessage extends Omit<ChatMessage, 'body'> {
  body: null;
  deleted: true;
}

export type StoredMessageView = ChatMessage | UnreadableMessage | DeletedMessage;

export interface ConversationSummary {
  id: string;
  yourRole: ChatRole;
  with: { displayName: string; role: ChatRole };
  /** Sequence number of the newest message (0 when there is none). */
  lastMessageId: number;
  lastMessageAt: string | null;
  unread: number;
  /** Unread messages marked urgent (a therapist's view; always 0 for the client): such conversations are listed first. */
  urgent: number;
  /** How far the other person has read (their read receipt). */
  theirReadId: number;
  /** How far you have read. */
  yourReadId: number;
  /** Whether you may send here now (a current session together, a verified therapist); history stays readable either way. */
  writable: boolean;
  /** Why you cannot send, in words to show by the disabled composer (null when writable). */
  readOnlyReason: string | null;
}

/** Machine-readable reasons of `chat:error` events, negative acknowledgements and refused handshakes. */
export type ChatErrorCode =
  | 'token-missing'
  | 'token-invalid'
  | 'token-expired'
  | 'session-expired'
  | 'blocked'
  | 'not-found'
  | 'invalid'
  | 'too-large'
  | 'rate-limited'
  | 'outside-window'
  | 'read-only'
  | 'unavailable';

export interface ChatErrorPayload {
  code: ChatErrorCode;
  message: string;
  /** The event that was refused, when there was one. */
  event?: string;
  /** When to try again (rate limits). */
  retryAfterMs?: number;
}

export type Ack<T> = { ok: true; data: T } | { ok: false; error: ChatErrorPayload };

/**
 * What sending a message answers (the `message:send` acknowledgement; POST …/messages answers
 * `{ data, meta }` alike): `meta.crisis`, the crisis lines of the sender's locale, when the words
 * matched the crisis phrase lists. Sending is never refused for it.
 */
export type SendAck = { ok: true; data: ChatMessage; meta?: { crisis: CrisisResources } } | { ok: false; error: ChatErrorPayload };

/** Events the client sends (with their payload and the acknowledgement it receives). */
export interface ClientToServer {
  /** Acknowledged only after the message is durably stored. */
  'message:send': (payload: { conversationId: string; body: string; clientId?: string }, ack: (result: SendAck) => void) => void;
  /** Everything after `since[conversationId]` (a message id) in each listed conversation; `hasMore` when capped. */
  sync: (payload: { since: Record<string, number> }, ack: (result: Ack<{ conversations: { id: string; messages: StoredMessageView[]; hasMore: boolean }[] }>) => void) => void;
  /** Needs no answer; an acknowledgement, when given, is answered (refusals too: rate-limited, read-only). */
  typing: (payload: { conversationId: string; typing: boolean }, ack?: (result: Ack<null>) => void) => void;
  /** "I have read up to message `upTo`." */
  'message:read': (payload: { conversationId: string; upTo: number }, ack?: (result: Ack<{ upTo: number }>) => void) => void;
  /** A fresh access token after `auth:renew`. */
  'auth:token': (payload: { token: string }, ack: (result: Ack<{ expiresAt: string }>) => void) => void;
  /** Whether the other person of each listed conversation is online now. */
  'presence:query': (payload: { conversationIds: string[] }, ack: (result: Ack<Record<string, boolean>>) => void) => void;
  /** WebRTC: enter the call of a booking (participants only, inside its window). */
  'rtc:join': (payload: { bookingId: string }, ack: (result: Ack<{ peerPresent: boolean; polite: boolean }>) => void) => void;
  'rtc:leave': (payload: { bookingId: string }, ack?: (result: Ack<null>) => void) => void;
  /** WebRTC: an offer, answer or ICE candidate for the other participant of the call. */
  'rtc:signal': (payload: { bookingId: string; signal: RtcSignal }, ack?: (result: Ack<null>) => void) => void;
}

export type RtcSignal =
  | { type: 'offer' | 'answer'; sdp: string }
  | { type: 'candidate'; candidate: { candidate: string; sdpMid?: string | null; sdpMLineIndex?: number | null; usernameFragment?: string | null } | null };

/** Events the server sends. */
export interface ServerToClient {
  'message:new': (message: ChatMessage) => void;
  typing: (payload: { conversationId: string; sender: ChatRole; typing: boolean }) => void;
  'message:read': (payload: { conversationId: string; reader: ChatRole; upTo: number }) => void;
  presence: (payload: { conversationId: string; online: boolean }) => void;
  /** A conversation was opened for you (a new booking): fetch the list again. */
  'conversation:new': (payload: { conversationId: string }) => void;
  /** Your access token runs out (or has): send a fresh one with `auth:token` before `deadline`. */
  'auth:renew': (payload: { reason: 'expiring' | 'expired'; deadline: string }) => void;
  'chat:error': (payload: ChatErrorPayload) => void;
  'rtc:peer': (payload: { bookingId: string; present: boolean }) => void;
  'rtc:signal': (payload: { bookingId: string; signal: RtcSignal }) => void;
}

/** What GET /api/chat/bookings/:id/video answers. */
export type VideoAccess =
  | { provider: 'twilio'; token: string; room: string; identity: string; expiresAt: string }
  | {
      provider: 'webrtc';
      room: string;
      /** STUN/TURN servers; a TURN entry has a short-lived username and credential of this participant. */
      iceServers: IceServer[];
      /** 'relay' when the CMS allows relayed candidates only (TURN_RELAY_ONLY): every call goes through TURN. */
      iceTransportPolicy: 'all' | 'relay';
      expiresAt: string;
      polite: boolean;
    };

export interface IceServer {
  urls: string | string[];
  username?: string;
  credential?: string;
}
