/**
 * Direct payments still awaiting confirmation, for staff dashboards: payments made to the therapist
 * outside Haven (provider 'manual') that nobody has marked paid or waived yet (status 'pending'). One
 * grouped query per series, integer minor units:
 *   now      all of them, per currency, whenever they were created
 *   created  those created on each UTC day of [from, to) and still awaiting confirmation, per currency
 * Counts and sums only: no payer, payee, booking or payment id leaves this module.
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { dayText, tableMeta, utcDay } from '@haven/shared/server/db';
import type { MoneyDay } from './money-days';
import { UID } from './uids';

/** One currency's outstanding direct payments. */
export interface OutstandingCurrency {
  currency: string;
  count: number;
  amountMinor: number;
}

export interface OutstandingMoney {
  now: OutstandingCurrency[];
  created: MoneyDay[];
}

type GroupRow = { day?: unknown; n: unknown; amount: unknown; [column: string]: unknown };

export async function outstandingDays(strapi: Core.Strapi, from: Date, to: Date): Promise<OutstandingMoney> {
  const m = tableMeta(strapi, UID.payment);
  const [currency, amount, created, provider, status] = ['currency', 'amountMinor', 'createdAt', 'provider', 'status'].map(m.column);
  const awaiting = (q: Knex.QueryBuilder) => q.where(provider, 'manual').where(status, 'pending');
  const day = utcDay(strapi, created);

  const nowQuery = strapi.db.connection(m.table).select(currency).count({ n: '*' }).sum({ amount }).groupBy(currency).orderBy(currency);
  const createdQuery = strapi.db
    .connection(m.table)
    .select(day.select, currency)
    .count({ n: '*' })
    .sum({ amount })
    .where(created, '>=', from)
    .where(created, '<', to)
    // Two calls: knex's groupBy ignores the arguments after a raw expression.
    .groupBy(day.group)
    .groupBy(currency)
    .orderBy([{ column: 'day' }, { column: currency }]);
  const [nowRows, createdRows]: GroupRow[][] = await Promise.all([awaiting(nowQuery), awaiting(createdQuery)]);
  return {
    now: nowRows.map((row) => ({ currency: String(row[currency]), count: Number(row.n), amountMinor: Number(row.amount ?? 0) })),
    created: createdRows.map((row) => ({ day: dayText(row.day), currency: String(row[currency]), count: Number(row.n), amountMinor: Number(row.amount ?? 0) })),
  };
}
