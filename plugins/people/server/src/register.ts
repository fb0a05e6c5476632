import type { Step } from '@haven/shared/server/strapi';
import { recordSiteActivity } from './activity-hook';

/** Named steps run in register(), in order. Each lives in its own module. */
export default [recordSiteActivity] satisfies Step[];
