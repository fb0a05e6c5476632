/**
 * The two counts the booking limits need (services/limits.ts), grouped in SQL and read inside the
 * booking's transaction when there is one: unpaid upcoming sessions and recent booking requests.
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { knexOf, meta } from './meta';
import { UID } from './uids';
import { ms } from './values';

/** Upcoming unpaid sessions of a client: [with this therapist, with everyone]. */
export async function unpaidCounts(strapi: Core.Strapi, trx: Knex.Transaction | null, clientUserId: number, therapistUserId: number, now: number): Promise<[number, number]> {
  const b = meta(strapi, UID.booking);
  const at = new Date(now);
  const rows: Record<string, unknown>[] = await knexOf(strapi, trx)(b.table)
    .select(b.column('therapistUserId'))
    .count({ n: '*' })
    .where(b.column('clientUserId'), clientUserId)
    .where(b.column('startsAt'), '>', at)
    .whereNull(b.column('paidAt'))
    .where((w) => w.where(b.column('status'), 'confirmed').orWhere((p) => p.where(b.column('status'), 'pending_payment').where(b.column('holdExpiresAt'), '>', at)))
    .groupBy(b.column('therapistUserId'));
  let mine = 0;
  let total = 0;
  for (const row of rows) {
    const n = Number(row.n);
    total += n;
    if (Number(row[b.column('therapistUserId')]) === therapistUserId) mine = n;
  }
  return [mine, total];
}

/**
 * The creation times of the client's booking requests inside the window, newest first (a series
 * counts once, at its first week), at most `limit` of them.
 */
export async function recentRequestTimes(strapi: Core.Strapi, trx: Knex.Transaction | null, clientUserId: number, since: number, exceptSeries: string | null, limit: number): Promise<number[]> {
  const b = meta(strapi, UID.booking);
  const k = knexOf(strapi, trx);
  const key = k.raw('coalesce(??, ??)', [b.column('seriesId'), 'document_id']);
  const query = k(b.table)
    .min({ at: b.column('createdAt') })
    .where(b.column('clientUserId'), clientUserId)
    .where(b.column('createdAt'), '>', new Date(since))
    .groupBy(key)
    .orderBy('at', 'desc')
    .limit(limit);
  if (exceptSeries) query.where((w) => w.whereNull(b.column('seriesId')).orWhereNot(b.column('seriesId'), exceptSeries));
  const rows: { at: unknown }[] = await query;
  return rows.map((row) => ms(row.at));
}
