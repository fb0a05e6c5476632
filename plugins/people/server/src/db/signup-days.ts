/**
 * Sign-ups per UTC day: accounts created in [from, to), counted in one grouped query (the Query
 * Engine has no GROUP BY). Counts only: nothing that says who signed up leaves this module.
 */
import type { Core } from '@strapi/strapi';
import { tableMeta } from '@haven/shared/server/db';
import { dayText, utcDay } from '@haven/shared/server/db';
import { UID } from './uids';

import type { DayCount } from '@haven/shared/usage';

export type { DayCount };

export async function signupDays(strapi: Core.Strapi, from: Date, to: Date): Promise<DayCount[]> {
  const user = tableMeta(strapi, UID.user);
  const created = user.column('createdAt');
  const day = utcDay(strapi, created);
  const rows: { day: unknown; n: unknown }[] = await strapi.db
    .connection(user.table)
    .select(day.select)
    .count({ n: '*' })
    .where(created, '>=', from)
    .where(created, '<', to)
    .groupBy(day.group)
    .orderBy('day');
  return rows.map((row) => ({ day: dayText(row.day), count: Number(row.n) }));
}
