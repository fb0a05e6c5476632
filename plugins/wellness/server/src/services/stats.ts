/**
 * GET /stats: the person's time zone, then the narrow reads of db/stats-reads.ts, then one pass in
 * memory (lib/stats.ts). Reflections are never read here.
 */
import type { Core } from '@strapi/strapi';
import type { StatsView } from '@haven/shared/wellness';
import { people } from '@haven/plugin-people/public';
import { readStatsRows } from '../db/stats-reads';
import { computeStats } from '../lib/stats';
import type { StatsQuery } from '../lib/validation';
import { resolveRange } from './entries';
import { statsView } from '../views';

export type { StatsView };

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const service = {
    async forUser(userId: number, query: StatsQuery, defaultDays = 90): Promise<StatsView> {
      const { timeZone } = await people.one(userId);
      const range = resolveRange(query, timeZone, defaultDays);
      const { entries, allDates, assessments } = await readStatsRows(strapi, userId, range);
      const stats = computeStats({
        from: range.from,
        to: range.to,
        bucket: query.bucket,
        today: range.today,
        entries,
        allDates,
        assessments,
      });
      return statsView.pick({ ...stats, timeZone });
    },
  };
  return service;
};
