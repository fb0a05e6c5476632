import type { Step } from '@haven/shared/server/strapi';
import { backfillPolicies } from './db/backfill';
import { ensureIndexes } from './db/indexes';
import { config, getService } from './get-service';

/** Starts the background work: hold sweeper, reminders, external calendars, directory next-slot refresher. */
function startWorkers() {
  getService('notifications').start();
  if (!config().workers) return;
  getService('payment-hook').startSweeper();
  getService('reminders').start();
  getService('calendars').start();
  getService('directory').startRefresher();
}

/** Named steps run in bootstrap(), in order. Each lives in its own module. */
export default [ensureIndexes, backfillPolicies, startWorkers] satisfies Step[];
