import type { Step } from '@haven/shared/server/strapi';
import { getService } from './get-service';

function stopExpiryCheck() {
  getService('expiry').stop();
}

/** Named steps run in destroy(), in order. */
export default [stopExpiryCheck] satisfies Step[];
