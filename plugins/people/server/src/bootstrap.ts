import type { Core } from '@strapi/strapi';
import type { Step } from '@haven/shared/server/strapi';
import { ensureIndexes } from './db/indexes';
import { getService } from './get-service';

/** Drops activity days past their retention once at start (later, whenever the UTC day changes). */
async function pruneActivity(strapi: Core.Strapi) {
  const removed = await getService('activity').prune();
  if (removed > 0) strapi.log.info(`[people] removed ${removed} activity days older than the retention`);
}

/** Named steps run in bootstrap(), in order. Each lives in its own module. */
export default [ensureIndexes, pruneActivity] satisfies Step[];
