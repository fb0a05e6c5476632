/**
 * The admin Payments page's SQL: a filtered list in order, totals per currency, status and waiver
 * (GROUP BY and SUM, which the Query Engine cannot express), and everyone who has been paid.
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { tableMeta } from '@haven/shared/server/db';
import type { ProviderName } from '@haven/shared/payments';
import type { PaymentStatus } from './rows';
import { UID } from './uids';

export interface AdminFilters {
  status?: PaymentStatus;
  provider?: ProviderName;
  therapist?: number;
  flagged?: boolean;
  from?: number;
  to?: number;
  page: number;
  pageSize: number;
}

/** One group of the totals: payments of one currency, status and waiver. */
export interface TotalsGroup {
  currency: string;
  status: PaymentStatus;
  waived: boolean;
  count: number;
  amountMinor: number;
  refundedMinor: number;
}

export function adminQueries(strapi: Core.Strapi) {
  const meta = () => tableMeta(strapi, UID.payment);

  function filtered(filters: AdminFilters): Knex.QueryBuilder {
    const m = meta();
    const q = strapi.db.connection(m.table);
    if (filters.status) q.where(m.column('status'), filters.status);
    if (filters.provider) q.where(m.column('provider'), filters.provider);
    if (filters.therapist) q.where(m.column('payeeUserId'), filters.therapist);
    if (filters.flagged !== undefined) q.where(m.column('flagged'), filters.flagged);
    if (filters.from !== undefined) q.where(m.column('createdAt'), '>=', new Date(filters.from));
    if (filters.to !== undefined) q.where(m.column('createdAt'), '<', new Date(filters.to));
    return q;
  }

  return {
    /** Ids of one page of the filtered payments, newest first. */
    async pageIds(filters: AdminFilters): Promise<number[]> {
      const rows = (await filtered(filters)
        .select('id')
        .orderBy([{ column: meta().column('createdAt'), order: 'desc' }, { column: 'id', order: 'desc' }])
        .offset((filters.page - 1) * filters.pageSize)
        .limit(filters.pageSize)) as { id: number }[];
      return rows.map((r) => r.id);
    },

    /** Counts and sums of the filtered payments, grouped by currency, status and waiver. */
    async totals(filters: AdminFilters): Promise<TotalsGroup[]> {
      const m = meta();
      const [status, currency, amount, refunded, waived] = ['status', 'currency', 'amountMinor', 'refundedMinor', 'waived'].map(m.column);
      const grouped = (await filtered(filters)
        .select(currency, status, waived)
        .count({ n: '*' })
        .sum({ amount, refunded })
        .groupBy(currency, status, waived)) as { n: number | string; amount: number | string | null; refunded: number | string | null; [key: string]: unknown }[];
      return grouped.map((g) => ({
        currency: String(g[currency]),
        status: String(g[status]) as PaymentStatus,
        waived: Boolean(Number(g[waived] ?? 0)) || g[waived] === true,
        count: Number(g.n),
        amountMinor: Number(g.amount ?? 0),
        refundedMinor: Number(g.refunded ?? 0),
      }));
    },

    /** Everyone who has been paid through Haven (at most 500). */
    async payeeIds(): Promise<number[]> {
      const m = meta();
      const payee = m.column('payeeUserId');
      return ((await strapi.db.connection(m.table).distinct(payee).limit(500)) as Record<string, unknown>[]).map((r) => Number(r[payee]));
    },
  };
}
