/**
 * Minutes of availability therapists offered over a range of dates, for the staff dashboard's
 * utilisation (booked minutes / offered minutes), in one query over the availability rules (one
 * row per therapist) with their JSON expanded by the database (json_each on SQLite,
 * jsonb_array_elements on PostgreSQL), so the work is bounded by the rules' size (at most 50 weekly
 * blocks and 366 overrides a therapist, lib/rules.ts), never by the number of days or bookings:
 *   weekly hours   each block's minutes × how many dates of the range fall on its weekday
 *                  (seven numbers counted here once, bound into the query)
 *   extra hours    + the minutes of each 'extra' override dated in the range
 *   time off       − the overlap of each 'off' override dated in the range (a whole day when it has
 *                    no times) with the weekly blocks of that date's weekday
 * and never below 0 for a therapist; then the dates of ranges of days off come off (lib/days-off-minutes.ts,
 * one more read of the rows that have ranges). The range's dates are read as each therapist's own local dates
 * (rules are wall-clock times in their zone), and a block's minutes are its wall-clock length (a
 * block across a daylight-saving change counts an hour more or less than it lasted). The rules are
 * the current ones: Haven keeps no history of a therapist's hours, so a past range is measured
 * against today's hours.
 */
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { rawRows, sqlName } from '@haven/shared/server/db';
import { weekdayCounts } from '../lib/weekday-counts';
import { daysOffMinutes } from '../lib/days-off-minutes';
import type { AvailabilityRow } from './rows';
import { tables } from './tables';
import { meta } from './meta';
import { UID } from './uids';

export interface OfferedMinutes {
  /** Minutes offered by each therapist with rules, by account id (absent: none offered). */
  byTherapist: Map<number, number>;
  /** Minutes offered by every therapist with rules. */
  total: number;
}

/** The SQL that differs between the two databases. */
function dialect(strapi: Core.Strapi) {
  const postgres = strapi.db.dialect.client === 'postgres';
  return {
    /** The elements of a JSON array column (none when it is null or not an array). */
    elements: (column: string) =>
      postgres
        ? `jsonb_array_elements(CASE WHEN jsonb_typeof(${column}) = 'array' THEN ${column} ELSE '[]'::jsonb END)`
        : `json_each(CASE WHEN json_type(${column}) = 'array' THEN ${column} ELSE '[]' END)`,
    /** ISO weekday (1 Monday … 7 Sunday) of a 'YYYY-MM-DD' text. */
    isoWeekday: (date: string) => (postgres ? `CAST(EXTRACT(ISODOW FROM CAST(${date} AS date)) AS INTEGER)` : `((CAST(strftime('%w', ${date}) AS INTEGER) + 6) % 7 + 1)`),
    least: postgres ? 'LEAST' : 'MIN',
    greatest: postgres ? 'GREATEST' : 'MAX',
  };
}

/** Minutes of the day of an 'HH:mm' member of a JSON element ('24:00' is 1440), or `fallback` when it has none. */
const minutesOf = (element: string, key: 'start' | 'end', fallback?: number) => {
  const text = `(${element}.value ->> '${key}')`;
  const minutes = `(CAST(substr(${text}, 1, 2) AS INTEGER) * 60 + CAST(substr(${text}, 4, 2) AS INTEGER))`;
  return fallback === undefined ? minutes : `COALESCE(${minutes}, ${fallback})`;
};

export async function offeredMinutes(strapi: Core.Strapi, firstDay: string, lastDay: string): Promise<OfferedMinutes> {
  const knex = strapi.db.connection as Knex;
  const a = meta(strapi, UID.availability);
  const sql = dialect(strapi);
  const [table, therapist, weekly, overrides] = [a.table, a.column('therapistUserId'), a.column('weeklyHours'), a.column('overrides')].map(sqlName);
  const counts = weekdayCounts(firstDay, lastDay);
  const weekday = `CAST(w.value ->> 'weekday' AS INTEGER)`;
  const overrideDate = `(o.value ->> 'date')`;
  const inRange = `${overrideDate} >= ? AND ${overrideDate} <= ?`;
  const overlap = `${sql.greatest}(0, ${sql.least}(${minutesOf('w', 'end')}, ${minutesOf('o', 'end', 1440)}) - ${sql.greatest}(${minutesOf('w', 'start')}, ${minutesOf('o', 'start', 0)}))`;
  const text = `
    WITH per AS MATERIALIZED (
      SELECT t, ${sql.greatest}(0, SUM(m)) AS offered FROM (
        SELECT a.${therapist} AS t, (${minutesOf('w', 'end')} - ${minutesOf('w', 'start')}) * (CASE ${weekday} ${counts.map((n, i) => `WHEN ${i + 1} THEN ${n}`).join(' ')} ELSE 0 END) AS m
          FROM ${table} a, ${sql.elements(`a.${weekly}`)} w
        UNION ALL
        SELECT a.${therapist} AS t, ${minutesOf('o', 'end')} - ${minutesOf('o', 'start')} AS m
          FROM ${table} a, ${sql.elements(`a.${overrides}`)} o
          WHERE (o.value ->> 'kind') = 'extra' AND ${inRange}
        UNION ALL
        SELECT a.${therapist} AS t, -${overlap} AS m
          FROM ${table} a, ${sql.elements(`a.${overrides}`)} o, ${sql.elements(`a.${weekly}`)} w
          WHERE (o.value ->> 'kind') = 'off' AND ${inRange} AND ${weekday} = ${sql.isoWeekday(overrideDate)}
      ) x GROUP BY t
    )
    SELECT t, offered FROM per
    UNION ALL
    SELECT NULL AS t, SUM(offered) AS offered FROM per`;
  // The weekday counts are integers counted here, written into the text; the dates are bound.
  const bindings = [firstDay, lastDay, firstDay, lastDay];
  const rows = rawRows<{ t: unknown; offered: unknown }>(await knex.raw(text, bindings));
  const byTherapist = new Map<number, number>();
  let total = 0;
  for (const row of rows) {
    if (row.t === null) total = Number(row.offered ?? 0);
    else byTherapist.set(Number(row.t), Number(row.offered ?? 0));
  }
  // Ranges of days off offer nothing: what the query counted on their dates comes off, per therapist.
  const withDaysOff = (await tables(strapi).availability.findMany({
    where: { daysOff: { $notNull: true } },
    select: ['therapistUserId', 'weeklyHours', 'overrides', 'daysOff'],
  })) as AvailabilityRow[];
  // JSON may come back as text (SQLite) or values (PostgreSQL).
  const json = <T>(value: T | string | null | undefined): T | null => (typeof value === 'string' ? (JSON.parse(value) as T) : (value ?? null));
  for (const rules of withDaysOff) {
    const before = byTherapist.get(rules.therapistUserId);
    const daysOff = json(rules.daysOff);
    if (!before || !Array.isArray(daysOff) || !daysOff.length) continue;
    const after = Math.max(0, before - daysOffMinutes({ weeklyHours: json(rules.weeklyHours) ?? [], overrides: json(rules.overrides) ?? [], daysOff }, firstDay, lastDay));
    byTherapist.set(rules.therapistUserId, after);
    total -= before - after;
  }
  return { byTherapist, total };
}
