/**
 * Money per UTC day and currency for staff dashboards, one grouped query per series (GROUP BY and
 * SUM, which the Query Engine cannot express), in integer minor units:
 *   revenue  payments received (succeeded, later partly or wholly refunded included; waived ones are
 *            not money), on the day they were paid, gross of refunds
 *   refunds  refunds that went through, on the day they were requested
 * Counts and sums only: no payer, payee, booking or payment id leaves this module.
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { dayText, tableMeta, utcDay } from '@haven/shared/server/db';
import type { PaymentStatus } from './rows';
import { UID } from './uids';

/** One day's money in one currency. */
export interface MoneyDay {
  /** UTC day, 'YYYY-MM-DD'. */
  day: string;
  currency: string;
  /** How many payments (or refunds). */
  count: number;
  amountMinor: number;
}

export interface MoneyTotals {
  revenue: MoneyDay[];
  refunds: MoneyDay[];
}

/** Statuses of a payment whose money was received at some point. */
const RECEIVED: PaymentStatus[] = ['succeeded', 'partially_refunded', 'refunded'];

type GroupRow = { day: unknown; n: unknown; amount: unknown; [column: string]: unknown };

/** Narrows a money query; `column` names a field of the table by its attribute. */
export type MoneyWhere = (q: Knex.QueryBuilder, column: (name: string) => string) => Knex.QueryBuilder | void;

/**
 * Rows of `uid` whose `dayColumn` falls in [from, to), narrowed by `where`, counted and summed
 * (`amountMinor`) per UTC day and currency, in day then currency order.
 */
export async function moneyPerDay(strapi: Core.Strapi, uid: string, dayColumn: string, from: Date, to: Date, where: MoneyWhere): Promise<MoneyDay[]> {
  const m = tableMeta(strapi, uid);
  const [at, currency, amount] = [dayColumn, 'currency', 'amountMinor'].map(m.column);
  const day = utcDay(strapi, at);
  const query = strapi.db
    .connection(m.table)
    .select(day.select, currency)
    .count({ n: '*' })
    .sum({ amount })
    .where(at, '>=', from)
    .where(at, '<', to)
    // Two calls: knex's groupBy ignores the arguments after a raw expression.
    .groupBy(day.group)
    .groupBy(currency)
    .orderBy([{ column: 'day' }, { column: currency }]);
  where(query, m.column);
  const rows: GroupRow[] = await query;
  return rows.map((row) => ({ day: dayText(row.day), currency: String(row[currency]), count: Number(row.n), amountMinor: Number(row.amount ?? 0) }));
}

export async function moneyDays(strapi: Core.Strapi, from: Date, to: Date): Promise<MoneyTotals> {
  const [revenue, refunds] = await Promise.all([
    moneyPerDay(strapi, UID.payment, 'paidAt', from, to, (q, column) => q.whereIn(column('status'), RECEIVED).where((w) => w.whereNull(column('waived')).orWhere(column('waived'), false))),
    moneyPerDay(strapi, UID.refund, 'createdAt', from, to, (q, column) => q.where(column('status'), 'succeeded')),
  ]);
  return { revenue, refunds };
}
