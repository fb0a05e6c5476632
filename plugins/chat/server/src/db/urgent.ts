/**
 * Urgent marks (a client's message that matched the crisis phrase lists): how many a therapist has not
 * read yet in each conversation, and the conditional update that lets one mail per conversation per
 * window through, whichever process or request asks first.
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { chatTables } from './tables';

/**
 * Unread urgent messages per conversation for the therapist, by conversation row id (absent: none), in
 * one grouped query. Unread is "after the therapist's read pointer": reading the conversation clears
 * the count while the messages keep their mark. Served by the unique (conversationId, seq) index: only
 * the unread tail of each conversation is looked at.
 */
export async function unreadUrgent(strapi: Core.Strapi, conversationIds: number[]): Promise<Map<number, number>> {
  if (!conversationIds.length) return new Map();
  const knex = strapi.db.connection as Knex;
  const { msg, conv } = chatTables(strapi);
  const m = (attribute: string) => `m.${msg.column(attribute)}`;
  const rows = (await knex({ m: msg.table })
    .join({ c: conv.table }, 'c.id', m('conversationId'))
    .whereIn(m('conversationId'), conversationIds)
    // knex binds true as 1 on SQLite, where booleans are integers.
    .where(m('urgent'), true)
    .whereRaw('?? > ??', [m('seq'), `c.${conv.column('therapistReadSeq')}`])
    .groupBy(m('conversationId'))
    .select({ id: m('conversationId') })
    .count({ n: '*' })) as { id: unknown; n: unknown }[];
  return new Map(rows.map((row) => [Number(row.id), Number(row.n)]));
}

/**
 * Claims the conversation's mail window: true (and the window starts now) when no urgent mail went out
 * for it since `since`; false when one did. One conditional UPDATE, so two messages sent at once on two
 * processes let exactly one mail through (PostgreSQL re-checks the condition on the row it waited for).
 */
export async function claimMailWindow(strapi: Core.Strapi, conversationId: number, now: Date, since: Date): Promise<boolean> {
  const knex = strapi.db.connection as Knex;
  const { conv } = chatTables(strapi);
  const mailed = conv.column('urgentMailedAt');
  const changed = await knex(conv.table)
    .where('id', conversationId)
    .where((q) => q.whereNull(mailed).orWhere(mailed, '<', since))
    .update({ [mailed]: now });
  return Number(changed) === 1;
}
