import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { tableMeta } from '@haven/shared/server/db';
import type { ChatRole } from '@haven/shared/chat';
import { UID } from './uids';

/**
 * Moves a reader's read pointer forward to `upTo` in one conditional statement: only forward, and
 * not past the last message. Returns the pointer as stored and whether it moved.
 */
export async function moveReadPointer(strapi: Core.Strapi, conversationId: number, reader: ChatRole, upTo: number): Promise<{ upTo: number; moved: boolean }> {
  const m = tableMeta(strapi, UID.conversation);
  const column = m.column(reader === 'client' ? 'clientReadSeq' : 'therapistReadSeq');
  const last = m.column('lastSeq');
  const knex = strapi.db.connection as Knex;
  const moved = await knex(m.table)
    .where('id', conversationId)
    .where(column, '<', upTo)
    .update({ [column]: knex.raw('CASE WHEN ?? < ? THEN ?? ELSE ? END', [last, upTo, last, upTo]) });
  const row = (await knex(m.table).where('id', conversationId).first(column)) as Record<string, unknown> | undefined;
  return { upTo: Number(row?.[column] ?? 0), moved: moved > 0 };
}
