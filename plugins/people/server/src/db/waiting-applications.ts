/**
 * Therapist applications waiting (the Applications page's "waiting" tab: pending, or more asked of
 * the applicant), counted for the staff dashboard in one query: how many, when the oldest was
 * submitted and the median submission time (the middle one or two by ROW_NUMBER, which SQLite and
 * PostgreSQL both have; PostgreSQL's percentile_cont has no SQLite twin). Counts and times only:
 * nothing that says who applied leaves this module.
 */
import type { Core } from '@strapi/strapi';
import { epochMillis, tableMeta } from '@haven/shared/server/db';
import { TAB_STATUSES } from './application-rows';
import { UID } from './uids';

export interface WaitingApplications {
  count: number;
  /** Epoch ms of the oldest submission, or null when none waits. */
  oldestAt: number | null;
  /** Epoch ms of the median submission (the mean of the middle two for an even count), or null. */
  medianAt: number | null;
}

const numberOrNull = (value: unknown) => (value === null || value === undefined ? null : Number(value));

export async function waitingApplications(strapi: Core.Strapi): Promise<WaitingApplications> {
  const tp = tableMeta(strapi, UID.therapistProfile);
  const knex = strapi.db.connection;
  const created = tp.column('createdAt');
  const statuses = TAB_STATUSES.waiting;
  const ranked = knex(tp.table)
    .select(
      knex.raw('? AS at', [epochMillis(strapi, created)]),
      knex.raw('ROW_NUMBER() OVER (ORDER BY ??, ??) AS rn', [created, 'id']),
      knex.raw('COUNT(*) OVER () AS n'),
    )
    .whereIn(tp.column('verificationStatus'), statuses)
    .as('w');
  const row: { count: unknown; oldest: unknown; median: unknown } | undefined = await knex
    .from(ranked)
    .first(
      knex.raw('COUNT(*) AS count'),
      knex.raw('MIN(at) AS oldest'),
      // The middle row for an odd count, the middle two for an even one (integer division in both databases).
      knex.raw('AVG(CASE WHEN rn IN ((n + 1) / 2, (n + 2) / 2) THEN at END) AS median'),
    );
  return { count: Number(row?.count ?? 0), oldestAt: numberOrNull(row?.oldest), medianAt: numberOrNull(row?.median) };
}
