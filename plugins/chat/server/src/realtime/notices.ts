/**
 * Socket events about a conversation (opened, presence) and a participant's doings (read receipts,
 * typing), picked from its membership or their participation, which also hold both people's user ids:
 * only the fields named in ../views.ts reach the other person.
 */
import { conversationOpenedView, presenceView, receiptView, typingView, type EventPayload } from '../views';
import type { Membership } from '../db/rows';
import type { Participation } from '../services/conversations';

/** The `message:read` event: `conversation`'s reader has read up to message `upTo`. */
export function readReceipt(conversation: Participation, upTo: number): EventPayload<'message:read'> {
  return receiptView.pick({ ...conversation, conversationId: conversation.documentId, reader: conversation.role, upTo });
}

/** The `typing` event: `conversation`'s participant started or stopped typing. */
export function typingNotice(conversation: Participation, typing: boolean): EventPayload<'typing'> {
  return typingView.pick({ ...conversation, conversationId: conversation.documentId, sender: conversation.role, typing });
}

/** The `conversation:new` event: `conversation` was just opened (both people's pages fetch their list again). */
export function conversationOpened(conversation: Membership): EventPayload<'conversation:new'> {
  return conversationOpenedView.pick({ ...conversation, conversationId: conversation.documentId });
}

/** The `presence` event: whether the other person of `conversation` is online. */
export function presenceNotice(conversation: Membership, online: boolean): EventPayload<'presence'> {
  return presenceView.pick({ ...conversation, conversationId: conversation.documentId, online });
}
