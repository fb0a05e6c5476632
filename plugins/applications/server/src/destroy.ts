import type { Step } from '@haven/shared/server/strapi';
import { getService } from './get-service';

/** Stops the licence-expiry check and waits for a run under way. */
async function stopExpiryCheck() {
  await getService('expiry').stop();
}

/** Named steps run in destroy(), in order. */
export default [stopExpiryCheck] satisfies Step[];
