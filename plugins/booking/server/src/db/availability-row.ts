/** One therapist's availability row with plain SQL: read on every slot request, where the Query Engine's overhead shows. */
import type { Core } from '@strapi/strapi';
import { meta } from './meta';
import type { AvailabilityRow } from './rows';
import { UID } from './uids';

const RULE_ATTRIBUTES = [
  'therapistUserId', 'timeZone', 'weeklyHours', 'overrides', 'daysOff', 'incrementMinutes', 'bufferBeforeMinutes', 'bufferAfterMinutes', 'minNoticeHours',
  'minNoticeDays', 'horizonDays', 'maxPerDay', 'maxPerWeek', 'maxSeriesWeeks', 'freeCancellationHours', 'lateCancellationRefundPercent',
] as const;

export async function readAvailabilityRow(strapi: Core.Strapi, therapistUserId: number): Promise<AvailabilityRow | null> {
  const m = meta(strapi, UID.availability);
  // Aliased to the attribute names, so the answer is the row; knex types it loosely.
  const row: AvailabilityRow | undefined = await strapi.db
    .connection(`${m.table} as a`)
    .where(`a.${m.column('therapistUserId')}`, therapistUserId)
    .first('a.id', ...RULE_ATTRIBUTES.map((name) => `a.${m.column(name)} as ${name}`));
  if (!row) return null;
  // SQLite hands JSON columns back as text, PostgreSQL as values.
  const json = <T>(value: T | string | null): T | null => (typeof value === 'string' ? (JSON.parse(value) as T) : value);
  return { ...row, weeklyHours: json(row.weeklyHours), overrides: json(row.overrides), daysOff: json(row.daysOff ?? null) };
}
