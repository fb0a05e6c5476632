import type { ChatMessage, StoredMessageView } from '@haven/shared/chat';
import type { Participation } from '../services/conversations';

/** A stored message, and whether this send wrote it (false: a retry answered with the earlier copy). */
export interface StoreResult {
  message: ChatMessage;
  created: boolean;
}

/** A message waiting for the writer, with the sender's promise to settle. */
export interface Pending {
  conversation: Participation;
  senderUserId: number;
  body: string;
  clientId: string | null;
  /** A client's words matched the crisis phrase lists: marked for the therapist (realtime/send.ts). */
  urgent: boolean;
  /** When it was sent, for a message of the past (the demo seed); absent: when its batch is written. */
  sentAt?: Date;
  resolve(result: StoreResult): void;
  reject(err: unknown): void;
}

export interface MessagePage {
  messages: StoredMessageView[];
  /** Pass as `before` for the next (older) page; null when there is none. */
  nextBefore: number | null;
}
