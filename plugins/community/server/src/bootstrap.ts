import type { Step } from '@haven/shared/server/strapi';
import { backfillAuthorAliases } from './db/backfill';
import { getService } from './get-service';
import { ensureIndexes } from './db/indexes';
import { registerModerationActions } from './permissions';
import { seedCategories } from './seed';


/** Named steps run in bootstrap(), in order. Each lives in its own module. */
export default [registerModerationActions, ensureIndexes, seedCategories, backfillAuthorAliases] satisfies Step[];
