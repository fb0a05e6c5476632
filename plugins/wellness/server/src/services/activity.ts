/** Counts about wellness activity for staff dashboards: aggregates only, never a score, an answer or who. */
import type { Core } from '@strapi/strapi';
import { activityDays, type WellnessActivity } from '../db/activity-days';

export type { WellnessActivity };

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** Check-ins per local day they are for and assessments per UTC day, in [from, to); days without any are absent. */
  perDay(from: Date, to: Date): Promise<WellnessActivity> {
    return activityDays(strapi, from, to);
  },
});
