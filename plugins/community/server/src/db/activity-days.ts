/**
 * Community activity for staff dashboards, one grouped query per series (the Query Engine has no
 * GROUP BY). Counts and minutes only: no member, alias, account or text leaves this module.
 *   posts, replies   written per UTC day (whatever became of them since)
 *   flags            raised per UTC day
 *   decisions        moderators' approve, hide and remove per UTC day (the moderation log)
 *   turnaround       per decided flagged item: minutes from its first open flag to the decision,
 *                    as a distribution (minutes → items), so medians come from counts, not rows
 *   waiting          open flags now, the items they are on, the oldest one's time
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import type { DayCount } from '@haven/shared/usage';
import { dayText, epochMillis, epochMs, tableMeta, utcDay } from '@haven/shared/server/db';
import { UID } from './uids';

export interface CommunityActivity {
  posts: DayCount[];
  replies: DayCount[];
  flags: DayCount[];
  decisions: DayCount[];
}

/** How many decided items waited `minutes` (whole minutes) from their first flag. */
export interface TurnaroundBucket {
  minutes: number;
  items: number;
}

export interface OpenFlags {
  flags: number;
  items: number;
  /** Epoch milliseconds of the oldest open flag; null when none is open. */
  oldestAt: number | null;
}

/** Item decisions in the moderation log (member actions such as warn or silence are not decisions on an item). */
export const ITEM_DECISIONS = ['approve', 'hide', 'remove'];

type DayRow = { day: unknown; n: unknown };

export function activityQueries(strapi: Core.Strapi) {
  const knex = strapi.db.connection;
  const flag = tableMeta(strapi, UID.flag);
  const f = flag.column;

  /** Rows of `uid` whose `dayColumn` falls in [from, to), counted per UTC day of it. */
  async function perDay(uid: string, dayColumn: string, from: Date, to: Date, where: (q: Knex.QueryBuilder) => void = () => undefined): Promise<DayCount[]> {
    const m = tableMeta(strapi, uid);
    const column = m.column(dayColumn);
    const day = utcDay(strapi, column);
    const query = knex(m.table).select(day.select).count<DayRow[]>({ n: '*' }).where(column, '>=', from).where(column, '<', to).groupBy(day.group).orderBy('day');
    where(query);
    const rows: DayRow[] = await query;
    return rows.map((row) => ({ day: dayText(row.day), count: Number(row.n) }));
  }

  return {
    async perDay(from: Date, to: Date): Promise<CommunityActivity> {
      const log = tableMeta(strapi, UID.log);
      const [posts, replies, flags, decisions] = await Promise.all([
        perDay(UID.post, 'createdAt', from, to),
        perDay(UID.reply, 'createdAt', from, to),
        perDay(UID.flag, 'createdAt', from, to),
        perDay(UID.log, 'createdAt', from, to, (q) => q.whereIn(log.column('action'), ITEM_DECISIONS).whereNotNull(log.column('targetType'))),
      ]);
      return { posts, replies, flags, decisions };
    },

    /** Decisions in [from, to) on flagged items: minutes from each item's first flag to its decision, counted per minute. */
    async turnaround(from: Date, to: Date): Promise<TurnaroundBucket[]> {
      const decided = f('decidedAt');
      // One decision resolves every open flag of its item at the same instant: item + instant is one decision.
      const perDecision = knex(flag.table)
        .select(knex.raw('? - MIN(?) AS waited', [epochMillis(strapi, decided), epochMillis(strapi, f('createdAt'))]))
        .where(decided, '>=', from)
        .where(decided, '<', to)
        .groupBy(f('targetType'), f('targetId'), decided)
        .as('d');
      const minutes = strapi.db.dialect.client === 'postgres' ? 'FLOOR(waited / 60000)' : 'CAST(waited / 60000 AS INTEGER)';
      const rows = await knex
        .from(perDecision)
        .select(knex.raw(`${minutes} AS minutes`))
        .count<{ minutes: unknown; n: unknown }[]>({ n: '*' })
        .groupByRaw(minutes)
        .orderBy('minutes');
      return rows.map((row) => ({ minutes: Math.max(0, Number(row.minutes)), items: Number(row.n) }));
    },

    /** Flags open now: how many, on how many items, and when the oldest was raised. */
    async open(): Promise<OpenFlags> {
      const rows: { flags: unknown; items: unknown; oldest: unknown }[] = await knex(flag.table)
        .where(f('resolved'), false)
        .select(
          knex.raw('COUNT(*) AS flags'),
          knex.raw(`COUNT(DISTINCT ?? || ':' || ??) AS items`, [f('targetType'), f('targetId')]),
          knex.raw('MIN(?) AS oldest', [epochMillis(strapi, f('createdAt'))]),
        );
      const oldest = epochMs(rows[0]?.oldest);
      return { flags: Number(rows[0]?.flags ?? 0), items: Number(rows[0]?.items ?? 0), oldestAt: Number.isFinite(oldest) ? oldest : null };
    },
  };
}
