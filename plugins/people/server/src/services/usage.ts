/** Counts about accounts for staff dashboards: aggregates only, never who. */
import type { Core } from '@strapi/strapi';
import { signupDays, type DayCount } from '../db/signup-days';
import { waitingApplications, type WaitingApplications } from '../db/waiting-applications';

export type { DayCount, WaitingApplications };

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** Accounts created per UTC day in [from, to); days without sign-ups are absent. */
  signupsPerDay(from: Date, to: Date): Promise<DayCount[]> {
    return signupDays(strapi, from, to);
  },
  /** Therapist applications waiting now: how many, the oldest and the median submission time. */
  applicationsWaiting(): Promise<WaitingApplications> {
    return waitingApplications(strapi);
  },
});
