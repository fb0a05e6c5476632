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
import { tableMeta } from '@haven/shared/server/db';
import { moneyPerDay, type MoneyDay, type MoneyWhere } from './money-days';
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

type CurrencyRow = { n: unknown; amount: unknown; [column: string]: unknown };

export async function outstandingDays(strapi: Core.Strapi, from: Date, to: Date): Promise<OutstandingMoney> {
  const awaiting: MoneyWhere = (q, column) => q.where(column('provider'), 'manual').where(column('status'), 'pending');
  const m = tableMeta(strapi, UID.payment);
  const [currency, amount] = ['currency', 'amountMinor'].map(m.column);
  const nowQuery: Knex.QueryBuilder = strapi.db.connection(m.table).select(currency).count({ n: '*' }).sum({ amount }).groupBy(currency).orderBy(currency);
  awaiting(nowQuery, m.column);
  const [nowRows, created]: [CurrencyRow[], MoneyDay[]] = await Promise.all([nowQuery, moneyPerDay(strapi, UID.payment, 'createdAt', from, to, awaiting)]);
  return {
    now: nowRows.map((row) => ({ currency: String(row[currency]), count: Number(row.n), amountMinor: Number(row.amount ?? 0) })),
    created,
  };
}
