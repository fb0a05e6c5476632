/** Session counts for staff dashboards: aggregates only, never who. */
import type { Core } from '@strapi/strapi';
import { sessionDays, type SessionCounts } from '../db/session-days';

export type { SessionCounts, SessionSeries } from '../db/session-days';

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** Sessions booked, held, cancelled, declined and no-show per UTC day in [from, to) (db/session-days.ts says which day counts). */
  sessionCounts(from: Date, to: Date): Promise<SessionCounts> {
    return sessionDays(strapi, from, to);
  },
});
