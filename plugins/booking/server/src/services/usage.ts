/** Session counts for staff dashboards: aggregates only, never who. */
import type { Core } from '@strapi/strapi';
import { offeredMinutes, type OfferedMinutes } from '../db/offered-minutes';
import { sessionDays, type SessionCounts } from '../db/session-days';
import { therapistSessions, type TherapistSessions } from '../db/therapist-sessions';

export type { SessionCounts, SessionSeries } from '../db/session-days';
export type { OfferedMinutes } from '../db/offered-minutes';
export type { SessionFigures, TherapistSessionFigures, TherapistSessions } from '../db/therapist-sessions';

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** Sessions booked, held, cancelled, declined and no-show per UTC day in [from, to) (db/session-days.ts says which day counts). */
  sessionCounts(from: Date, to: Date): Promise<SessionCounts> {
    return sessionDays(strapi, from, to);
  },
  /** Sessions due in [from, to) per therapist (the busiest `limit`) and for all therapists: counts and minutes only. */
  therapistSessions(from: Date, to: Date, limit: number): Promise<TherapistSessions> {
    return therapistSessions(strapi, from, to, limit);
  },
  /** Minutes of availability offered from `firstDay` to `lastDay` (local dates, included) per therapist and by all. */
  offeredMinutes(firstDay: string, lastDay: string): Promise<OfferedMinutes> {
    return offeredMinutes(strapi, firstDay, lastDay);
  },
});
