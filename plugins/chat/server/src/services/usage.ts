/** Counts about conversations for staff dashboards: numbers and minutes only, never who or what was said. */
import type { Core } from '@strapi/strapi';
import { firstReplies, type FirstReplies } from '../db/first-replies';

export type { FirstReplies, FirstReplyFigures } from '../db/first-replies';

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** Conversations whose client first wrote in [from, to): answered, and median minutes to the therapist's first reply (per therapist and all). */
  firstReplies(from: Date, to: Date): Promise<FirstReplies> {
    return firstReplies(strapi, from, to);
  },
});
