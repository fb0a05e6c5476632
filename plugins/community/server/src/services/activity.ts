/** Counts about community activity for staff dashboards: aggregates only, never who is behind an alias. */
import type { Core } from '@strapi/strapi';
import { activityQueries, type CommunityActivity, type OpenFlags, type TurnaroundBucket } from '../db/activity-days';

export type { CommunityActivity, OpenFlags, TurnaroundBucket };

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const queries = () => activityQueries(strapi);
  return {
    /** Posts, replies, flags and moderators' item decisions per UTC day in [from, to); days without any are absent. */
    perDay: (from: Date, to: Date): Promise<CommunityActivity> => queries().perDay(from, to),
    /** Minutes from first flag to decision, counted per minute, for the decisions taken in [from, to). */
    turnaround: (from: Date, to: Date): Promise<TurnaroundBucket[]> => queries().turnaround(from, to),
    /** Flags waiting for a moderator now. */
    openFlags: (): Promise<OpenFlags> => queries().open(),
  };
};
