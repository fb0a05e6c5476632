/**
 * The chat's public contract (`@haven/plugin-chat/public`): the only way other Haven code reaches the
 * chat: the CMS's demo seed, which opens a conversation as a booking would and stores a few messages
 * in it exactly as if they had been sent (sealed and numbered by the chat's own writer), and the
 * staff's Accounts page, which cuts a blocked person's open sockets.
 */
import type { ChatMessage } from '@haven/shared/chat';
import { badRequest } from '@haven/shared/errors';
import { getService } from './get-service';
import { BLOCKED_MESSAGE } from './realtime/auth';
import type { FirstReplies, FirstReplyFigures } from './services/usage';
import { personalData } from './personal-data';

export type { FirstReplies, FirstReplyFigures };

/** A conversation opened (or found) for a client and a therapist. */
export interface OpenedConversation {
  /** The conversation's public id. */
  conversationId: string;
  /** False when the pair already had a conversation. */
  created: boolean;
}

/** A stored message, and whether this call wrote it (false: the same retry id was stored before). */
export interface StoredMessage {
  message: ChatMessage;
  created: boolean;
}

export const chat = {
  /** The person's data this plugin holds, for issue 20's export and erasure (./personal-data.ts). */
  personalData,
  /** Opens (or finds) the one conversation of a client and a therapist. Nobody is notified. */
  async openConversation(clientUserId: number, therapistUserId: number): Promise<OpenedConversation> {
    const { row, created } = await getService('conversations').open(clientUserId, therapistUserId);
    return { conversationId: row.documentId, created };
  },

  /**
   * Stores a message from `senderUserId`, a participant of `conversationId` (else the same 404 as for
   * an unknown conversation), and resolves once it is committed. It is not delivered over sockets and
   * neither the rate limit nor the writable rule is applied: this is for seeding, not for sending.
   * The same `clientId` again is the same message. `sentAt` (not in the future) stores a message of the
   * past with that time: messages are numbered in the order they are stored, so store a conversation's
   * past oldest first, before anything newer.
   */
  async storeMessage(conversationId: string, senderUserId: number, body: string, clientId: string | null = null, sentAt?: Date): Promise<StoredMessage> {
    if (sentAt && !(sentAt.getTime() <= Date.now())) throw badRequest('A message can only be stored as sent at a valid time, not in the future.');
    const conversation = await getService('conversations').participant(senderUserId, conversationId);
    // The demo's history is not screened: nobody is there to be answered, and no therapist to alert.
    return getService('messages').store(conversation, senderUserId, body, clientId, sentAt ? { sentAt } : {});
  },

  /**
   * The demo seed: `userId` (a participant) has read `conversationId` up to message `upTo`, as the
   * messages page records when it shows them; the pointer never moves back. Nobody is notified.
   */
  async markRead(conversationId: string, userId: number, upTo: number): Promise<void> {
    await getService('conversations').markRead(userId, conversationId, upTo);
  },

  /**
   * Staff dashboards: conversations whose client wrote their first message in [from, to), how many the
   * therapist answered and the median minutes to the first reply, per therapist (by account id) and for
   * all. Counts and minutes only (bodies are never opened).
   */
  firstReplies: (from: Date, to: Date): Promise<FirstReplies> => getService('usage').firstReplies(from, to),

  /**
   * Closes every open socket of a person who has just been blocked, on every CMS process: the
   * sockets of one person share a room, and `disconnectSockets` on it goes through the Redis adapter
   * when there is one. They are told why first; reconnecting is refused while the account is blocked.
   */
  disconnectUser(userId: number): void {
    getService('realtime').disconnectUsers([userId], 'blocked', BLOCKED_MESSAGE);
  },
};

export type ChatContract = typeof chat;
