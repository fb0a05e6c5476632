/**
 * What is owed to one therapist in direct payments (provider 'manual', status 'pending', not flagged),
 * per currency: the total above the therapist's "Outstanding" list, over every page of it. Sums of
 * integer minor units in one grouped query; amounts in different currencies are never added together.
 */
import type { Core } from '@strapi/strapi';
import type { OutstandingTotal } from '@haven/shared/payments';
import { tableMeta } from '@haven/shared/server/db';
import { UID } from './uids';

/** The Query Engine filter of the same payments (the list's `where`). */
export const owedWhere = (payeeUserId: number) => ({ payeeUserId, provider: 'manual', status: 'pending', $or: [{ flagged: false }, { flagged: { $null: true } }] });

export async function owedTotals(strapi: Core.Strapi, payeeUserId: number): Promise<OutstandingTotal[]> {
  const m = tableMeta(strapi, UID.payment);
  const [currency, amount, payee, provider, status, flagged] = ['currency', 'amountMinor', 'payeeUserId', 'provider', 'status', 'flagged'].map(m.column);
  const rows: { n?: unknown; amount?: unknown; [column: string]: unknown }[] = await strapi.db
    .connection(m.table)
    .select(currency)
    .count({ n: '*' })
    .sum({ amount })
    .where(payee, payeeUserId)
    .where(provider, 'manual')
    .where(status, 'pending')
    // flagged is false or, for rows written before the default, null.
    .where((q) => q.where(flagged, false).orWhereNull(flagged))
    .groupBy(currency)
    .orderBy(currency);
  return rows.map((row) => ({ currency: String(row[currency]), amountMinor: Number(row.amount ?? 0), payments: Number(row.n) }));
}
