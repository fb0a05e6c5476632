/**
 * The usage dashboard: sign-ups and active people (people), sessions (booking), money and outstanding
 * direct payments (payments) over a range of UTC days, each one aggregate query in the plugin that
 * owns the data, cached per range for `cacheSeconds` (config.ts).
 */
import { booking } from '@haven/plugin-booking/public';
import { payments } from '@haven/plugin-payments/public';
import { people } from '@haven/plugin-people/public';
import { config } from '../get-service';
import type { DayRange } from '../lib/range';
import { ttlCache } from '../lib/ttl-cache';
import { usageReport, type UsageReport } from '../lib/usage-report';

export type { UsageReport };

export default () => {
  const cache = ttlCache<UsageReport>(() => config().cacheSeconds * 1000);

  async function count(range: DayRange): Promise<UsageReport> {
    const [signups, active, activeWeeks, activePeople, sessions, money, outstanding] = await Promise.all([
      people.signupsPerDay(range.start, range.end),
      people.activePerDay(range.start, range.end),
      people.activePerWeek(range.start, range.end),
      people.activePeople(range.start, range.end),
      booking.sessionCounts(range.start, range.end),
      payments.totals(range.start, range.end),
      payments.outstanding(range.start, range.end),
    ]);
    return usageReport(
      { days: range.days, signups, active, activeWeeks, activePeople, sessions, revenue: money.revenue, refunds: money.refunds, outstanding },
      new Date(),
    );
  }

  return {
    /** The usage figures of a range (cached briefly per range). */
    report(range: DayRange): Promise<UsageReport> {
      return cache.get(`${range.from}/${range.to}`, () => count(range));
    },
  };
};
