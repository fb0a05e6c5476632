/**
 * Issue 20's erasure of one account from the chat, in one transaction: the messages it wrote lose
 * their sealed text (the body becomes ERASED_BODY, which the opener shows as a deleted message), their
 * retry id and urgent mark, and their sender id; each conversation it was in stops naming it (its
 * participant column takes FORMER_MEMBER_ID of that conversation). The other person's messages, the
 * counters and the conversation's key stay: they are the other person's history.
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { chatTables } from './tables';

/** The body of an erased message: no ciphertext at all (a sealed body is never empty). */
export const ERASED_BODY = '';

/**
 * The participant id a conversation keeps for an erased account: minus the conversation's row id, so
 * it names no account (ids are positive) and two erased clients of one therapist still differ (the
 * pair is unique).
 */
export const formerMemberId = (conversationId: number) => -conversationId;
export const isFormerMember = (userId: number) => userId <= 0;

export interface ChatErasure {
  /** Conversations that named the account and now do not. */
  conversations: number;
  /** Messages whose text was erased. */
  messages: number;
}

export async function eraseAccount(strapi: Core.Strapi, userId: number): Promise<ChatErasure> {
  const { msg, conv } = chatTables(strapi);
  const knex = strapi.db.connection as Knex;
  const client = conv.column('clientUserId');
  const therapist = conv.column('therapistUserId');
  return knex.transaction(async (trx) => {
    const rows = (await trx(conv.table).where(client, userId).orWhere(therapist, userId).select('id', client, therapist)) as Record<string, unknown>[];
    let messages = 0;
    for (const row of rows) {
      const id = Number(row.id);
      const former = formerMemberId(id);
      messages += await trx(msg.table)
        .where(msg.column('conversationId'), id)
        .where(msg.column('senderUserId'), userId)
        .update({ [msg.column('body')]: ERASED_BODY, [msg.column('senderUserId')]: former, [msg.column('clientId')]: null, [msg.column('urgent')]: false });
      const column = Number(row[client]) === userId ? client : therapist;
      // The urgent-mail stamp was about the erased client's words; it says nothing once they are gone.
      await trx(conv.table).where('id', id).update({ [column]: former, ...(column === client ? { [conv.column('urgentMailedAt')]: null } : {}) });
    }
    return { conversations: rows.length, messages };
  });
}
