import type { Step } from '@haven/shared/server/strapi';
import { backfillAuthorAliases } from './db/backfill';
import { getService } from './get-service';
import { ensureIndexes } from './db/indexes';
import { registerModerationActions } from './permissions';
import { seedCategories } from './seed';

/** Crisis lines and phrases are read (and checked) now, so a broken file stops the start, not a post. */
const loadCrisisFiles = () => getService('crisis').load();

/** Named steps run in bootstrap(), in order. Each lives in its own module. */
export default [registerModerationActions, loadCrisisFiles, ensureIndexes, seedCategories, backfillAuthorAliases] satisfies Step[];
