import type { Step } from '@haven/shared/server/strapi';
import { getService } from './get-service';

/** Stops the deferred-notice worker and waits for a pass under way (a claimed notice is either sent and marked, or left to its lease). */
async function stopWorker() {
  await getService('deferred').stop();
}

/** Named steps run in destroy(). */
export default [stopWorker] satisfies Step[];
