/**
 * Time to first reply, for the staff dashboard, in one query: for every conversation whose client
 * wrote their first message (lowest sequence number from the client) in [from, to), the minutes
 * until the therapist's first message after it; then per therapist and for all therapists,
 * how many such conversations, how many were answered and the median minutes of the answered (the
 * middle one or two by ROW_NUMBER, which SQLite and PostgreSQL both have). Bodies stay sealed and
 * unread: only sequence numbers, senders' roles and times are used, and only counts and minutes
 * leave this module.
 *
 * Bounded work: the conversations active since `from` (lastMessageAt), then per conversation a few
 * probes of the (conversationId, senderRole, seq) index (db/indexes.ts), never a scan of every message.
 * `asked` is MATERIALIZED so that SQLite starts from the conversations: left to itself it scanned every
 * message of the range and probed each one's conversation (2 to 3 times slower at 50,000 messages).
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { epochMillis, rawRows, sqlName as q } from '@haven/shared/server/db';
import { chatTables } from './tables';

export interface FirstReplyFigures {
  /** Conversations whose client's first message was in the range. */
  conversations: number;
  /** Of those, answered by the therapist (at any time since). */
  replied: number;
  /** Median minutes to the first reply among the answered, or null when none was. */
  medianMinutes: number | null;
}

export interface FirstReplies {
  /** Therapists with such conversations, by account id (absent: none). */
  byTherapist: Map<number, FirstReplyFigures>;
  total: FirstReplyFigures;
}

interface RawRow {
  t: unknown;
  conversations: unknown;
  replied: unknown;
  median: unknown;
}

const NONE: FirstReplyFigures = { conversations: 0, replied: 0, medianMinutes: null };

export async function firstReplies(strapi: Core.Strapi, from: Date, to: Date): Promise<FirstReplies> {
  const knex = strapi.db.connection as Knex;
  const { msg, conv } = chatTables(strapi);
  const [msgs, convs] = [q(msg.table), q(conv.table)];
  const m = (name: string) => q(msg.column(name));
  const [cid, seq, role, created] = [m('conversationId'), m('seq'), m('senderRole'), m('createdAt')];
  const msOf = (alias: string) => epochMillis(strapi, `${alias}.${msg.column('createdAt')}`).toQuery();
  const middle = (rn: string, n: string) => `${rn} IN ((${n} + 1) / 2, (${n} + 2) / 2)`;
  const text = `
    WITH asked AS MATERIALIZED (
      SELECT c.id AS cid, c.${q(conv.column('therapistUserId'))} AS t,
        (SELECT MIN(f.${seq}) FROM ${msgs} f WHERE f.${cid} = c.id AND f.${role} = 'client') AS seq
      FROM ${convs} c WHERE c.${q(conv.column('lastMessageAt'))} >= ?
    ),
    delays AS MATERIALIZED (
      SELECT a.t AS t, (${msOf('r')} - ${msOf('qm')}) / 60000.0 AS minutes
      FROM asked a
      JOIN ${msgs} qm ON qm.${cid} = a.cid AND qm.${seq} = a.seq
      LEFT JOIN ${msgs} r ON r.${cid} = a.cid AND r.${seq} =
        (SELECT MIN(x.${seq}) FROM ${msgs} x WHERE x.${cid} = a.cid AND x.${role} = 'therapist' AND x.${seq} > a.seq)
      WHERE qm.${created} >= ? AND qm.${created} < ?
    ),
    ranked AS MATERIALIZED (
      SELECT t, minutes,
        ROW_NUMBER() OVER (PARTITION BY t ORDER BY minutes) AS rn, COUNT(*) OVER (PARTITION BY t) AS n,
        ROW_NUMBER() OVER (ORDER BY minutes) AS arn, COUNT(*) OVER () AS an
      FROM delays WHERE minutes IS NOT NULL
    ),
    medians AS (SELECT t, AVG(minutes) AS median FROM ranked WHERE ${middle('rn', 'n')} GROUP BY t),
    counts AS (SELECT t, COUNT(*) AS conversations, COUNT(minutes) AS replied FROM delays GROUP BY t)
    SELECT c.t AS t, c.conversations AS conversations, c.replied AS replied, m.median AS median
    FROM counts c LEFT JOIN medians m ON m.t = c.t
    UNION ALL
    SELECT NULL AS t, COUNT(*) AS conversations, COUNT(minutes) AS replied,
      (SELECT AVG(k.minutes) FROM ranked k WHERE ${middle('k.arn', 'k.an')}) AS median
    FROM delays`;
  const rows = rawRows<RawRow>(await knex.raw(text, [from, from, to]));
  const figures = (row: RawRow): FirstReplyFigures => ({
    conversations: Number(row.conversations ?? 0),
    replied: Number(row.replied ?? 0),
    medianMinutes: row.median === null || row.median === undefined ? null : Math.round(Number(row.median) * 10) / 10,
  });
  const byTherapist = new Map<number, FirstReplyFigures>();
  let total = NONE;
  for (const row of rows) {
    if (row.t === null) total = figures(row);
    else byTherapist.set(Number(row.t), figures(row));
  }
  return { byTherapist, total };
}
