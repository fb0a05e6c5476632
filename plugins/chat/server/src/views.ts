/**
 * Responses by allow-list: every chat answer and socket event built from an internal record (a
 * conversation row with both user ids and its wrapped key, a stored message with its sender's user id,
 * a participation with the other person's user id) is picked from one of these definitions, so a
 * column the chat's tables grow later stays private until it is named here. The shapes the site reads
 * stay in @haven/shared/chat; `SAME_AS_SHARED` at the bottom makes tsc refuse a definition that hands
 * out more or less than its shared type.
 */
import { publicView, type ViewOf, type SameFields } from '@haven/shared/view';
import type { ChatMessage, ChatRole, ConversationSummary, DeletedMessage, ServerToClient, UnreadableMessage } from '@haven/shared/chat';
import type { ConversationRow, Membership, MessageRow } from './db/rows';
import type { Participation } from './services/conversations';

/** The other person of a conversation: who they are (user id) and what the reader may know of them. */
export interface PartnerRecord {
  userId: number;
  displayName: string;
  role: ChatRole;
}

/** What a participant's view of a conversation is picked from: the row under its public id, and what was worked out for the reader. */
export interface ConversationSummaryRecord extends Omit<ConversationRow, 'id'> {
  /** The public id (the row's document id). */
  id: string;
  yourRole: ChatRole;
  with: ViewOf<typeof partnerView>;
  lastMessageId: number;
  unread: number;
  /** Unread urgent messages (the therapist's; 0 for the client). */
  urgent: number;
  theirReadId: number;
  yourReadId: number;
  writable: boolean;
  readOnlyReason: string | null;
}

/** What a message's view is picked from: the stored row (sender's user id, internal numbers) with its public names and opened body. */
export interface MessageRecord extends Omit<MessageRow, 'conversationId' | 'body' | 'createdAt'> {
  /** The message's number inside its conversation (the row's `seq`). */
  id: number;
  /** The conversation's public id. */
  conversationId: string;
  sender: ChatRole;
  /** The opened (plain) body. */
  body: string;
  /** ISO time in UTC. */
  createdAt: string;
}

/** A stored message whose body failed its integrity check: everything but the text. */
export interface UnreadableMessageRecord extends Omit<MessageRecord, 'body'> {
  body: null;
  unreadable: true;
}

/** A stored message whose writer's account was erased: its place, no text (db/erasure.ts). */
export interface DeletedMessageRecord extends Omit<MessageRecord, 'body'> {
  body: null;
  deleted: true;
}

/** What a read receipt is picked from: the reader's participation (both user ids) and how far they read. */
export interface ReceiptRecord extends Participation {
  conversationId: string;
  reader: ChatRole;
  upTo: number;
}

/** What a typing notice is picked from: the typist's participation and whether they type. */
export interface TypingRecord extends Participation {
  conversationId: string;
  sender: ChatRole;
  typing: boolean;
}

/** What a conversation event is picked from: the conversation's membership (both user ids) under its public id. */
export interface ConversationEventRecord extends Membership {
  conversationId: string;
}

/** What a presence notice is picked from: the conversation's membership and whether the other person is online. */
export interface PresenceRecord extends ConversationEventRecord {
  online: boolean;
}

/** `with` of conversationView. */
export const partnerView = publicView<PartnerRecord>()('displayName', 'role');

/** GET /api/chat/conversations (each of `data`), GET /api/chat/conversations/:id, POST /api/chat/conversations. */
export const conversationView = publicView<ConversationSummaryRecord>()(
  'id',
  'yourRole',
  'with',
  'lastMessageId',
  'lastMessageAt',
  'unread',
  'urgent',
  'theirReadId',
  'yourReadId',
  'writable',
  'readOnlyReason',
);

/**
 * POST /api/chat/conversations/:id/messages, GET …/messages (each of `data`), the `message:send`
 * acknowledgement, the `message:new` event and the messages of the `sync` acknowledgement.
 */
export const messageView = publicView<MessageRecord>()('id', 'conversationId', 'sender', 'body', 'createdAt', 'clientId', 'urgent');

/** A message that failed its integrity check, wherever messageView would be sent. */
export const unreadableMessageView = publicView<UnreadableMessageRecord>()('id', 'conversationId', 'sender', 'body', 'createdAt', 'clientId', 'urgent', 'unreadable');

/** A message whose writer's account was erased, wherever messageView would be sent. */
export const deletedMessageView = publicView<DeletedMessageRecord>()('id', 'conversationId', 'sender', 'body', 'createdAt', 'clientId', 'urgent', 'deleted');

/** The `message:read` event (socket.io), after POST /api/chat/conversations/:id/read or a `message:read` event. */
export const receiptView = publicView<ReceiptRecord>()('conversationId', 'reader', 'upTo');

/** The `typing` event (socket.io), to the other participant. */
export const typingView = publicView<TypingRecord>()('conversationId', 'sender', 'typing');

/** The `conversation:new` event (socket.io), to both participants of a conversation just opened. */
export const conversationOpenedView = publicView<ConversationEventRecord>()('conversationId');

/** The `presence` event (socket.io), to the other participant of each of a person's conversations. */
export const presenceView = publicView<PresenceRecord>()('conversationId', 'online');


/** The payload of a server-to-client socket event. */
export type EventPayload<Event extends keyof ServerToClient> = Parameters<ServerToClient[Event]>[0];

/** Compile-time proof that each definition hands out exactly what the site reads. */
export const SAME_AS_SHARED: [
  SameFields<ViewOf<typeof conversationView>, ConversationSummary>,
  SameFields<ViewOf<typeof partnerView>, ConversationSummary['with']>,
  SameFields<ViewOf<typeof messageView>, ChatMessage>,
  SameFields<ViewOf<typeof messageView>, EventPayload<'message:new'>>,
  SameFields<ViewOf<typeof unreadableMessageView>, UnreadableMessage>,
  SameFields<ViewOf<typeof deletedMessageView>, DeletedMessage>,
  SameFields<ViewOf<typeof receiptView>, EventPayload<'message:read'>>,
  SameFields<ViewOf<typeof typingView>, EventPayload<'typing'>>,
  SameFields<ViewOf<typeof conversationOpenedView>, EventPayload<'conversation:new'>>,
  SameFields<ViewOf<typeof presenceView>, EventPayload<'presence'>>,
] = [true, true, true, true, true, true, true, true, true, true];
