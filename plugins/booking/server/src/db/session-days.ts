/**
 * Sessions per UTC day for staff dashboards, one grouped query per series (the Query Engine has no
 * GROUP BY), each counted on the day its event happened:
 *   booked     requests created that day that did not lapse unpaid (status not expired)
 *   held       completed sessions, on the day they started
 *   cancelled  cancelled by the client, the therapist or the system, on the day of cancellation (declines excluded)
 *   declined   declined by the therapist, on the day of the decline
 *   noShow     sessions marked no-show, on the day they started
 * Counts only: no row, person or booking id leaves this module.
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { SESSION_SERIES, type DayCount, type SessionSeries } from '@haven/shared/usage';
import { dayText, utcDay } from '@haven/shared/server/db';
import { meta } from './meta';
import { UID } from './uids';

export { SESSION_SERIES, type SessionSeries };
export type SessionCounts = Record<SessionSeries, DayCount[]>;

export async function sessionDays(strapi: Core.Strapi, from: Date, to: Date): Promise<SessionCounts> {
  const b = meta(strapi, UID.booking);
  const col = b.column;
  /** Bookings whose `dayColumn` falls in [from, to), narrowed by `where`, counted per day of it. */
  const perDay = async (dayColumn: string, where: (q: Knex.QueryBuilder) => void): Promise<DayCount[]> => {
    const day = utcDay(strapi, col(dayColumn));
    const query = strapi.db
      .connection(b.table)
      .select(day.select)
      .count({ n: '*' })
      .where(col(dayColumn), '>=', from)
      .where(col(dayColumn), '<', to)
      .groupBy(day.group)
      .orderBy('day');
    where(query);
    const rows: { day: unknown; n: unknown }[] = await query;
    return rows.map((row) => ({ day: dayText(row.day), count: Number(row.n) }));
  };
  const [booked, held, cancelled, declined, noShow] = await Promise.all([
    perDay('createdAt', (q) => q.whereNot(col('status'), 'expired')),
    perDay('startsAt', (q) => q.where(col('status'), 'completed')),
    perDay('cancelledAt', (q) => q.where(col('status'), 'cancelled').whereNull(col('declinedAt'))),
    perDay('declinedAt', (q) => q.where(col('status'), 'cancelled')),
    perDay('startsAt', (q) => q.where(col('status'), 'no_show')),
  ]);
  return { booked, held, cancelled, declined, noShow };
}
