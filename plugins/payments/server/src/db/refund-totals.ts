/**
 * The conditional updates of a payment's refunded total, in SQL because the Query Engine cannot
 * compare two columns or add to one in place: refunds never add up to more than was paid, even when
 * several are requested at once.
 */
import type { Core } from '@strapi/strapi';
import { tableMeta } from '@haven/shared/server/db';
import { PAID } from './rows';
import { UID } from './uids';

export function refundTotals(strapi: Core.Strapi) {
  const meta = () => tableMeta(strapi, UID.payment);
  const knex = () => strapi.db.connection;

  return {
    /** Reserves `amount` for a refund: succeeds only while refunded + amount stays within what was paid. */
    async reserve(id: number, amount: number): Promise<boolean> {
      const m = meta();
      const refunded = m.column('refundedMinor');
      const count = await knex()(m.table)
        .where('id', id)
        .whereIn(m.column('status'), PAID)
        .whereRaw('COALESCE(??, 0) + ? <= ??', [refunded, amount, m.column('amountMinor')])
        .update({ [refunded]: knex().raw('COALESCE(??, 0) + ?', [refunded, amount]), [m.column('updatedAt')]: new Date() });
      return Number(count) > 0;
    },

    /** Gives back a reservation whose refund the provider refused. */
    async release(id: number, amount: number): Promise<void> {
      const m = meta();
      const refunded = m.column('refundedMinor');
      await knex()(m.table)
        .where('id', id)
        .update({ [refunded]: knex().raw('CASE WHEN COALESCE(??, 0) >= ? THEN COALESCE(??, 0) - ? ELSE 0 END', [refunded, amount, refunded, amount]) });
    },

    /** Raises the refunded total to a provider-reported cumulative figure (never lowers it). */
    async raiseTo(id: number, total: number): Promise<boolean> {
      const m = meta();
      const refunded = m.column('refundedMinor');
      const count = await knex()(m.table)
        .where('id', id)
        .whereRaw('COALESCE(??, 0) < ?', [refunded, total])
        .update({ [refunded]: total, [m.column('updatedAt')]: new Date() });
      return Number(count) > 0;
    },
  };
}
