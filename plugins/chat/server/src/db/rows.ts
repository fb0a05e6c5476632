/**
 * Typed rows of the chat's tables: as the Query Engine reads them (attribute names, `…Record`), as
 * the services use them (numbers and ISO strings, `…Row`), and what a batch of messages writes.
 */
import { isoOrNull } from '@haven/shared/server/db';
import type { ChatRole } from '@haven/shared/chat';

/** A conversation as the Query Engine returns it. */
export interface ConversationRecord {
  id: number;
  documentId: string;
  clientUserId: number;
  therapistUserId: number;
  lastSeq: number | null;
  clientReadSeq: number | null;
  therapistReadSeq: number | null;
  lastMessageAt: string | number | Date | null;
  /** When the therapist was last mailed about an urgent message here (services/urgent.ts). */
  urgentMailedAt?: string | number | Date | null;
  keyVersion: number;
  wrappedKey: string;
}

/** A conversation with its counters and wrapped data key. */
export interface ConversationRow {
  id: number;
  documentId: string;
  clientUserId: number;
  therapistUserId: number;
  lastSeq: number;
  clientReadSeq: number;
  therapistReadSeq: number;
  lastMessageAt: string | null;
  keyVersion: number;
  wrappedKey: string;
}

/** Who is in a conversation: never changes once it exists, so it is cached. */
export interface Membership {
  id: number;
  documentId: string;
  clientUserId: number;
  therapistUserId: number;
}

/** The parts of a conversation that wrap its data key (services/keys.ts). */
export interface ConversationKeyRow {
  id: number;
  documentId: string;
  keyVersion: number;
  wrappedKey: string;
}

/** A stored message as the chat's reads give it; its body is still sealed. */
export interface MessageRow {
  conversationId: number;
  senderUserId: number;
  seq: number;
  senderRole: ChatRole;
  body: string;
  clientId: string | null;
  /** A client's message that matched the crisis phrase lists (unsealed: the mark says nothing of the text). */
  urgent: boolean;
  /** As the database gives it (SQLite: epoch ms or text; PostgreSQL: a Date). */
  createdAt: unknown;
}

/** A conversation's counters and key as a batch reads them, inside its transaction. */
export type ConversationCounters = ConversationKeyRow & Pick<ConversationRow, 'lastSeq' | 'clientReadSeq' | 'therapistReadSeq'>;

/** A message numbered and sealed, ready to insert. */
export interface NewMessage {
  conversationId: number;
  seq: number;
  senderUserId: number;
  senderRole: ChatRole;
  /** Sealed. */
  body: string;
  clientId: string | null;
  urgent: boolean;
  /** When it was sent: its batch's time, or the time given for a message of the past. */
  createdAt: Date;
}

/** A conversation's counters after a batch, and the time of its last-numbered message. */
export type CounterMove = Pick<ConversationRow, 'id' | 'lastSeq' | 'clientReadSeq' | 'therapistReadSeq'> & { lastMessageAt: Date };

/** A Query Engine conversation in the services' shape. */
export function conversationRow(record: ConversationRecord): ConversationRow {
  return {
    id: Number(record.id),
    documentId: String(record.documentId),
    clientUserId: Number(record.clientUserId),
    therapistUserId: Number(record.therapistUserId),
    lastSeq: Number(record.lastSeq ?? 0),
    clientReadSeq: Number(record.clientReadSeq ?? 0),
    therapistReadSeq: Number(record.therapistReadSeq ?? 0),
    lastMessageAt: isoOrNull(record.lastMessageAt),
    keyVersion: Number(record.keyVersion),
    wrappedKey: String(record.wrappedKey),
  };
}

/** Who is in a conversation, from a Query Engine row (only these four columns need be selected). */
export function membershipOf(record: Pick<ConversationRecord, 'id' | 'documentId' | 'clientUserId' | 'therapistUserId'>): Membership {
  return { id: Number(record.id), documentId: String(record.documentId), clientUserId: Number(record.clientUserId), therapistUserId: Number(record.therapistUserId) };
}
