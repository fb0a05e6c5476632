import type { Step } from '@haven/shared/server/strapi';
import { getService } from './get-service';

async function stopWorkers() {
  getService('notifications').stop();
  await Promise.all([getService('directory').stopRefresher(), getService('payment-hook').stopSweeper(), getService('reminders').stop(), getService('calendars').stop()]);
  await getService('events').idle();
  getService('events').clear();
}

/** Named steps run in destroy(): stop workers, let running event handlers finish. */
export default [stopWorkers] satisfies Step[];
