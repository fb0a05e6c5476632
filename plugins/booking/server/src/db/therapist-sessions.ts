/**
 * Sessions per therapist for the staff dashboard, over the sessions due to start in [from, to), in
 * one query and one scan of the bookings: first grouped by therapist and client (a client with two or
 * more held sessions with the same therapist is "returning"), then by therapist, then the busiest
 * `limit` therapists and one row for all therapists together (UNION ALL over the materialised
 * per-therapist figures). Declined requests and lapsed holds are not sessions and are left out.
 * Counts only: no client id, booking or row leaves this module; therapists by account id (the caller
 * asks people for their names).
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { epochMillis } from '@haven/shared/server/db';
import type { SessionFigures } from '@haven/shared/therapist-dashboard';
import { meta } from './meta';
import { UID } from './uids';

export type { SessionFigures };

export interface TherapistSessionFigures extends SessionFigures {
  therapistUserId: number;
}

export interface TherapistSessions {
  /** The busiest therapists: most held, then most scheduled, then lowest account id. */
  top: TherapistSessionFigures[];
  /** All therapists together; `therapists`: how many had a session due in the range. */
  totals: SessionFigures & { therapists: number };
}

/** Statuses of a session that was (or is) due; 'cancelled' rows that were declines are excluded below. */
const DUE = ['confirmed', 'completed', 'no_show', 'cancelled'];
const FIGURES = ['held', 'noShow', 'cancelled', 'cancelledByTherapist', 'scheduled', 'bookedMinutes', 'clients', 'returningClients'] as const;

type RawFigures = Record<(typeof FIGURES)[number] | 'therapists' | 't', unknown>;

export async function therapistSessions(strapi: Core.Strapi, from: Date, to: Date, limit: number): Promise<TherapistSessions> {
  const knex = strapi.db.connection;
  const b = meta(strapi, UID.booking);
  const col = b.column;
  const [status, starts] = [col('status'), col('startsAt')];
  const count = (condition: string, bindings: unknown[], alias: string) => knex.raw(`SUM(CASE WHEN ${condition} THEN 1 ELSE 0 END) AS ??`, [...bindings, alias]);

  const pairs = knex(b.table)
    .select({ t: col('therapistUserId'), c: col('clientUserId') })
    .select(
      count(`?? = 'completed'`, [status], 'held'),
      count(`?? = 'no_show'`, [status], 'noShow'),
      count(`?? = 'cancelled'`, [status], 'cancelled'),
      count(`?? = 'cancelled' AND ?? = 'therapist'`, [status, col('cancelledBy')], 'cancelledByTherapist'),
      knex.raw('COUNT(*) AS ??', ['scheduled']),
      bookedMs(strapi, status, starts, col('endsAt')),
    )
    .where(starts, '>=', from)
    .where(starts, '<', to)
    .whereIn(status, DUE)
    .where((q: Knex.QueryBuilder) => q.whereNot(status, 'cancelled').orWhereNull(col('declinedAt')))
    .groupBy(col('therapistUserId'), col('clientUserId'));

  const sum = (name: string) => knex.raw('SUM(??) AS ??', [name, name]);
  const perTherapist = knex
    .from(pairs.as('p'))
    .select('t', ...['held', 'noShow', 'cancelled', 'cancelledByTherapist', 'scheduled'].map(sum))
    .select(
      knex.raw('SUM(??) / 60000.0 AS ??', ['bookedMs', 'bookedMinutes']),
      knex.raw('SUM(CASE WHEN ?? > 0 THEN 1 ELSE 0 END) AS ??', ['held', 'clients']),
      knex.raw('SUM(CASE WHEN ?? >= 2 THEN 1 ELSE 0 END) AS ??', ['held', 'returningClients']),
    )
    .groupBy('t');

  const busiest = knex.from('per').select('t', ...FIGURES, knex.raw('1 AS ??', ['therapists'])).orderBy([
    { column: 'held', order: 'desc' },
    { column: 'scheduled', order: 'desc' },
    { column: 't', order: 'asc' },
  ]);
  const all = knex.from('per').select(knex.raw('NULL AS ??', ['t']), ...FIGURES.map(sum), knex.raw('COUNT(*) AS ??', ['therapists']));
  // Materialised once, read twice (the busiest and the sum); SQLite allows no parenthesised SELECT in a UNION, hence the derived table.
  const rows: RawFigures[] = await knex
    .withMaterialized('per', perTherapist)
    .select('*')
    .from(busiest.limit(limit).as('busiest'))
    .unionAll(all);

  const figures = (row: RawFigures | undefined): SessionFigures => ({
    held: Number(row?.held ?? 0),
    noShow: Number(row?.noShow ?? 0),
    cancelled: Number(row?.cancelled ?? 0),
    cancelledByTherapist: Number(row?.cancelledByTherapist ?? 0),
    scheduled: Number(row?.scheduled ?? 0),
    bookedMinutes: Math.round(Number(row?.bookedMinutes ?? 0)),
    clients: Number(row?.clients ?? 0),
    returningClients: Number(row?.returningClients ?? 0),
  });
  const totalRow = rows.find((row) => row.t === null);
  return {
    top: rows.filter((row) => row.t !== null).map((row) => ({ therapistUserId: Number(row.t), ...figures(row) })),
    totals: { ...figures(totalRow), therapists: Number(totalRow?.therapists ?? 0) },
  };
}

/**
 * Milliseconds of confirmed, held and no-show sessions in a group, as `bookedMs`. PostgreSQL sums the
 * intervals and converts once per group: EXTRACT(EPOCH …) is numeric (PostgreSQL 14+) and on every
 * row it was most of the query's time (84 → 55 ms over a year for 10,000 people, bench:dashboards).
 */
function bookedMs(strapi: Core.Strapi, status: string, starts: string, ends: string): Knex.Raw {
  const knex = strapi.db.connection;
  if (strapi.db.dialect.client === 'postgres') {
    return knex.raw(`COALESCE(EXTRACT(EPOCH FROM SUM(CASE WHEN ?? IN ('confirmed', 'completed', 'no_show') THEN ?? - ?? END)) * 1000, 0) AS ??`, [status, ends, starts, 'bookedMs']);
  }
  return knex.raw(`SUM(CASE WHEN ?? IN ('confirmed', 'completed', 'no_show') THEN ? - ? ELSE 0 END) AS ??`, [status, epochMillis(strapi, ends), epochMillis(strapi, starts), 'bookedMs']);
}
